import type { Insertable, Selectable } from 'kysely';
import type { Platform } from '../../core/platforms/index.js';
import { VoiceGuideSchema, type Profile, type ProfileFields } from '../../core/profiles/index.js';
import type { ProfileTable } from './database-schema.js';

export type ProfileRow = Selectable<ProfileTable> & { workspace: string };

/** The profile columns plus the workspace's name, for a select joined on workspaces. */
export const PROFILE_SELECTION = [
  'profiles.id',
  'profiles.workspace_id',
  'profiles.handle',
  'profiles.owner',
  'profiles.display_name',
  'profiles.description',
  'profiles.audience',
  'profiles.platforms',
  'profiles.language',
  'profiles.voice',
  'profiles.archived',
  'profiles.created_at',
  'profiles.updated_at',
  'workspaces.name as workspace',
] as const;

export function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    workspace: row.workspace,
    owner: row.owner,
    handle: row.handle,
    displayName: row.display_name,
    description: row.description,
    audience: row.audience,
    platforms: JSON.parse(row.platforms) as Platform[],
    language: row.language,
    // Parsed, not cast: a guide stored before a field existed gets that field's default.
    voice: VoiceGuideSchema.parse(JSON.parse(row.voice)),
    archived: Number(row.archived) !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns a create or update writes from the profile's fields. */
export function profileFieldValues(fields: ProfileFields): Omit<Insertable<ProfileTable>, 'workspace_id' | 'owner' | 'archived' | 'created_at' | 'updated_at'> {
  return {
    handle: fields.handle,
    display_name: fields.displayName,
    description: fields.description,
    audience: fields.audience,
    platforms: JSON.stringify(fields.platforms),
    language: fields.language,
    voice: JSON.stringify(fields.voice),
  };
}
