import { sql, type RawBuilder } from 'kysely';

/**
 * A LIMIT written into the SQL text instead of bound as a parameter. SQLite
 * reads a bound LIMIT's value while planning and marks the statement to be
 * prepared again whenever that parameter is bound anew; better-sqlite3
 * binds every parameter on every run, so a `limit ?` statement was compiled
 * again on every call (for the 20-post list page: 39% of the query's
 * instructions, counted with valgrind). A literal costs one SQL text per
 * distinct limit, which callers keep few. Only whole numbers go in.
 */
export function sqlLimit(count: number): RawBuilder<number> {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`A LIMIT must be a whole number of 0 or more, not ${count}.`);
  return sql.lit(count);
}
