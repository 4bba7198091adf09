import type { Kysely } from 'kysely';
import type { Workspace } from '../../core/ports.js';
import type { Database } from './database-schema.js';

/** Returns the workspace, creating it when missing (safe when two writers race). */
export async function ensureWorkspace(db: Kysely<Database>, name: string, now: string): Promise<Workspace> {
  const existing = await findWorkspace(db, name);
  if (existing) return existing;
  await db
    .insertInto('workspaces')
    .values({ name, created_at: now })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const created = await findWorkspace(db, name);
  if (!created) throw new Error(`Workspace "${name}" vanished right after it was created.`);
  return created;
}

export function findWorkspace(db: Kysely<Database>, name: string): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
}
