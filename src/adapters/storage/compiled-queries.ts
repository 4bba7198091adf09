import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';

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
    const parameters = template.binding.map((bound) => ('value' in bound ? values[bound.value] : bound.constant));
    const result = await this.db.executeQuery<Row>(CompiledQuery.raw(template.sql, parameters));
    return result.rows;
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
