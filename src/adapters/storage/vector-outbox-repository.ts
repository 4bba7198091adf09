import type { OutboxEntry, VectorOutbox } from '../../core/ports.js';
import { queueOutboxForPosts } from './outbox-writes.js';
import type { StorageContext } from './storage-context.js';
import { sqlLimit } from './sql-limit.js';

const ACK_CHUNK = 500;

export class KyselyVectorOutbox implements VectorOutbox {
  constructor(private readonly context: StorageContext) {}

  async pending(limit: number, workspaceId?: number): Promise<OutboxEntry[]> {
    const rows = await this.context.db
      .selectFrom('vector_outbox')
      .select(['seq', 'post_id', 'profile_id', 'workspace_id', 'operation'])
      .$if(workspaceId !== undefined, (query) => query.where('workspace_id', '=', workspaceId!))
      .orderBy('seq')
      .limit(sqlLimit(Math.max(0, limit)))
      .execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      postId: row.post_id,
      profileId: row.profile_id,
      workspaceId: row.workspace_id,
      operation: row.operation,
    }));
  }

  /**
   * Removes the entries by seq (a post re-queued since it was read has a new
   * seq and stays pending) and raises the index version of their profiles, in
   * one transaction: the changes are in the index now.
   */
  async ack(entries: readonly OutboxEntry[]): Promise<Map<number, number>> {
    const versions = new Map<number, number>();
    if (entries.length === 0) return versions;
    const profileIds = [...new Set(entries.map((entry) => entry.profileId))];
    await this.context.db.transaction().execute(async (trx) => {
      for (let start = 0; start < entries.length; start += ACK_CHUNK) {
        const seqs = entries.slice(start, start + ACK_CHUNK).map((entry) => entry.seq);
        await trx.deleteFrom('vector_outbox').where('seq', 'in', seqs).execute();
      }
      for (let start = 0; start < profileIds.length; start += ACK_CHUNK) {
        const ids = profileIds.slice(start, start + ACK_CHUNK);
        await trx
          .insertInto('vector_index_versions')
          .values(ids.map((profileId) => ({ profile_id: profileId, version: 1 })))
          .onConflict((conflict) => conflict.column('profile_id').doUpdateSet((eb) => ({ version: eb('vector_index_versions.version', '+', 1) })))
          .returning(['profile_id', 'version'])
          .execute()
          .then((rows) => rows.forEach((row) => versions.set(row.profile_id, Number(row.version))));
      }
    });
    return versions;
  }

  async indexVersion(profileId: number): Promise<number> {
    const row = await this.context.db.selectFrom('vector_index_versions').select('version').where('profile_id', '=', profileId).executeTakeFirst();
    return row ? Number(row.version) : 0;
  }

  async countPending(workspaceId?: number): Promise<number> {
    const row = await this.context.db
      .selectFrom('vector_outbox')
      .select((eb) => eb.fn.countAll().as('count'))
      .$if(workspaceId !== undefined, (query) => query.where('workspace_id', '=', workspaceId!))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  enqueueAll(scope: { workspaceId: number; profileId?: number }): Promise<number> {
    return this.context.db.transaction().execute((trx) => queueOutboxForPosts(trx, scope, 'upsert'));
  }
}
