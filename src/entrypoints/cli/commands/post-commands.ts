import { readFile } from 'node:fs/promises';
import type { App } from '../../../app/create-app.js';
import { AppError, InvalidInputError } from '../../../core/errors.js';
import { parsePlatform, type Platform } from '../../../core/platforms/index.js';
import { POST_STATUSES, type PostPatch, type PostStatus } from '../../../core/posts/index.js';
import type { CliContext } from '../cli-context.js';
import { parseCount, splitList, table, truncate } from '../format-text.js';
import { describePost, warnViolations, type VoiceScoreView } from './post-view.js';

interface PostOptions {
  profile?: string;
  platform?: string;
  text?: string;
  file?: string;
  status?: string;
  scheduledAt?: string;
  publishedAt?: string;
  tags?: string;
  externalId?: string;
  url?: string;
  likes?: string;
  reposts?: string;
  replies?: string;
  impressions?: string;
  from?: string;
  to?: string;
  search?: string;
  limit?: string;
  cursor?: string;
  force?: boolean;
  part?: string[];
}

function platformOption(value: string | undefined): Platform | undefined {
  if (value === undefined) return undefined;
  const platform = parsePlatform(value);
  if (!platform) throw new InvalidInputError(`Unknown platform "${value}".`, { hint: 'Use one of: x, linkedin, instagram, threads, bluesky, mastodon, facebook.' });
  return platform;
}

function statusList(value: string | undefined): PostStatus[] | undefined {
  const items = splitList(value);
  for (const item of items ?? []) {
    if (!(POST_STATUSES as readonly string[]).includes(item)) {
      throw new InvalidInputError(`Unknown status "${item}".`, { hint: `Use one of: ${POST_STATUSES.join(', ')}.` });
    }
  }
  return items as PostStatus[] | undefined;
}

export function postId(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidInputError(`"${String(value)}" is not a post id.`, { hint: 'Post ids are whole numbers, as shown by `smm post list`.' });
  return id;
}

async function textFrom(options: PostOptions): Promise<string | undefined> {
  if (options.text !== undefined && options.file !== undefined) throw new InvalidInputError('Give the text with --text or --file, not both.');
  if (options.file === undefined) return options.text;
  try {
    return options.file === '-' ? await readStdin() : await readFile(options.file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`Cannot read ${options.file}: ${(error as Error).message}.`, { cause: error });
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function count(value: string | undefined, name: string): number | undefined {
  try {
    return parseCount(value, name);
  } catch (error) {
    throw new InvalidInputError((error as Error).message);
  }
}

function patchFrom(options: PostOptions, text: string | undefined): PostPatch {
  const engagement = { likes: count(options.likes, '--likes'), reposts: count(options.reposts, '--reposts'), replies: count(options.replies, '--replies'), impressions: count(options.impressions, '--impressions') };
  const hasEngagement = Object.values(engagement).some((value) => value !== undefined);
  const patch: Record<string, unknown> = {
    platform: platformOption(options.platform),
    text,
    status: options.status,
    scheduledAt: options.scheduledAt,
    publishedAt: options.publishedAt,
    tags: splitList(options.tags),
    externalId: options.externalId,
    url: options.url,
    threadParts: options.part,
  };
  if (hasEngagement) patch.engagement = Object.fromEntries(Object.entries(engagement).map(([key, value]) => [key, value ?? null]));
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as PostPatch;
}

export async function postAdd(context: CliContext, options: PostOptions): Promise<void> {
  const app = await context.app();
  const text = options.part ? options.part.join('\n\n') : await textFrom(options);
  if (text === undefined) throw new InvalidInputError('A post needs a text.', { hint: 'Pass --text "..." or --file path.txt (or --file - for stdin), or --part for each post of a thread.' });
  const post = await app.posts.add(context.scope, options.profile!, { ...patchFrom(options, text), source: 'written' } as Parameters<typeof app.posts.add>[2], {
    force: options.force,
  });
  warnViolations(context, post);
  context.print(post, () => `Added post ${post.id} (${post.status}).`);
}

export async function postList(context: CliContext, options: PostOptions): Promise<void> {
  const app = await context.app();
  const limit = count(options.limit, '--limit');
  const page = await app.posts.listChecked(context.scope, {
    handle: options.profile,
    platform: platformOption(options.platform),
    status: statusList(options.status),
    from: options.from,
    to: options.to,
    search: options.search,
    limit,
    cursor: options.cursor,
  });
  context.print(page, () => {
    if (page.posts.length === 0) return 'No posts match.';
    const rows = page.posts.map((post) => [
      String(post.id),
      (post.publishedAt ?? post.scheduledAt ?? post.createdAt).slice(0, 16).replace('T', ' '),
      `@${post.handle}`,
      post.platform,
      post.status,
      post.violations.length > 0 ? `! ${post.violations.length}` : '',
      truncate(post.threadParts ? `[thread of ${post.threadParts.length}] ${post.text}` : post.text, 60),
    ]);
    const invalid = page.posts.filter((post) => post.violations.length > 0).length;
    const legend = invalid > 0 ? `\n! = breaks its platform rules (${invalid} here): see \`smm post show ID\`.` : '';
    const more = page.nextCursor ? `\nMore: smm post list ... --cursor ${page.nextCursor}` : '';
    // Where each post went (published ones), when any on the page has an address.
    if (page.posts.some((post) => post.url)) {
      return table(['ID', 'DATE', 'PROFILE', 'PLATFORM', 'STATUS', 'RULES', 'TEXT', 'URL'], rows.map((row, index) => [...row, page.posts[index]!.url ?? ''])) + legend + more;
    }
    return table(['ID', 'DATE', 'PROFILE', 'PLATFORM', 'STATUS', 'RULES', 'TEXT'], rows) + legend + more;
  });
}

export async function postShow(context: CliContext, id: unknown): Promise<void> {
  const app = await context.app();
  const inspection = await app.posts.inspect(context.scope, postId(id));
  const voice = await voiceScoreOf(app, context, inspection.profile.handle, inspection.post.text);
  const { post, profile, generation } = inspection;
  context.print({ ...post, profile: profile.handle, voiceScore: voice, generation }, () => describePost(inspection, voice));
}

/** The voice score of a post, or why there is none (too few past posts): never a reason for `post show` to fail. */
async function voiceScoreOf(app: App, context: CliContext, handle: string, text: string): Promise<VoiceScoreView> {
  try {
    const result = await (await app.voice()).score(context.scope, handle, text);
    return { score: result.score, notes: result.notes, unavailable: null };
  } catch (error) {
    if (!AppError.isInstance(error)) throw error;
    return { score: null, notes: [], unavailable: error.message };
  }
}

export async function postEdit(context: CliContext, id: unknown, options: PostOptions): Promise<void> {
  const app = await context.app();
  const patch = patchFrom(options, await textFrom(options));
  if (Object.keys(patch).length === 0) throw new InvalidInputError('Nothing to change.', { hint: 'Pass at least one of --text, --status, --scheduled-at, --tags… (see `smm post edit --help`).' });
  const post = await app.posts.update(context.scope, postId(id), patch, { force: options.force });
  warnViolations(context, post);
  context.print(post, () => `Updated post ${post.id} (${post.status}).`);
}

export async function postRemove(context: CliContext, id: unknown): Promise<void> {
  const app = await context.app();
  const post = await app.posts.remove(context.scope, postId(id));
  context.print({ deleted: post.id }, () => `Deleted post ${post.id}.`);
}
