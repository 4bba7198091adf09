import pg from 'pg';

/**
 * Runs `work` against a new schema of its own on the PostgreSQL server at
 * `url` (given the URL whose search_path points at it), and drops the schema
 * afterwards. Without a server, the figure says why it was skipped.
 */
export async function inScratchSchema<T extends object>(url: string, label: string, work: (scopedUrl: string) => Promise<T>): Promise<T | { skipped: string }> {
  const schema = `smm_bench_${label}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (error) {
    return { skipped: `no PostgreSQL at ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
  await admin.query(`create schema ${schema}`);
  try {
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    return await work(scoped.toString());
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
