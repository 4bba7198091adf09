import { ConflictError } from '../../core/errors.js';
import type { ProfileRepository, Workspace } from '../../core/ports.js';
import type { Profile, ProfileFields } from '../../core/profiles/index.js';
import { compiledQueriesOf } from './compiled-queries.js';
import { queueOutboxForPosts } from './outbox-writes.js';
import { missingProfile } from './post-owner.js';
import { PROFILE_SELECTION, profileFieldValues, toProfile } from './profile-rows.js';
import { nowIso, type StorageContext } from './storage-context.js';
import { isUniqueViolation } from './storage-errors.js';
import { ensureWorkspace } from './workspace-lookup.js';

function handleTaken(handle: string, workspace: string): ConflictError {
  return new ConflictError(
    `A profile "${handle}" already exists in workspace "${workspace}".`,
    `Choose another handle, or edit the existing one with \`smm profile edit ${handle}\`.`,
    { handle, workspace },
  );
}

export class KyselyProfileRepository implements ProfileRepository {
  constructor(private readonly context: StorageContext) {}

  ensureWorkspace(name: string): Promise<Workspace> {
    return ensureWorkspace(this.context.db, name, nowIso(this.context));
  }

  async create(workspace: string, fields: ProfileFields, owner: string | null = null): Promise<Profile> {
    const { id: workspaceId } = await this.ensureWorkspace(workspace);
    const now = nowIso(this.context);
    const row = await this.context.db
      .insertInto('profiles')
      .values({ ...profileFieldValues(fields), workspace_id: workspaceId, owner, archived: 0, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.columns(['workspace_id', 'handle']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw handleTaken(fields.handle, workspace);
    return this.mustFind(row.id);
  }

  async findByHandle(workspace: string, handle: string): Promise<Profile | undefined> {
    // Asked by every request that names a profile: the query is compiled once.
    const [row] = await compiledQueriesOf(this.context.db).rows(
      'profiles.byHandle',
      (slot) => this.select().where('workspaces.name', '=', slot(0)).where('profiles.handle', '=', slot(1)),
      [workspace, handle],
    );
    return row && toProfile(row);
  }

  async findById(id: number): Promise<Profile | undefined> {
    const [row] = await compiledQueriesOf(this.context.db).rows('profiles.byId', (slot) => this.select().where('profiles.id', '=', slot(0)), [id]);
    return row && toProfile(row);
  }

  async list(workspace: string, options: { owner?: string | null; includeArchived?: boolean } = {}): Promise<Profile[]> {
    const { owner, includeArchived = false } = options;
    const rows = await this.select()
      .where('workspaces.name', '=', workspace)
      .$if(!includeArchived, (query) => query.where('profiles.archived', '=', 0))
      .$if(owner !== undefined, (query) =>
        query.where((eb) => (owner === null ? eb('profiles.owner', 'is', null) : eb.or([eb('profiles.owner', '=', owner ?? ''), eb('profiles.owner', 'is', null)]))),
      )
      .orderBy('profiles.handle')
      .execute();
    return rows.map(toProfile);
  }

  async update(id: number, fields: ProfileFields & { archived?: boolean }): Promise<Profile> {
    const current = await this.findById(id);
    if (!current) throw missingProfile(id);
    try {
      await this.context.db
        .updateTable('profiles')
        .set({
          ...profileFieldValues(fields),
          archived: (fields.archived ?? current.archived) ? 1 : 0,
          updated_at: nowIso(this.context),
        })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw handleTaken(fields.handle, current.workspace);
      throw error;
    }
    return this.mustFind(id);
  }

  async delete(id: number): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const profile = await trx.selectFrom('profiles').select(['id', 'workspace_id']).where('id', '=', id).executeTakeFirst();
      if (!profile) return;
      await queueOutboxForPosts(trx, { workspaceId: profile.workspace_id, profileId: id }, 'delete');
      // Posts and generations go by ON DELETE CASCADE (and, on SQLite, the FTS rows by trigger).
      await trx.deleteFrom('profiles').where('id', '=', id).execute();
    });
  }

  private select() {
    return this.context.db.selectFrom('profiles').innerJoin('workspaces', 'workspaces.id', 'profiles.workspace_id').select(PROFILE_SELECTION);
  }

  private async mustFind(id: number): Promise<Profile> {
    const profile = await this.findById(id);
    if (!profile) throw missingProfile(id);
    return profile;
  }
}
