import type { Post } from '../../core/posts/index.js';
import type { GenerationRecord, GenerationRepository, NewGeneration, NewPost } from '../../core/ports.js';
import { keepGeneratedText } from './edit-pair-repository.js';
import { generationValues, toGeneration } from './generation-rows.js';
import { findPostOwner } from './post-owner.js';
import { POST_COLUMNS, toPost } from './post-rows.js';
import { PostWriter } from './post-writes.js';
import { nowIso, type StorageContext } from './storage-context.js';

export class KyselyGenerationRepository implements GenerationRepository {
  private readonly writer: PostWriter;

  constructor(private readonly context: StorageContext) {
    this.writer = new PostWriter(context.kind);
  }

  /**
   * Saves the record and its drafts in one transaction; each draft gets the
   * record's id. A draft whose dedupe key the profile already has is not
   * stored twice: the existing post is returned in its place.
   */
  save(record: NewGeneration, drafts: NewPost[]): Promise<{ generation: GenerationRecord; posts: Post[] }> {
    return this.context.db.transaction().execute(async (trx) => {
      const owner = await findPostOwner(trx, record.profileId);
      const now = nowIso(this.context);
      const generation = toGeneration(
        await trx.insertInto('generations').values(generationValues(record, now)).returningAll().executeTakeFirstOrThrow(),
      );
      const posts: Post[] = [];
      for (const draft of drafts) {
        const inserted = await this.writer.insert(trx, owner, { ...draft, generationId: generation.id }, now);
        // Edit learning compares the approved text with this one, however often the draft is edited.
        if (inserted) await keepGeneratedText(trx, { postId: inserted.id, profileId: owner.profileId, platform: draft.platform, generationId: generation.id, text: draft.text }, now);
        const row =
          inserted ??
          (await trx
            .selectFrom('posts')
            .select(POST_COLUMNS)
            .where('profile_id', '=', owner.profileId)
            .where('platform', '=', draft.platform)
            .where('dedupe_key', '=', draft.dedupeKey)
            .executeTakeFirstOrThrow());
        posts.push(toPost(row));
      }
      return { generation, posts };
    });
  }

  async get(id: number): Promise<GenerationRecord | undefined> {
    const row = await this.context.db.selectFrom('generations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toGeneration(row);
  }
}
