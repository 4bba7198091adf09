import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import type { StorageContext } from './storage-context.js';

/** Stands for the index-th value of a query built once; each run binds the real value in its place. */
class Slot {
  constructor(readonly index: number) {}
}

interface Template {
  sql: string;
  /** Per parameter: the index of the run's value, or a constant the builder put there itself. */
  binding: ({ value: number } | { constant: unknown })[];
}

/** A placeholder for the index-th value, typed as whatever the builder expects there. */
export type SlotOf = <T = never>(index: number) => T;

/**
 * Queries of a fixed shape, built and compiled by Kysely once, then run with
 * new values: building and compiling a query through Kysely costs more than
 * SQLite takes to answer it, on every request of the hot read routes.
 * The SQL stays Kysely's, so it cannot drift from the schema types.
 */
export class CompiledQueries {
  private readonly templates = new Map<string, Template>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxShapes = 256,
  ) {}

  /**
   * Runs the query `build` makes for this `shape` (a name for everything that
   * changes the SQL text), binding `values` where `build` put `slot(i)`.
   * Only scalar values go in slots: a list (`in`) is one slot per element,
   * with its length part of the shape.
   */
  async rows<Row>(shape: string, build: (slot: SlotOf) => Compilable<Row>, values: readonly unknown[]): Promise<Row[]> {
    const { sql, parameters } = this.bind(shape, build, values);
    const result = await this.db.executeQuery<Row>(CompiledQuery.raw(sql, parameters));
    return result.rows;
  }

  /** The SQL text of this shape (compiled on first use) and the parameters for `values`, to run by other means. */
  bind(shape: string, build: (slot: SlotOf) => Compilable<unknown>, values: readonly unknown[]): { sql: string; parameters: unknown[] } {
    let template = this.templates.get(shape);
    if (!template) {
      const compiled = build(((index: number) => new Slot(index)) as SlotOf).compile();
      template = {
        sql: compiled.sql,
        binding: compiled.parameters.map((parameter) => (parameter instanceof Slot ? { value: parameter.index } : { constant: parameter })),
      };
      if (this.templates.size >= this.maxShapes) this.templates.clear();
      this.templates.set(shape, template);
      rememberText(template.sql);
    }
    return { sql: template.sql, parameters: template.binding.map((bound) => ('value' in bound ? values[bound.value] : bound.constant)) };
  }
}

const byDatabase = new WeakMap<object, CompiledQueries>();

/** The compiled queries of one Kysely instance (a transaction gets its own). */
export function compiledQueriesOf(db: Kysely<Database>): CompiledQueries {
  let queries = byDatabase.get(db);
  if (!queries) {
    queries = new CompiledQueries(db);
    byDatabase.set(db, queries);
  }
  return queries;
}

/** The SQL texts of compiled queries: PostgreSQL connections prepare these once each (see postgres-prepared.ts). */
const compiledTexts = new Set<string>();
const MAX_TEXTS = 1_024;

function rememberText(sqlText: string): void {
  if (compiledTexts.size >= MAX_TEXTS) compiledTexts.clear();
  compiledTexts.add(sqlText);
}

/** Whether this SQL text is one of the compiled hot queries. */
export function isCompiledQueryText(sqlText: string): boolean {
  return compiledTexts.has(sqlText);
}

/** Compiled texts whose rows come back as arrays of column values (see arrayRows). */
const arrayTexts = new Set<string>();

/** Whether PostgreSQL should return this text's rows as arrays (pg's rowMode 'array'). */
export function wantsArrayRows(sqlText: string): boolean {
  return arrayTexts.has(sqlText);
}

/**
 * Runs a compiled query and returns its rows as arrays of column values, in
 * the order of its select list: building an object of two dozen columns per
 * row costs the drivers more than the query (better-sqlite3's row objects
 * took half of a 20-post page). SQLite: the cached statement in raw mode,
 * under the file lock; PostgreSQL: pg's rowMode 'array' on the prepared
 * statement. Inside a transaction, through the transaction's connection.
 */
export async function arrayRows(context: StorageContext, query: { sql: string; parameters: unknown[] }): Promise<unknown[][]> {
  const { sqlite } = context;
  if (sqlite && !context.db.isTransaction) {
    return sqlite.withLock(() => {
      const statement = sqlite.prepare(query.sql);
      // The statement is shared by its text: raw mode only for this synchronous call.
      statement.raw(true);
      try {
        return statement.all(...query.parameters) as unknown[][];
      } finally {
        statement.raw(false);
      }
    });
  }
  if (!sqlite) {
    if (arrayTexts.size >= MAX_TEXTS) arrayTexts.clear();
    arrayTexts.add(query.sql);
    return (await context.db.executeQuery<unknown[]>(CompiledQuery.raw(query.sql, query.parameters))).rows;
  }
  // A SQLite transaction holds the file lock already: Kysely's objects, turned into arrays.
  const rows = (await context.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(query.sql, query.parameters))).rows;
  return rows.map((row) => Object.values(row));
}
