/**
 * Every benchmark goal, in one place: the figure's path in a benchmark's
 * result and the goal as a comparison. `npm run bench` writes each such
 * figure as `{ value, goal, met }` (see withGoal) and lists the ones that fall short.
 */
import { withGoal, type GoalFigure } from './bench-stats.js';

const overhead = (run: string) => ({ [`${run}.overheadMs.p50`]: '< 30', [`${run}.promptTokens3xX8.max`]: '< 1500' });

export const GOALS: Record<string, Record<string, string>> = {
  cli: { helpMs: '< 150', profileListMs: '< 250' },
  import: { importPostsPerSecond: '>= 20000', ratioToRaw: '>= 0.5' },
  generation: {
    ...overhead('memory'),
    ...overhead('memoryModel200ms'),
    ...overhead('chroma'),
    ...overhead('chromaModel200ms'),
    'reindex.postsPerSecond': '>= 1000',
  },
  http: {
    'list.smm.ratioOfBare': '>= 0.4',
    'list.smm.p99Ms': '< 50',
    'list.smmWithoutReuse.ratioOfBare': '>= 0.35',
    'list.smmWithoutReuse.p99Ms': '< 50',
    'listPostgres.smm.ratioOfBare': '>= 0.35',
    'listPostgres.smm.p99Ms': '< 50',
    'listPostgres.smmWithReuse.ratioOfBare': '>= 0.4',
    'listPostgres.smmWithReuse.p99Ms': '< 50',
    'streams.wallMs': '< 3000',
  },
  storage: {
    'sqlite.throughput.insertManyPostsPerSecond': '>= 20000',
    'sqlite.throughput.ratioToRawFull': '>= 0.3',
    'sqlite.latency.latest50OfProfileMs.p50': '< 5',
    'sqlite.latency.searchCommonWordInProfileMs.p50': '< 25',
    'sqlite.latency.searchRareWordInProfileMs.p50': '< 25',
    'sqlite.latency.searchPhraseAndExclusionInProfileMs.p50': '< 25',
  },
  embedded: {
    'promptReuse.secondOverFirstPromptTokens': '<= 0.2',
    'sideBySide.threeOverOneWallTime': '<= 1.6',
    'overhead.smmOverBareTokensPerSecond': '>= 0.9',
  },
};

/**
 * Replaces each figure named in `goals` (a dotted path) by `{ value, goal, met }`.
 * A figure already in that shape gets the current goal; a missing one is skipped.
 */
export function applyGoals(result: unknown, goals: Record<string, string> = {}): void {
  for (const [path, goal] of Object.entries(goals)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let node: unknown = result;
    for (const key of keys) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (node === null || typeof node !== 'object') continue;
    const parent = node as Record<string, unknown>;
    const figure = parent[last];
    const value = typeof figure === 'number' ? figure : typeof (figure as GoalFigure | undefined)?.value === 'number' ? (figure as GoalFigure).value : undefined;
    if (value !== undefined) parent[last] = withGoal(value, goal);
  }
  // A benchmark with no goals listed here keeps whatever it wrote.
  if (Object.keys(goals).length > 0) dropGoalBlocks(result);
}

/** Removes the old separate `goals` / `goal` blocks: the goals now sit beside their figures. */
function dropGoalBlocks(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const key of ['goals', 'goal']) if (record[key] !== null && typeof record[key] === 'object') delete record[key];
  for (const value of Object.values(record)) dropGoalBlocks(value);
}
