import { z } from 'zod';
import type { App } from '../../app/create-app.js';
import type { Scope } from '../../core/profiles/index.js';
import { PostInputSchema, PostPatchSchema, PostStatusSchema, RenderedPosts, TimestampSchema, type Post, type PostListRequest, type PostPatch } from '../../core/posts/index.js';
import { defineOperation } from './operation.js';
import {
  HandleParam,
  IsoDateParam,
  LimitParam,
  PLATFORM_NAMES,
  PlatformParam,
  PostIdParam,
  STATUS_NAMES,
  StatusListParam,
  patchSchemaOf,
  splitStatuses,
} from './operation-schemas.js';

/** A post as the API returns it: the storage's identity key stays inside. */
export function postView<P extends Post>(post: P, handle?: string): Omit<P, 'dedupeKey'> & { handle?: string } {
  const { dedupeKey: _key, ...rest } = post;
  return handle === undefined ? rest : { ...rest, handle };
}

const listFilters = {
  platform: PlatformParam.optional(),
  status: StatusListParam.optional(),
  from: IsoDateParam.optional().describe('Only posts dated on or after this day, ISO-8601 (e.g. 2026-01-31).'),
  to: IsoDateParam.optional().describe('Only posts dated on or before this day, ISO-8601.'),
  search: z
    .string()
    .max(500)
    .optional()
    .describe('Full-text search: words (all must match), "quoted phrases", -excluded words. E.g. cold brew -iced.'),
  limit: LimitParam,
  cursor: z.string().max(500).optional().describe('The nextCursor of the previous page, to get the next page.'),
};

/** Each app's JSON of listed posts, kept by row version (SMM_LISTED_POST_CACHE entries). */
const listedJson = new WeakMap<App, RenderedPosts<string>>();

/** The app's kept JSON of listed posts (made on first use). */
export function listedPostJson(app: App): RenderedPosts<string> {
  let rendered = listedJson.get(app);
  if (!rendered) {
    rendered = new RenderedPosts((post) => JSON.stringify(postView(post)), app.config.listedPostCache);
    listedJson.set(app, rendered);
  }
  return rendered;
}

/**
 * list_posts and search_posts as JSON text, byte for byte JSON.stringify of
 * their `run` answer: the page's posts are read as row versions on every
 * call, and only those changed since they were last rendered are read in
 * full and rendered again (PostService.listRendered).
 */
async function listJson(app: App, scope: Scope, input: Omit<PostListRequest, 'status'> & { status?: string }): Promise<string> {
  const page = await app.posts.listRendered(scope, { ...input, status: splitStatuses(input.status) }, listedPostJson(app));
  return `{"posts":[${page.posts.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}

const LIST_RESULT =
  'Returns {"posts": [{id, handle, platform, text, threadParts, status, publishedAt, scheduledAt, engagement, tags, violations, ...}], "nextCursor"} newest first; pass nextCursor back as cursor for more. ' +
  'violations lists the platform rules an unpublished post breaks (empty when it can be approved as it is); threadParts holds the posts of a thread, in order.';

const ForceParam = z
  .boolean()
  .optional()
  .describe('true to approve or schedule the post even though it breaks its platform rules (only when the user says so). Default false.');

/** A post's violations, when its status needs it to pass the rules, are sent back as a refusal; else as warnings. */
const CHECK_NOTE =
  'The answer carries "violations": what the platform rules find in the post (too long, too many hashtags, banned words…). ' +
  'Approving or scheduling a post with violations is refused (error conflict, with the violations) unless force is true.';

export const listPosts = defineOperation({
  name: 'list_posts',
  summary: "List a profile's posts",
  description:
    "Lists one profile's posts (past posts, ideas, drafts, scheduled), newest first, with optional filters: platform, status, date range and full-text search. " +
    `Use it to look up what the voice said before or to find drafts to approve. Platforms: ${PLATFORM_NAMES}. Statuses: ${STATUS_NAMES}. ${LIST_RESULT}`,
  tag: 'posts',
  method: 'GET',
  path: '/profiles/{handle}/posts',
  readOnly: true,
  cacheable: true,
  input: z.object({ handle: HandleParam, ...listFilters }),
  async run(app, scope, input) {
    const page = await app.posts.listChecked(scope, { ...input, status: splitStatuses(input.status) });
    return { posts: page.posts.map((post) => postView(post)), nextCursor: page.nextCursor };
  },
  runJson: (app, scope, input) => listJson(app, scope, input),
});

export const searchPosts = defineOperation({
  name: 'search_posts',
  summary: 'Search posts of every profile',
  description:
    'Searches posts across every profile of the workspace (or one profile with handle), newest first, with the same filters as list_posts. ' +
    `Platforms: ${PLATFORM_NAMES}. Statuses: ${STATUS_NAMES}. ${LIST_RESULT}`,
  tag: 'posts',
  method: 'GET',
  path: '/posts',
  readOnly: true,
  cacheable: true,
  input: z.object({ handle: HandleParam.optional(), ...listFilters }),
  async run(app, scope, input) {
    const page = await app.posts.listChecked(scope, { ...input, status: splitStatuses(input.status) });
    return { posts: page.posts.map((post) => postView(post)), nextCursor: page.nextCursor };
  },
  runJson: (app, scope, input) => listJson(app, scope, input),
});

export const getPost = defineOperation({
  name: 'get_post',
  summary: 'Get a post',
  description:
    'Returns one post by id with its profile handle, text (and threadParts for a thread), platform, status, dates, engagement, tags, ' +
    'its violations of the platform rules, and for a generated draft the generation that wrote it ({model, promptVersion, topic, examples: [{postId, text}]}).',
  tag: 'posts',
  method: 'GET',
  path: '/posts/{id}',
  readOnly: true,
  cacheable: true,
  input: z.object({ id: PostIdParam }),
  async run(app, scope, input) {
    const { post, profile, generation } = await app.posts.inspect(scope, input.id);
    return { ...postView(post, profile.handle), generation };
  },
});

export const createPost = defineOperation({
  name: 'create_post',
  summary: 'Write a post',
  description:
    'Saves a post the user wrote (or an idea) for a profile. ' +
    `platform is one of: ${PLATFORM_NAMES}. status is one of: ${STATUS_NAMES} (default draft). ` +
    'Without status, a post with publishedAt is published and any other a draft. scheduledAt / publishedAt are ISO-8601 date-times; status scheduled needs a scheduledAt to come. ' +
    'For a thread, give threadParts (its posts in order). Returns the saved post with its id. ' +
    CHECK_NOTE,
  tag: 'posts',
  method: 'POST',
  path: '/profiles/{handle}/posts',
  readOnly: false,
  input: PostInputSchema.omit({ source: true, generationId: true })
    .extend({ status: PostStatusSchema.optional().describe(`One of: ${STATUS_NAMES}. Default: published with publishedAt, else draft.`) })
    .extend({ handle: HandleParam, force: ForceParam }),
  async run(app, scope, input) {
    const { handle, force, ...fields } = input;
    return postView(await app.posts.add(scope, handle, fields, { force }), handle);
  },
});

export const updatePost = defineOperation({
  name: 'update_post',
  summary: 'Change a post',
  description:
    'Changes some fields of a post (text, platform, status, dates, tags, engagement); fields you leave out stay as they are. ' +
    `Status changes follow the lifecycle idea → draft → approved → scheduled → published (or archived); statuses: ${STATUS_NAMES}. ` +
    'Changing the text of a thread without new threadParts splits it again. Returns the changed post. ' +
    CHECK_NOTE,
  tag: 'posts',
  method: 'PATCH',
  path: '/posts/{id}',
  readOnly: false,
  input: patchSchemaOf(PostPatchSchema).extend({ id: PostIdParam, force: ForceParam }),
  async run(app, scope, input) {
    const { id, force, ...patch } = input;
    return postView(await app.posts.update(scope, id as number, patch as PostPatch, { force: force as boolean | undefined }));
  },
});

export const setPostStatus = defineOperation({
  name: 'set_post_status',
  summary: "Change a post's status",
  description:
    `Moves a post to another status: one of ${STATUS_NAMES}. Allowed moves: idea→draft; draft→approved; approved→scheduled or published; ` +
    'scheduled→published; any→archived; archived→draft or idea. scheduledAt (ISO-8601, still to come) is needed to schedule. Returns the changed post. ' +
    CHECK_NOTE,
  tag: 'posts',
  method: 'POST',
  path: '/posts/{id}/status',
  readOnly: false,
  input: z.object({
    id: PostIdParam,
    status: PostStatusSchema.describe(`The new status. One of: ${STATUS_NAMES}.`),
    scheduledAt: TimestampSchema.optional().describe('When to publish, ISO-8601 date-time (needed with status scheduled).'),
    force: ForceParam,
  }),
  async run(app, scope, input) {
    return postView(await app.posts.setStatus(scope, input.id, input.status, input.scheduledAt, { force: input.force }));
  },
});

export const approvePost = defineOperation({
  name: 'approve_post',
  summary: 'Approve a draft',
  description:
    'Approves a draft or idea (status → approved) once the user is happy with it; an approved or scheduled post stays as it is. ' +
    `Returns the approved post. ${CHECK_NOTE}`,
  tag: 'posts',
  method: 'POST',
  path: '/posts/{id}/approve',
  readOnly: false,
  input: z.object({ id: PostIdParam, force: ForceParam }),
  async run(app, scope, input) {
    return postView(await app.posts.advance(scope, input.id, { to: 'approved', force: input.force }));
  },
});

export const schedulePost = defineOperation({
  name: 'schedule_post',
  summary: 'Schedule a post',
  description:
    'Schedules a post for a date and time still to come: ISO-8601 with an offset (2026-12-01T09:00:00+01:00 or …Z), or a local "2026-12-01 09:00" with timeZone (an IANA name such as Europe/Berlin). ' +
    `A draft or idea is approved on the way; a scheduled post gets the new time. Returns the scheduled post. ${CHECK_NOTE}`,
  tag: 'posts',
  method: 'POST',
  path: '/posts/{id}/schedule',
  readOnly: false,
  input: z.object({
    id: PostIdParam,
    scheduledAt: z
      .string()
      .trim()
      .min(1, 'Give the time to publish at, e.g. 2026-12-01T09:00:00Z.')
      .max(60)
      .describe('When to publish: ISO-8601 with an offset (2026-12-01T09:00:00Z), or local "2026-12-01 09:00" together with timeZone.'),
    timeZone: z.string().trim().min(1).max(64).optional().describe('IANA time zone of a local scheduledAt, e.g. Europe/Berlin or America/New_York.'),
    force: ForceParam,
  }),
  async run(app, scope, input) {
    return postView(await app.posts.advance(scope, input.id, { to: 'scheduled', at: input.scheduledAt, timeZone: input.timeZone, force: input.force }));
  },
});

export const deletePost = defineOperation({
  name: 'delete_post',
  summary: 'Delete a post',
  description: 'Deletes one post for good. To keep it but hide it, use set_post_status with status archived. Returns {"deleted": id}.',
  tag: 'posts',
  method: 'DELETE',
  path: '/posts/{id}',
  readOnly: false,
  input: z.object({ id: PostIdParam }),
  async run(app, scope, input) {
    const post = await app.posts.remove(scope, input.id);
    return { deleted: post.id };
  },
});

export const postOperations = [listPosts, searchPosts, getPost, createPost, updatePost, setPostStatus, approvePost, schedulePost, deletePost];
