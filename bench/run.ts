/**
 * `npm run bench`: runs every benchmark in one process, one after another
 * (ratios within one run are what count on a shared, noisy machine), prints
 * the figures and writes them to a dated file and into bench/results/latest.json
 * (which keeps the newest figures of every benchmark).
 * `npm run bench -- storage http` runs only the named ones.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Bench = () => Promise<Record<string, unknown>>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  storage: async () => (await import('./storage-bench.js')).runStorageBench,
  import: async () => (await import('./import-bench.js')).runImportBench,
  cli: async () => (await import('./cli-bench.js')).runCliBench,
  retrieval: async () => (await import('./retrieval-bench.js')).runRetrievalBench,
  generation: async () => (await import('./generation-bench.js')).runGenerationBench,
  http: async () => (await import('./http-bench.js')).runHttpBench,
  edits: async () => (await import('./edits-bench.js')).runEditsBench,
  drafts: async () => (await import('./drafts-bench.js')).runDraftsBench,
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const wanted = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
for (const name of names) {
  const load = BENCHES[name];
  if (!load) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  console.error(`\n== ${name}`);
  try {
    const run = await load();
    results[name] = await run();
  } catch (error) {
    results[name] = { error: error instanceof Error ? error.message : String(error) };
  }
  console.log(JSON.stringify({ [name]: results[name] }, null, 2));
}
const directory = path.join(root, 'bench', 'results');
mkdirSync(directory, { recursive: true });
// latest.json keeps the newest figures of every benchmark, so a partial run updates only its own.
const latestFile = path.join(directory, 'latest.json');
const previous = existsSync(latestFile) ? (JSON.parse(readFileSync(latestFile, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(latestFile, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
writeFileSync(path.join(directory, `${new Date().toISOString().slice(0, 10)}${wanted.length ? `-${wanted.join('-')}` : ''}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.error(`\nResults written to bench/results/latest.json`);
