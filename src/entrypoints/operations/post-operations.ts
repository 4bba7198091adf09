import { z } from 'zod';
import { PostInputSchema, PostPatchSchema, PostStatusSchema, TimestampSchema, type Post, type PostPatch } from '../../core/posts/post-schema.js';
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
export function postView(post: Post, handle?: string): Omit<Post, 'dedupeKey'> & { handle?: string } {
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

const LIST_RESULT =
  'Returns {"posts": [{id, platform, text, status, publishedAt, scheduledAt, engagement, tags, ...}], "nextCursor"} newest first; pass nextCursor back as cursor for more.';

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
    const page = await app.posts.list(scope, { ...input, status: splitStatuses(input.status) });
    return { posts: page.posts.map((post) => postView(post)), nextCursor: page.nextCursor };
  },
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
    const page = await app.posts.list(scope, { ...input, status: splitStatuses(input.status) });
    return { posts: page.posts.map((post) => postView(post)), nextCursor: page.nextCursor };
  },
});

export const getPost = defineOperation({
  name: 'get_post',
  summary: 'Get a post',
  description: 'Returns one post by id with its profile handle, text, platform, status, dates, engagement and tags.',
  tag: 'posts',
  method: 'GET',
  path: '/posts/{id}',
  readOnly: true,
  cacheable: true,
  input: z.object({ id: PostIdParam }),
  async run(app, scope, input) {
    const { post, profile } = await app.posts.get(scope, input.id);
    return postView(post, profile.handle);
  },
});

export const createPost = defineOperation({
  name: 'create_post',
  summary: 'Write a post',
  description:
    'Saves a post the user wrote (or an idea) for a profile. ' +
    `platform is one of: ${PLATFORM_NAMES}. status is one of: ${STATUS_NAMES} (default draft). ` +
    'scheduledAt / publishedAt are ISO-8601 date-times. Returns the saved post with its id.',
  tag: 'posts',
  method: 'POST',
  path: '/profiles/{handle}/posts',
  readOnly: false,
  input: PostInputSchema.omit({ source: true, generationId: true }).extend({ handle: HandleParam }),
  async run(app, scope, input) {
    const { handle, ...fields } = input;
    return postView(await app.posts.add(scope, handle, fields), handle);
  },
});

export const updatePost = defineOperation({
  name: 'update_post',
  summary: 'Change a post',
  description:
    'Changes some fields of a post (text, platform, status, dates, tags, engagement); fields you leave out stay as they are. ' +
    `Status changes follow the lifecycle idea → draft → approved → scheduled → published (or archived); statuses: ${STATUS_NAMES}. Returns the changed post.`,
  tag: 'posts',
  method: 'PATCH',
  path: '/posts/{id}',
  readOnly: false,
  input: patchSchemaOf(PostPatchSchema).extend({ id: PostIdParam }),
  async run(app, scope, input) {
    const { id, ...patch } = input;
    return postView(await app.posts.update(scope, id as number, patch as PostPatch));
  },
});

export const setPostStatus = defineOperation({
  name: 'set_post_status',
  summary: "Change a post's status",
  description:
    `Moves a post to another status: one of ${STATUS_NAMES}. Allowed moves: idea→draft; draft→approved; approved→scheduled or published; ` +
    'scheduled→published; any→archived; archived→draft or idea. scheduledAt (ISO-8601) is needed to schedule. Returns the changed post.',
  tag: 'posts',
  method: 'POST',
  path: '/posts/{id}/status',
  readOnly: false,
  input: z.object({
    id: PostIdParam,
    status: PostStatusSchema.describe(`The new status. One of: ${STATUS_NAMES}.`),
    scheduledAt: TimestampSchema.optional().describe('When to publish, ISO-8601 date-time (needed with status scheduled).'),
  }),
  async run(app, scope, input) {
    return postView(await app.posts.setStatus(scope, input.id, input.status, input.scheduledAt));
  },
});

export const approvePost = defineOperation({
  name: 'approve_post',
  summary: 'Approve a draft',
  description: 'Approves a draft post (status draft → approved) once the user is happy with it. Returns the approved post.',
  tag: 'posts',
  method: 'POST',
  path: '/posts/{id}/approve',
  readOnly: false,
  input: z.object({ id: PostIdParam }),
  async run(app, scope, input) {
    return postView(await app.posts.setStatus(scope, input.id, 'approved'));
  },
});

export const schedulePost = defineOperation({
  name: 'schedule_post',
  summary: 'Schedule a post',
  description:
    'Schedules a post for a date and time (ISO-8601, e.g. 2026-12-01T09:00:00Z). A draft is approved first, then scheduled. Returns the scheduled post.',
  tag: 'posts',
  method: 'POST',
  path: '/posts/{id}/schedule',
  readOnly: false,
  input: z.object({
    id: PostIdParam,
    scheduledAt: TimestampSchema.describe('When to publish, ISO-8601 date-time with a time zone, e.g. 2026-12-01T09:00:00Z.'),
  }),
  async run(app, scope, input) {
    const { post } = await app.posts.get(scope, input.id);
    if (post.status === 'draft' || post.status === 'idea') {
      if (post.status === 'idea') await app.posts.setStatus(scope, input.id, 'draft');
      await app.posts.setStatus(scope, input.id, 'approved');
    }
    return postView(await app.posts.setStatus(scope, input.id, 'scheduled', input.scheduledAt));
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
