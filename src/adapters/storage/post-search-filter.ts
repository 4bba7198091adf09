import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import {
  fts5Phrase,
  likePattern,
  profileScopeToken,
  websearchPhrase,
  type ParsedSearch,
  type SearchTerm,
} from './search-query.js';
import type { StorageKind } from './storage-context.js';

/**
 * The WHERE conditions of a parsed search, for the posts table. SQLite asks
 * its FTS5 table (scoped by the profile token when a profile is given, so
 * the index narrows before any row is read); PostgreSQL matches the
 * tsvector column through its GIN index. Terms without word characters
 * (an emoji, "++") match as substrings of the text.
 */
export function searchConditions(kind: StorageKind, search: ParsedSearch, profileId: number | undefined): Expression<SqlBool>[] {
  const conditions = kind === 'sqlite' ? sqliteConditions(search, profileId) : postgresConditions(search);
  // Posts without words (indexedText) are not in the index, so no word matches them; a search with no word
  // group to match (only emoji, or only exclusions) must not bring them back either.
  if (!search.groups.some((group) => group.every(hasTokens))) conditions.push(hasWords(kind));
  return conditions;
}

const hasTokens = (term: SearchTerm): boolean => term.tokens.length > 0;

function hasWords(kind: StorageKind): RawBuilder<SqlBool> {
  return kind === 'sqlite'
    ? sql<SqlBool>`exists (select 1 from posts_fts where posts_fts.rowid = posts.id)`
    : sql<SqlBool>`length(posts.search_vector) > 0`;
}

function textLike(term: SearchTerm, negate: boolean): RawBuilder<SqlBool> {
  return negate
    ? sql<SqlBool>`posts.text not like ${likePattern(term)} escape '\\'`
    : sql<SqlBool>`posts.text like ${likePattern(term)} escape '\\'`;
}

function anyOf(conditions: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  return conditions.length === 1 ? conditions[0]! : sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}

function sqliteConditions(search: ParsedSearch, profileId: number | undefined): Expression<SqlBool>[] {
  const scope = profileId === undefined ? [] : [`scope : "${profileScopeToken(profileId)}"`];
  const matching = (expression: string) => sql<SqlBool>`posts.id in (select rowid from posts_fts where posts_fts match ${expression})`;
  const wordGroups = search.groups.filter((group) => group.every(hasTokens));
  const mixedGroups = search.groups.filter((group) => !group.every(hasTokens));
  const wordExcluded = search.excluded.filter(hasTokens);
  const conditions: RawBuilder<SqlBool>[] = [];

  if (wordGroups.length > 0) {
    let expression = [...scope, ...wordGroups.map((group) => `(${group.map(fts5Phrase).join(' OR ')})`)].join(' AND ');
    for (const term of wordExcluded) expression = `(${expression}) NOT ${fts5Phrase(term)}`;
    conditions.push(matching(expression));
  } else if (wordExcluded.length > 0) {
    const excluded = `(${wordExcluded.map(fts5Phrase).join(' OR ')})`;
    conditions.push(sql<SqlBool>`not ${matching([...scope, excluded].join(' AND '))}`);
  }
  for (const group of mixedGroups) {
    conditions.push(anyOf(group.map((term) => (hasTokens(term) ? matching([...scope, fts5Phrase(term)].join(' AND ')) : textLike(term, false)))));
  }
  for (const term of search.excluded.filter((term) => !hasTokens(term))) conditions.push(textLike(term, true));
  return conditions;
}

function tsquery(term: SearchTerm): RawBuilder<unknown> {
  return sql`websearch_to_tsquery('simple', cast(${websearchPhrase(term)} as text))`;
}

function postgresConditions(search: ParsedSearch): Expression<SqlBool>[] {
  const wordGroups = search.groups.filter((group) => group.every(hasTokens));
  const mixedGroups = search.groups.filter((group) => !group.every(hasTokens));
  const wordExcluded = search.excluded.filter(hasTokens);
  const conditions: RawBuilder<SqlBool>[] = [];

  // tsquery operators compose parsed pieces: && (and), || (or), !! (not).
  const parts: RawBuilder<unknown>[] = [
    ...wordGroups.map((group) => sql`(${sql.join(group.map(tsquery), sql` || `)})`),
    ...wordExcluded.map((term) => sql`(!! ${tsquery(term)})`),
  ];
  if (parts.length > 0) conditions.push(sql<SqlBool>`posts.search_vector @@ (${sql.join(parts, sql` && `)})`);
  for (const group of mixedGroups) {
    conditions.push(anyOf(group.map((term) => (hasTokens(term) ? sql<SqlBool>`posts.search_vector @@ ${tsquery(term)}` : textLike(term, false)))));
  }
  for (const term of search.excluded.filter((term) => !hasTokens(term))) conditions.push(textLike(term, true));
  return conditions;
}
