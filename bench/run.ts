/**
 * `npm run bench`: runs every benchmark in one process, one after another
 * (ratios within one run are what count on a shared, noisy machine), prints
 * the figures and writes them to a dated file and into bench/results/latest.json
 * (which keeps the newest figures of every benchmark).
 * `npm run bench -- storage http` runs only the named ones.
 * Every figure with a goal (listed in bench/goals.ts) is written as
 * `{ "value", "goal", "met" }`, and the run ends by listing those short of their goal.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shortfalls } from './bench-stats.js';
import { GOALS, applyGoals } from './goals.js';

/**
 * A benchmark. It may write each figure into `figures` as soon as it has it
 * (and return that object): when a later step fails, the run keeps what was
 * measured before it, beside the error.
 */
type Bench = (figures: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A benchmark that returns its figures only when it ends (a failure loses them). */
const measuredAtTheEnd =
  (run: () => Promise<Record<string, unknown>>): Bench =>
  () =>
    run();

const BENCHES: Record<string, () => Promise<Bench>> = {
  storage: async () => measuredAtTheEnd((await import('./storage-bench.js')).runStorageBench),
  import: async () => measuredAtTheEnd((await import('./import-bench.js')).runImportBench),
  cli: async () => measuredAtTheEnd((await import('./cli-bench.js')).runCliBench),
  retrieval: async () => measuredAtTheEnd((await import('./retrieval-bench.js')).runRetrievalBench),
  generation: async () => measuredAtTheEnd((await import('./generation-bench.js')).runGenerationBench),
  http: async () => (await import('./http-bench.js')).runHttpBench,
  edits: async () => measuredAtTheEnd((await import('./edits-bench.js')).runEditsBench),
  drafts: async () => measuredAtTheEnd((await import('./drafts-bench.js')).runDraftsBench),
  embedded: async () => (await import('./embedded-bench.js')).runEmbeddedBench,
  voice: async () => measuredAtTheEnd((await import('./voice-bench.js')).runVoiceBench),
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
  const figures: Record<string, unknown> = {};
  try {
    const run = await load();
    results[name] = await run(figures);
  } catch (error) {
    results[name] = { ...figures, error: error instanceof Error ? error.message : String(error) };
  }
  applyGoals(results[name], GOALS[name]);
  console.log(JSON.stringify({ [name]: results[name] }, null, 2));
}
const directory = path.join(root, 'bench', 'results');
mkdirSync(directory, { recursive: true });
// latest.json keeps the newest figures of every benchmark, so a partial run updates only its own.
const latestFile = path.join(directory, 'latest.json');
const previous = existsSync(latestFile) ? (JSON.parse(readFileSync(latestFile, 'utf8')) as Record<string, unknown>) : {};
// Figures kept from earlier runs get their goals beside them too (the same goals as a new run's).
for (const [name, figures] of Object.entries(previous)) applyGoals(figures, GOALS[name]);
const latest = { ...previous, ...results };
writeFileSync(latestFile, `${JSON.stringify(latest, null, 2)}\n`);
writeFileSync(path.join(directory, `${new Date().toISOString().slice(0, 10)}${wanted.length ? `-${wanted.join('-')}` : ''}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.error(`\nResults written to bench/results/latest.json`);
const short = shortfalls(latest);
console.error(short.length === 0 ? 'Every figure with a goal meets it.' : `Figures short of their goal:\n  ${short.join('\n  ')}`);
