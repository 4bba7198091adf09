import type { Selectable } from 'kysely';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { ApiKeyRecord, ApiKeyRepository } from '../../core/ports.js';
import { compiledQueriesOf } from './compiled-queries.js';
import type { ApiKeyTable } from './database-schema.js';
import { normalizeTimestamp } from './post-rows.js';
import { nowIso, type StorageContext } from './storage-context.js';
import { ensureWorkspace } from './workspace-lookup.js';

type ApiKeyRow = Selectable<ApiKeyTable> & { workspace: string };

function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    workspace: row.workspace,
    prefix: row.prefix,
    hash: row.hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export class KyselyApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly context: StorageContext) {}

  async create(key: { name: string; workspace: string; prefix: string; hash: string }): Promise<ApiKeyRecord> {
    const workspace = await ensureWorkspace(this.context.db, key.workspace, nowIso(this.context));
    const row = await this.context.db
      .insertInto('api_keys')
      .values({ workspace_id: workspace.id, name: key.name, prefix: key.prefix, hash: key.hash, created_at: nowIso(this.context) })
      .onConflict((conflict) => conflict.column('prefix').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new ConflictError(`An API key with prefix "${key.prefix}" already exists.`, 'Generate the key again: its prefix is random.', { prefix: key.prefix });
    const created = await this.select().where('api_keys.id', '=', row.id).executeTakeFirstOrThrow();
    return toApiKey(created);
  }

  async findByPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    // Every authenticated request asks this: the query is compiled once.
    const [row] = await compiledQueriesOf(this.context.db).rows('api_keys.byPrefix', (slot) => this.select().where('api_keys.prefix', '=', slot(0)), [prefix]);
    return row && toApiKey(row);
  }

  /** Every key (revoked ones too), oldest first, optionally of one workspace. */
  async list(workspace?: string): Promise<ApiKeyRecord[]> {
    const rows = await this.select()
      .$if(workspace !== undefined, (query) => query.where('workspaces.name', '=', workspace!))
      .orderBy('api_keys.id')
      .execute();
    return rows.map(toApiKey);
  }

  /** Revokes the key; revoking it again keeps the first revocation time. */
  async revoke(id: number): Promise<void> {
    const result = await this.context.db
      .updateTable('api_keys')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(nowIso(this.context))) }))
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new NotFoundError('api_key', String(id), 'List keys with `smm keys list` to find a valid id.');
    }
  }

  async touch(id: number, at: string): Promise<void> {
    await this.context.db.updateTable('api_keys').set({ last_used_at: normalizeTimestamp(at, 'lastUsedAt') }).where('id', '=', id).execute();
  }

  async countActive(): Promise<number> {
    const row = await this.context.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  private select() {
    return this.context.db
      .selectFrom('api_keys')
      .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
      .selectAll('api_keys')
      .select('workspaces.name as workspace');
  }
}
