import { InvalidInputError } from '../../src/core/errors.js';
import type { PostPage, PostQuery } from '../../src/core/ports.js';
import type { Post } from '../../src/core/posts/post-schema.js';
import { decodeCursor, encodeCursor } from '../../src/adapters/storage/post-cursor.js';
import { MAX_PAGE_SIZE } from '../../src/adapters/storage/post-list-query.js';
import { normalizeTimestamp } from '../../src/adapters/storage/post-rows.js';
import { hasUsableText } from '../../src/core/posts/usable-text.js';
import { isEmptySearch, parseSearch, searchTokens, type SearchTerm } from '../../src/adapters/storage/search-query.js';

/**
 * The listing and search of the SQL adapters, over posts in memory, with the
 * same parsing (the adapters' own search parser, cursor and timestamp
 * helpers), so the fake passes the same storage contract.
 */

/** Newest first: published, else scheduled, else created. */
export function sortAtOf(post: Post): string {
  return post.publishedAt ?? post.scheduledAt ?? post.createdAt;
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    for (let offset = 0; offset < needle.length; offset += 1) if (haystack[start + offset] !== needle[offset]) continue outer;
    return true;
  }
  return false;
}

/** A term matches as a phrase of word tokens, or (symbols only, e.g. an emoji) as a substring. */
function termMatches(term: SearchTerm, text: string, tokens: readonly string[]): boolean {
  if (term.tokens.length > 0) return containsRun(tokens, term.tokens);
  return text.toLowerCase().includes(term.raw.toLowerCase());
}

export function listPostsInMemory(posts: Iterable<Post>, inScope: (post: Post) => boolean, query: PostQuery): PostPage {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new InvalidInputError(`The page size must be a whole number of at least 1 (got ${query.limit}).`, { hint: `Ask for 1 to ${MAX_PAGE_SIZE} posts.` });
  }
  const limit = Math.min(query.limit, MAX_PAGE_SIZE);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const from = query.from === undefined ? undefined : normalizeTimestamp(query.from, 'from');
  const to = query.to === undefined ? undefined : normalizeTimestamp(query.to, 'to');
  const search = query.search === undefined ? undefined : parseSearch(query.search);
  const searching = search !== undefined && !isEmptySearch(search);
  const matching = [...posts].filter((post) => {
    if (!inScope(post)) return false;
    if (query.profileId !== undefined && post.profileId !== query.profileId) return false;
    if (query.platform !== undefined && post.platform !== query.platform) return false;
    if (query.status !== undefined && query.status.length > 0 && !query.status.includes(post.status)) return false;
    const sortAt = sortAtOf(post);
    if (from && sortAt < from) return false;
    if (to && sortAt > to) return false;
    if (cursor && (sortAt > cursor.sortAt || (sortAt === cursor.sortAt && post.id >= cursor.id))) return false;
    if (!searching) return true;
    // As the real stores: posts without words are not in the search index.
    if (!hasUsableText(post.text)) return false;
    const tokens = searchTokens(post.text);
    return (
      search.groups.every((group) => group.some((term) => termMatches(term, post.text, tokens))) &&
      !search.excluded.some((term) => termMatches(term, post.text, tokens))
    );
  });
  matching.sort((a, b) => (sortAtOf(a) < sortAtOf(b) ? 1 : sortAtOf(a) > sortAtOf(b) ? -1 : b.id - a.id));
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  return { posts: page, nextCursor: matching.length > limit && last ? encodeCursor({ sortAt: sortAtOf(last), id: last.id }) : null };
}
