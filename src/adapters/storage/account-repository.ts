import type { Selectable } from 'kysely';
import { ConflictError } from '../../core/errors.js';
import type { AccountRepository, NewAccount, PublishingPlatform, StoredAccount } from '../../core/publishing/index.js';
import type { AccountTable } from './database-schema.js';
import { nowIso, type StorageContext } from './storage-context.js';
import { isUniqueViolation } from './storage-errors.js';

/** An accounts row as read, with its profile's handle joined. */
type AccountRow = Selectable<AccountTable> & { profile_handle: string };

function toAccount(row: AccountRow): StoredAccount {
  return {
    id: Number(row.id),
    profileId: Number(row.profile_id),
    profileHandle: row.profile_handle,
    platform: row.platform as PublishingPlatform,
    handle: row.handle,
    service: row.service,
    settings: JSON.parse(row.settings) as StoredAccount['settings'],
    sealedSecret: row.secret,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class KyselyAccountRepository implements AccountRepository {
  constructor(private readonly context: StorageContext) {}

  private select() {
    return this.context.db
      .selectFrom('accounts')
      .innerJoin('profiles', 'profiles.id', 'accounts.profile_id')
      .select([
        'accounts.id',
        'accounts.profile_id',
        'profiles.handle as profile_handle',
        'accounts.platform',
        'accounts.handle',
        'accounts.service',
        'accounts.settings',
        'accounts.secret',
        'accounts.created_at',
        'accounts.updated_at',
      ]);
  }

  async create(account: NewAccount): Promise<StoredAccount> {
    const now = nowIso(this.context);
    try {
      const row = await this.context.db
        .insertInto('accounts')
        .values({
          profile_id: account.profileId,
          platform: account.platform,
          handle: account.handle,
          service: account.service,
          settings: JSON.stringify(account.settings),
          secret: account.sealedSecret,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return toAccount(await this.select().where('accounts.id', '=', row.id).executeTakeFirstOrThrow());
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`This profile already has the ${account.platform} account "${account.handle}".`, 'Remove it first with `smm account rm ID` to replace its credential.');
      }
      throw error;
    }
  }

  async get(id: number): Promise<StoredAccount | undefined> {
    const row = await this.select().where('accounts.id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  }

  async list(workspace: string, profileId?: number): Promise<StoredAccount[]> {
    const rows = await this.select()
      .innerJoin('workspaces', 'workspaces.id', 'profiles.workspace_id')
      .where('workspaces.name', '=', workspace)
      .$if(profileId !== undefined, (query) => query.where('accounts.profile_id', '=', profileId!))
      .orderBy('accounts.id')
      .execute();
    return rows.map(toAccount);
  }

  async findFor(profileId: number, platform: PublishingPlatform): Promise<StoredAccount | undefined> {
    const row = await this.select().where('accounts.profile_id', '=', profileId).where('accounts.platform', '=', platform).orderBy('accounts.id').executeTakeFirst();
    return row && toAccount(row);
  }

  async delete(id: number): Promise<void> {
    await this.context.db.deleteFrom('accounts').where('id', '=', id).execute();
  }
}
