import type { Kysely } from 'kysely';
import type { EditPair } from '../../core/learning/index.js';
import type { Platform } from '../../core/platforms/index.js';
import type { EditPairRepository } from '../../core/ports.js';
import type { Database } from './database-schema.js';
import type { StorageContext } from './storage-context.js';
import { sqlLimit } from './sql-limit.js';

export class KyselyEditPairRepository implements EditPairRepository {
  constructor(private readonly context: StorageContext) {}

  async recordApproved(postId: number, fields: { platform: Platform; approvedText: string; at: string }): Promise<boolean> {
    const result = await this.context.db
      .updateTable('edit_pairs')
      .set({ platform: fields.platform, approved_text: fields.approvedText, approved_at: fields.at })
      .where('post_id', '=', postId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listApproved(profileId: number, limit: number): Promise<EditPair[]> {
    const rows = await this.context.db
      .selectFrom('edit_pairs')
      .selectAll()
      .where('profile_id', '=', profileId)
      .where('approved_at', 'is not', null)
      .orderBy('approved_at', 'desc')
      .orderBy('post_id', 'desc')
      .limit(sqlLimit(Math.max(1, limit)))
      .execute();
    return rows.map((row) => ({
      postId: Number(row.post_id),
      profileId: Number(row.profile_id),
      platform: row.platform as Platform,
      generationId: row.generation_id === null ? null : Number(row.generation_id),
      generatedText: row.generated_text,
      approvedText: row.approved_text ?? '',
      generatedAt: row.created_at,
      approvedAt: row.approved_at ?? '',
    }));
  }
}

/** Keeps a new generated draft's text, in the transaction that saves the draft. */
export async function keepGeneratedText(
  trx: Kysely<Database>,
  draft: { postId: number; profileId: number; platform: Platform; generationId: number; text: string },
  now: string,
): Promise<void> {
  await trx
    .insertInto('edit_pairs')
    .values({
      post_id: draft.postId,
      profile_id: draft.profileId,
      platform: draft.platform,
      generation_id: draft.generationId,
      generated_text: draft.text,
      approved_text: null,
      created_at: now,
      approved_at: null,
    })
    .onConflict((conflict) => conflict.column('post_id').doNothing())
    .execute();
}
