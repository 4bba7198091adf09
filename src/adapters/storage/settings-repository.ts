import { NotFoundError } from '../../core/errors.js';
import type { SettingsRepository } from '../../core/ports.js';
import type { StorageContext } from './storage-context.js';
import { isForeignKeyViolation } from './storage-errors.js';

export class KyselySettingsRepository implements SettingsRepository {
  constructor(private readonly context: StorageContext) {}

  async get(workspaceId: number, key: string): Promise<string | undefined> {
    const row = await this.context.db
      .selectFrom('settings')
      .select('value')
      .where('workspace_id', '=', workspaceId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  async set(workspaceId: number, key: string, value: string): Promise<void> {
    try {
      await this.context.db
        .insertInto('settings')
        .values({ workspace_id: workspaceId, key, value })
        .onConflict((conflict) => conflict.columns(['workspace_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
        .execute();
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new NotFoundError('workspace', String(workspaceId), 'Settings belong to an existing workspace; create it first.');
      throw error;
    }
  }
}
