import { ConflictError, ProfileNotFoundError } from '../errors.js';
import type { ProfileRepository, Workspace } from '../ports.js';
import { parseInput } from '../validation.js';
import {
  ProfileInputSchema,
  ProfilePatchSchema,
  VoiceGuideSchema,
  type Profile,
  type ProfileInput,
  type ProfilePatch,
} from './profile-schema.js';

/** Who is asking: the workspace, and optionally an owner inside it (an Open WebUI user). */
export interface Scope {
  workspace: string;
  /** When set, the caller sees shared profiles and its own, and creates its own. */
  owner?: string | null;
}

/** Profiles: create, read, edit, archive, delete; a handle is unique per workspace. */
export class ProfileService {
  constructor(private readonly profiles: ProfileRepository) {}

  async create(scope: Scope, input: ProfileInput): Promise<Profile> {
    const fields = parseInput(ProfileInputSchema, input, 'profile');
    await this.profiles.ensureWorkspace(scope.workspace);
    const existing = await this.profiles.findByHandle(scope.workspace, fields.handle);
    if (existing) {
      throw new ConflictError(
        `A profile "${fields.handle}" already exists in workspace "${scope.workspace}".`,
        `Choose another handle, or change it with \`smm profile edit ${fields.handle}\`.`,
        { handle: fields.handle },
      );
    }
    return this.profiles.create(scope.workspace, fields, scope.owner ?? null);
  }

  /** The profile, or ProfileNotFoundError listing the handles the caller can see. */
  async get(scope: Scope, handle: string): Promise<Profile> {
    const key = handle.trim().toLowerCase();
    const profile = await this.profiles.findByHandle(scope.workspace, key);
    if (profile && this.visible(scope, profile)) return profile;
    const known = (await this.list(scope)).map((item) => item.handle);
    throw new ProfileNotFoundError(key, scope.workspace, known);
  }

  /** The profile with this id if the caller's scope can see it, else undefined. */
  async findById(scope: Scope, id: number): Promise<Profile | undefined> {
    const profile = await this.profiles.findById(id);
    return profile && profile.workspace === scope.workspace && this.visible(scope, profile) ? profile : undefined;
  }

  /** The scope's workspace, created on first use (reindexing and settings are per workspace). */
  workspace(scope: Scope): Promise<Workspace> {
    return this.profiles.ensureWorkspace(scope.workspace);
  }

  list(scope: Scope, options: { includeArchived?: boolean } = {}): Promise<Profile[]> {
    return this.profiles.list(scope.workspace, { owner: scope.owner ?? undefined, includeArchived: options.includeArchived });
  }

  async update(scope: Scope, handle: string, patch: ProfilePatch & { archived?: boolean }): Promise<Profile> {
    const current = await this.get(scope, handle);
    const changes = parseInput(ProfilePatchSchema, patch, 'profile changes');
    if (changes.handle && changes.handle !== current.handle) {
      const taken = await this.profiles.findByHandle(scope.workspace, changes.handle);
      if (taken) throw new ConflictError(`The handle "${changes.handle}" is taken in workspace "${scope.workspace}".`, 'Pick another handle.');
    }
    // Only the fields the caller named change: the schema's defaults must not overwrite the rest.
    const named = pick(changes, Object.keys(patch));
    const voice = VoiceGuideSchema.parse({ ...current.voice, ...pick(changes.voice ?? {}, Object.keys(patch.voice ?? {})) });
    const { id: _id, workspace: _workspace, owner: _owner, createdAt: _created, updatedAt: _updated, archived, ...fields } = current;
    return this.profiles.update(current.id, {
      ...fields,
      ...named,
      voice,
      archived: patch.archived ?? archived,
    });
  }

  async remove(scope: Scope, handle: string): Promise<Profile> {
    const profile = await this.get(scope, handle);
    await this.profiles.delete(profile.id);
    return profile;
  }

  private visible(scope: Scope, profile: Profile): boolean {
    return scope.owner == null || profile.owner == null || profile.owner === scope.owner;
  }
}

/** The entries of `value` whose keys were given (and are not undefined), without `voice`. */
function pick<T extends object>(value: T, keys: string[]): Partial<T> {
  const wanted = new Set(keys.filter((key) => key !== 'voice' && key !== 'archived'));
  return Object.fromEntries(Object.entries(value).filter(([key, entry]) => wanted.has(key) && entry !== undefined)) as Partial<T>;
}
