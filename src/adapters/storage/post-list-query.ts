import { InvalidInputError } from '../../core/errors.js';
import type { PostPage, PostQuery } from '../../core/ports.js';
import { decodeCursor, encodeCursor } from './post-cursor.js';
import { POST_COLUMNS, normalizeTimestamp, toPost } from './post-rows.js';
import { searchConditions } from './post-search-filter.js';
import { isEmptySearch, parseSearch } from './search-query.js';
import type { StorageContext } from './storage-context.js';

/** The most posts one page returns, whatever the caller asks. */
export const MAX_PAGE_SIZE = 1000;

/**
 * One page of posts, newest first (published, else scheduled, else created;
 * then id), by keyset: the cursor is the last row's (sort_at, id), so a page
 * costs the same at any depth and rows inserted meanwhile do not shift it.
 */
export async function listPosts(context: StorageContext, query: PostQuery): Promise<PostPage> {
  const { select, limit } = buildListQuery(context, query);
  const rows = await select.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    posts: page.map(toPost),
    nextCursor: rows.length > limit && last ? encodeCursor({ sortAt: last.sort_at, id: last.id }) : null,
  };
}

/** One batch of a profile's posts in id order, after the id `after` (keyset on the (profile_id, id) index). */
export function buildProfileBatchQuery(context: StorageContext, profileId: number, after: number, batchSize: number) {
  return context.db.selectFrom('posts').select(POST_COLUMNS).where('profile_id', '=', profileId).where('id', '>', after).orderBy('id').limit(batchSize);
}

/** The query of one page (limit + 1 rows, to know whether another page follows); exported for plan tests. */
export function buildListQuery(context: StorageContext, query: PostQuery) {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new InvalidInputError(`The page size must be a whole number of at least 1 (got ${query.limit}).`, { hint: `Ask for 1 to ${MAX_PAGE_SIZE} posts.` });
  }
  const limit = Math.min(query.limit, MAX_PAGE_SIZE);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const from = query.from === undefined ? undefined : normalizeTimestamp(query.from, 'from');
  const to = query.to === undefined ? undefined : normalizeTimestamp(query.to, 'to');
  const search = query.search === undefined ? undefined : parseSearch(query.search);
  const { db } = context;

  let select = db.selectFrom('posts').select(POST_COLUMNS);
  const { profileId, workspace } = query;
  if (profileId === undefined) {
    select = select.where('posts.workspace_id', '=', (eb) => eb.selectFrom('workspaces').select('workspaces.id').where('workspaces.name', '=', workspace));
  } else {
    // The workspace check is an uncorrelated EXISTS (evaluated once), not a second condition on
    // posts: with both, PostgreSQL may combine two bitmap scans and sort, instead of walking
    // the (profile_id, sort_at, id) index in order and stopping at the page size.
    select = select.where('posts.profile_id', '=', profileId).where(({ exists, selectFrom }) =>
      exists(
        selectFrom('profiles')
          .innerJoin('workspaces', 'workspaces.id', 'profiles.workspace_id')
          .select('profiles.id')
          .where('profiles.id', '=', profileId)
          .where('workspaces.name', '=', workspace),
      ),
    );
  }
  if (query.platform !== undefined) select = select.where('posts.platform', '=', query.platform);
  if (query.status !== undefined && query.status.length > 0) select = select.where('posts.status', 'in', query.status);
  if (from) select = select.where('posts.sort_at', '>=', from);
  if (to) select = select.where('posts.sort_at', '<=', to);
  if (cursor) {
    // The redundant `<=` lets both databases seek into the index instead of filtering from its start.
    select = select.where('posts.sort_at', '<=', cursor.sortAt).where((eb) =>
      eb.or([eb('posts.sort_at', '<', cursor.sortAt), eb.and([eb('posts.sort_at', '=', cursor.sortAt), eb('posts.id', '<', cursor.id)])]),
    );
  }
  if (search && !isEmptySearch(search)) {
    for (const condition of searchConditions(context.kind, search, profileId)) select = select.where(condition);
  }
  return { select: select.orderBy('posts.sort_at', 'desc').orderBy('posts.id', 'desc').limit(limit + 1), limit };
}
