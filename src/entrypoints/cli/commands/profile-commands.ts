import { readFile } from 'node:fs/promises';
import { ConflictError, InvalidInputError } from '../../../core/errors.js';
import type { Profile, ProfilePatch } from '../../../core/profiles/index.js';
import type { CliContext } from '../cli-context.js';
import { splitList, table, truncate } from '../format-text.js';

interface ProfileOptions {
  name?: string;
  description?: string;
  audience?: string;
  platforms?: string;
  language?: string;
  tone?: string;
  do?: string[];
  dont?: string[];
  emoji?: string;
  hashtags?: string;
  banned?: string;
  signOff?: string;
  fromJson?: string;
  handle?: string;
  archive?: boolean;
  unarchive?: boolean;
  all?: boolean;
  yes?: boolean;
}

async function fieldsFrom(options: ProfileOptions): Promise<ProfilePatch> {
  const base: ProfilePatch = options.fromJson ? await readJson(options.fromJson) : {};
  const voice = {
    ...(base.voice ?? {}),
    ...defined({
      tone: options.tone,
      do: options.do,
      dont: options.dont,
      emojiPolicy: options.emoji,
      hashtagPolicy: options.hashtags,
      bannedWords: splitList(options.banned),
      signOff: options.signOff,
    }),
  } as ProfilePatch['voice'];
  return {
    ...base,
    ...defined({
      displayName: options.name,
      description: options.description,
      audience: options.audience,
      platforms: splitList(options.platforms),
      language: options.language,
      handle: options.handle,
    }),
    voice,
  } as ProfilePatch;
}

async function readJson(file: string): Promise<ProfilePatch> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the root is not an object');
    return parsed as ProfilePatch;
  } catch (error) {
    throw new InvalidInputError(`Cannot read profile JSON from ${file}: ${(error as Error).message}.`, {
      cause: error,
      hint: 'Give a JSON object like the output of `smm profile show <handle> --json`.',
    });
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

export function describeProfile(profile: Profile): string {
  const voice = profile.voice;
  const lines = [
    `${profile.displayName} (@${profile.handle})${profile.archived ? ' [archived]' : ''}`,
    `  workspace:   ${profile.workspace}${profile.owner ? ` (owner ${profile.owner})` : ''}`,
    `  platforms:   ${profile.platforms.join(', ') || '—'}`,
    `  language:    ${profile.language}`,
    `  description: ${profile.description || '—'}`,
    `  audience:    ${profile.audience || '—'}`,
    'Voice guide',
    `  tone:        ${voice.tone || '—'}`,
    `  do:          ${voice.do.join('; ') || '—'}`,
    `  don't:       ${voice.dont.join('; ') || '—'}`,
    `  emoji:       ${voice.emojiPolicy}`,
    `  hashtags:    ${voice.hashtagPolicy}`,
    `  banned:      ${voice.bannedWords.join(', ') || '—'}`,
    `  sign-off:    ${voice.signOff || '—'}`,
  ];
  return lines.join('\n');
}

export async function profileAdd(context: CliContext, handle: unknown, options: ProfileOptions): Promise<void> {
  const app = await context.app();
  const fields = await fieldsFrom(options);
  const profile = await app.profiles.create(context.scope, {
    ...fields,
    handle: String(handle),
    displayName: fields.displayName ?? String(handle),
  } as Parameters<typeof app.profiles.create>[1]);
  context.print(profile, () => `Created profile @${profile.handle}.\n${describeProfile(profile)}`);
}

export async function profileList(context: CliContext, options: ProfileOptions): Promise<void> {
  const app = await context.app();
  const profiles = await app.profiles.list(context.scope, { includeArchived: options.all });
  context.print(profiles, () =>
    profiles.length === 0
      ? `No profiles in workspace "${context.scope.workspace}" yet. Create one with: smm profile add <handle> --name "..."`
      : table(
          ['HANDLE', 'NAME', 'PLATFORMS', 'LANG', 'UPDATED'],
          profiles.map((profile) => [
            profile.handle + (profile.archived ? ' (archived)' : ''),
            truncate(profile.displayName, 30),
            profile.platforms.join(',') || '—',
            profile.language,
            profile.updatedAt.slice(0, 10),
          ]),
        ),
  );
}

export async function profileShow(context: CliContext, handle: unknown): Promise<void> {
  const app = await context.app();
  const profile = await app.profiles.get(context.scope, String(handle));
  const posts = await app.posts.count(context.scope, profile.handle);
  context.print({ ...profile, postCount: posts }, () => `${describeProfile(profile)}\n  posts:       ${posts}`);
}

export async function profileEdit(context: CliContext, handle: unknown, options: ProfileOptions): Promise<void> {
  if (options.archive && options.unarchive) throw new InvalidInputError('Use --archive or --unarchive, not both.');
  const app = await context.app();
  const fields = await fieldsFrom(options);
  const archived = options.archive ? true : options.unarchive ? false : undefined;
  const profile = await app.profiles.update(context.scope, String(handle), { ...fields, ...(archived === undefined ? {} : { archived }) });
  context.print(profile, () => `Updated profile @${profile.handle}.\n${describeProfile(profile)}`);
}

export async function profileRemove(context: CliContext, handle: unknown, options: ProfileOptions): Promise<void> {
  const app = await context.app();
  const profile = await app.profiles.get(context.scope, String(handle));
  if (!options.yes) {
    const count = await app.posts.count(context.scope, profile.handle);
    throw new ConflictError(
      `Deleting @${profile.handle} also deletes its ${count} posts.`,
      `Run \`smm profile rm ${profile.handle} --yes\` to confirm, or \`smm profile edit ${profile.handle} --archive\` to keep it hidden instead.`,
    );
  }
  await app.profiles.remove(context.scope, profile.handle);
  context.print({ deleted: profile.handle }, () => `Deleted profile @${profile.handle} and its posts.`);
}
