import type { Kysely } from 'kysely';
import { NotFoundError } from '../../core/errors.js';
import type { Database } from './database-schema.js';
import type { PostOwner } from './post-writes.js';

/** The profile a new post goes to, with its workspace; NotFoundError when the profile is gone. */
export async function findPostOwner(db: Kysely<Database>, profileId: number): Promise<PostOwner> {
  const row = await db.selectFrom('profiles').select('workspace_id').where('id', '=', profileId).executeTakeFirst();
  if (!row) throw missingProfile(profileId);
  return { profileId, workspaceId: row.workspace_id };
}

export function missingProfile(profileId: number): NotFoundError {
  return new NotFoundError('profile', String(profileId), 'The profile may have been deleted; list profiles with `smm profile list`.');
}
