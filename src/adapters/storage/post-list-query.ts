import { InvalidInputError } from '../../core/errors.js';
import type { Platform } from '../../core/platforms/index.js';
import type { PostPage, PostQuery, PostVersionPage } from '../../core/ports.js';
import type { PostStatus } from '../../core/posts/index.js';
import { arrayRows, compiledQueriesOf } from './compiled-queries.js';
import { decodeCursor, encodeCursor } from './post-cursor.js';
import { POST_COLUMNS, normalizeTimestamp, postRowFromValues, toPost } from './post-rows.js';
import { searchConditions } from './post-search-filter.js';
import { isEmptySearch, parseSearch, type ParsedSearch } from './search-query.js';
import type { StorageContext } from './storage-context.js';
import { sqlLimit } from './sql-limit.js';

/** The most posts one page returns, whatever the caller asks. */
export const MAX_PAGE_SIZE = 1000;

/**
 * One page of posts, newest first (published, else scheduled, else created;
 * then id), by keyset: the cursor is the last row's (sort_at, id), so a page
 * costs the same at any depth and rows inserted meanwhile do not shift it.
 */
export async function listPosts(context: StorageContext, query: PostQuery): Promise<PostPage> {
  const values = listValues(query);
  const { limit } = values;
  const rows = values.search ? await listSelect(context, values).execute() : (await compiledList(context, values, 'posts')).map(postRowFromValues);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    posts: page.map(toPost),
    nextCursor: rows.length > limit && last ? encodeCursor({ sortAt: last.sort_at, id: last.id }) : null,
  };
}

/** What listVersions reads of each post, in this order: the page's posts and the cursor, no content. */
const VERSION_COLUMNS = ['id', 'profile_id', 'row_version', 'sort_at'] as const;

/**
 * The page listPosts would return, as (id, profile, row version) only:
 * the same query and cursor, four small columns instead of every column
 * (materialising the values cost most of a page's query on SQLite).
 */
export async function listPostVersions(context: StorageContext, query: PostQuery): Promise<PostVersionPage> {
  const values = listValues(query);
  const { limit } = values;
  const rows = values.search
    ? (await listSelect(context, values).clearSelect().select(VERSION_COLUMNS).execute()).map((row) => [row.id, row.profile_id, row.row_version, row.sort_at])
    : await compiledList(context, values, 'versions');
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    posts: page.map((row) => ({ id: row[0] as number, profileId: row[1] as number, version: Number(row[2]) })),
    nextCursor: rows.length > limit && last ? encodeCursor({ sortAt: last[3] as string, id: last[0] as number }) : null,
  };
}

/**
 * A page without search, by a query Kysely builds and compiles once per
 * shape (which filters are present), run with this request's values; its
 * rows come back as arrays of the POST_COLUMNS values.
 */
function compiledList(context: StorageContext, values: ListValues, columns: 'posts' | 'versions') {
  const statuses = values.status ?? [];
  const shape = [
    columns === 'posts' ? 'posts.list' : 'posts.versions',
    values.profileId === undefined ? 'workspace' : 'profile',
    values.platform === undefined ? '' : 'platform',
    statuses.length,
    values.from === undefined ? '' : 'from',
    values.to === undefined ? '' : 'to',
    values.cursor === undefined ? '' : 'cursor',
    // The limit is written into the SQL (sqlLimit), so it names the shape too.
    values.fetch,
  ].join(':');
  // Slot 7 is unused (it held the limit); the statuses stay at 8 and after.
  const flat = [values.workspace, values.profileId, values.platform, values.from, values.to, values.cursor?.sortAt, values.cursor?.id, undefined, ...statuses];
  const query = compiledQueriesOf(context.db).bind(
    shape,
    (slot) => {
      const select = listSelect(context, {
        workspace: slot(0),
        profileId: values.profileId === undefined ? undefined : slot(1),
        platform: values.platform === undefined ? undefined : slot(2),
        from: values.from === undefined ? undefined : slot(3),
        to: values.to === undefined ? undefined : slot(4),
        cursor: values.cursor === undefined ? undefined : { sortAt: slot(5), id: slot(6) },
        fetch: values.fetch,
        status: statuses.length === 0 ? undefined : statuses.map((_, index) => slot(8 + index)),
        limit: values.limit,
        search: undefined,
      });
      return columns === 'posts' ? select : select.clearSelect().select(VERSION_COLUMNS);
    },
    flat,
  );
  return arrayRows(context, query);
}

/** One batch of a profile's posts in id order, after the id `after` (keyset on the (profile_id, id) index). */
export function buildProfileBatchQuery(context: StorageContext, profileId: number, after: number, batchSize: number) {
  return context.db.selectFrom('posts').select(POST_COLUMNS).where('profile_id', '=', profileId).where('id', '>', after).orderBy('id').limit(sqlLimit(batchSize));
}

/** A page query's values, checked and normalised. */
interface ListValues {
  workspace: string;
  profileId: number | undefined;
  platform: Platform | undefined;
  status: readonly PostStatus[] | undefined;
  from: string | undefined;
  to: string | undefined;
  cursor: { sortAt: string; id: number } | undefined;
  search: ParsedSearch | undefined;
  /** The page size. */
  limit: number;
  /** Rows to fetch: one more than the page, to know whether another page follows. */
  fetch: number;
}

function listValues(query: PostQuery): ListValues {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new InvalidInputError(`The page size must be a whole number of at least 1 (got ${query.limit}).`, { hint: `Ask for 1 to ${MAX_PAGE_SIZE} posts.` });
  }
  const limit = Math.min(query.limit, MAX_PAGE_SIZE);
  const search = query.search === undefined ? undefined : parseSearch(query.search);
  return {
    workspace: query.workspace,
    profileId: query.profileId,
    platform: query.platform,
    status: query.status !== undefined && query.status.length > 0 ? query.status : undefined,
    from: query.from === undefined ? undefined : (normalizeTimestamp(query.from, 'from') ?? undefined),
    to: query.to === undefined ? undefined : (normalizeTimestamp(query.to, 'to') ?? undefined),
    cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
    search: search && !isEmptySearch(search) ? search : undefined,
    limit,
    fetch: limit + 1,
  };
}

/** The query of one page (limit + 1 rows, to know whether another page follows); exported for plan tests. */
export function buildListQuery(context: StorageContext, query: PostQuery) {
  const values = listValues(query);
  return { select: listSelect(context, values), limit: values.limit };
}

function listSelect(context: StorageContext, values: ListValues) {
  const { db } = context;
  let select = db.selectFrom('posts').select(POST_COLUMNS);
  const { profileId, workspace, cursor, search } = values;
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
  if (values.platform !== undefined) select = select.where('posts.platform', '=', values.platform);
  if (values.status !== undefined) select = select.where('posts.status', 'in', [...values.status]);
  if (values.from !== undefined) select = select.where('posts.sort_at', '>=', values.from);
  if (values.to !== undefined) select = select.where('posts.sort_at', '<=', values.to);
  if (cursor) {
    // The redundant `<=` lets both databases seek into the index instead of filtering from its start.
    select = select.where('posts.sort_at', '<=', cursor.sortAt).where((eb) =>
      eb.or([eb('posts.sort_at', '<', cursor.sortAt), eb.and([eb('posts.sort_at', '=', cursor.sortAt), eb('posts.id', '<', cursor.id)])]),
    );
  }
  if (search) {
    for (const condition of searchConditions(context.kind, search, profileId)) select = select.where(condition);
  }
  return select.orderBy('posts.sort_at', 'desc').orderBy('posts.id', 'desc').limit(sqlLimit(values.fetch));
}
