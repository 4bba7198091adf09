// Mutation testing of src/core one folder at a time (a whole run takes hours
// on two cores), then one score per folder and for the core as a whole.
//
//   npm run test:mutation                     every group below, in turn
//   npm run test:mutation -- posts auth       only these groups
//   npm run test:mutation -- --summary        no run: the score from the reports already there
//   npm run test:mutation -- --concurrency 1  passed on to Stryker (so is any other --flag)
//   npm run test:mutation -- --include-static also test the static mutants (see below)
//   npm run test:mutation -- importers.2      one part of a folder (see below)
//
// A folder of more than SPLIT_ABOVE lines of source is measured in parts of
// about PART_LINES lines (importers.1, importers.2, …: its files, largest
// first, each to the part with the fewest lines so far), each with its own
// report: a part takes well under an hour on two cores, so a long folder is
// measured over several sittings and each finished part is kept. The summary adds a folder's parts
// up and says which are missing.
//
// Static mutants (module-level code: a schema, a regex, a table of rules) are
// left out by default (Stryker's ignoreStatic): each one reloads the modules
// and runs every test related to its file, which made them a few percent of
// the mutants but most of the time (a 131-mutant folder took 20 s a mutant on
// two shared cores). They are reported as Ignored, and the summary says how
// many each folder has; --include-static measures them too.
//
// Each group has its own incremental file, JSON and HTML report and sandbox
// under reports/mutation/<group>/ (gitignored), so a group's run reuses its
// earlier results and never overwrites another group's. A finished run also
// writes the group's counts to mutation/scores.json (committed), with when,
// at which commit and a digest of the files it mutated: a new machine has no
// reports, and the summary then shows the kept counts, marked as kept, and
// says when the group's source has changed since they were measured.
// The score counts Killed and Timeout mutants as detected:
//   score = detected / (detected + Survived + NoCoverage)
// (CompileError, RuntimeError and Ignored mutants are left out, as Stryker does).
// An incremental run keeps the earlier result of a static mutant (module-level
// code such as a regex or a schema) even when a new test would kill it now:
// `npm run test:mutation -- auth --force` measures a group afresh.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPORTS = 'reports/mutation';
/** Each group's last finished counts, committed so that they outlive a machine (see above). */
const KEPT = 'mutation/scores.json';
const NOT_TESTS = '!src/**/*.test.ts';
/** A folder's index.ts only re-exports and defines loaders, which the fast unit tests do not load: not mutated. */
const NOT_INDEXES = '!src/**/index.ts';

// Smallest and most central first; generation and importers last.
const CORE_ORDER = ['top', 'auth', 'profiles', 'posts', 'platforms', 'indexing', 'learning', 'publishing', 'voice', 'importers', 'generation'];

/** Lines of source above which a folder is measured in parts, and about how many lines a part gets. */
const SPLIT_ABOVE = 2500;
const PART_LINES = 1100;

/** @returns {{ name: string, folder: string, core: boolean, mutate: string[] }[]} */
function groups() {
  const folders = readdirSync('src/core').filter((name) => statSync(join('src/core', name)).isDirectory());
  const names = ['top', ...folders].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return [
    ...names.flatMap((name) => (name === 'top' ? [topGroup()] : folderGroups(name))),
    { name: 'http-auth', folder: 'http-auth', core: false, mutate: HTTP_AUTH_FILES, files: HTTP_AUTH_FILES },
  ];
}

const HTTP_AUTH_FILES = ['src/entrypoints/error-view.ts', 'src/entrypoints/http/request-auth.ts'];

/** The files directly in src/core (errors, ports, validation, …). */
function topGroup() {
  const files = readdirSync('src/core')
    .map((name) => join('src/core', name))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && statSync(file).isFile());
  return { name: 'top', folder: 'top', core: true, mutate: ['src/core/*.ts', NOT_TESTS], files };
}

/** Source files of a folder (no tests, no index.ts), with their line counts. */
function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((entry) => join(dir, String(entry)))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('/index.ts') && statSync(file).isFile())
    .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length }));
}

/** One group for a folder, or its parts when it is long (see PART_LINES). */
function folderGroups(name) {
  const dir = join('src/core', name);
  const files = sourceFiles(dir);
  const total = files.reduce((sum, { lines }) => sum + lines, 0);
  if (total <= SPLIT_ABOVE) {
    return [{ name, folder: name, core: true, mutate: [`${dir}/**/*.ts`, NOT_TESTS, NOT_INDEXES], files: files.map(({ file }) => file) }];
  }
  const parts = Array.from({ length: Math.ceil(total / PART_LINES) }, () => ({ lines: 0, files: [] }));
  const bySize = [...files].sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
  for (const { file, lines } of bySize) {
    const lightest = parts.reduce((best, part) => (part.lines < best.lines ? part : best));
    lightest.lines += lines;
    lightest.files.push(file);
  }
  return parts.map((part, index) => ({ name: `${name}.${index + 1}`, folder: name, core: true, mutate: part.files.sort(), files: part.files }));
}

function rank(name) {
  const index = CORE_ORDER.indexOf(name);
  return index === -1 ? CORE_ORDER.length : index;
}

function parseArgs(argv) {
  const selected = [];
  const passThrough = [];
  let summaryOnly = false;
  let includeStatic = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--summary') summaryOnly = true;
    else if (arg === '--include-static') includeStatic = true;
    else if (arg.startsWith('--')) {
      passThrough.push(arg);
      if (!arg.includes('=') && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) passThrough.push(argv[++i]);
    } else selected.push(arg);
  }
  return { selected, passThrough, summaryOnly, includeStatic };
}

function runGroup(group, passThrough, includeStatic) {
  const dir = join(REPORTS, group.name);
  mkdirSync(dir, { recursive: true });
  const base = JSON.parse(readFileSync('stryker.config.json', 'utf8'));
  delete base.$schema;
  const config = {
    ...base,
    mutate: group.mutate,
    incrementalFile: join(dir, 'incremental.json'),
    htmlReporter: { fileName: join(dir, 'mutation.html') },
    jsonReporter: { fileName: join(dir, 'mutation.json') },
    tempDirName: join('.stryker-tmp', group.name),
    ignoreStatic: !includeStatic,
    // Stryker ignores only its own temp folder: not the other groups' sandboxes beside it.
    ignorePatterns: [...(base.ignorePatterns ?? []), '/.stryker-tmp'],
  };
  const configFile = join(dir, 'stryker.config.json');
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`\n=== mutation testing: ${group.name} (${group.mutate.join(' ')}) ===`);
  const started = Date.now();
  // The commit and the digest are taken now: Stryker copies the code to its sandbox at the start,
  // and a long run may see later commits land before it ends.
  const measured = { commit: commitOfWorkTree(), sourceDigest: digest(group) };
  const result = spawnSync('npx', ['stryker', 'run', configFile, ...passThrough], { stdio: 'inherit' });
  const report = join(dir, 'mutation.json');
  // Only a report this run wrote is kept (an interrupted run leaves the old one, or none).
  if (result.status === 0 && existsSync(report) && statSync(report).mtimeMs >= started) keep(group, countGroup(group), measured);
  return result.status === 0;
}

/** sha256 over the group's mutated files (path and text), to tell whether kept counts still describe them. */
function digest(group) {
  const hash = createHash('sha256');
  for (const file of [...group.files].sort()) hash.update(`${file}\0${readFileSync(file, 'utf8')}\0`);
  return hash.digest('hex').slice(0, 16);
}

function readKept() {
  return existsSync(KEPT) ? JSON.parse(readFileSync(KEPT, 'utf8')) : {};
}

/** HEAD's short hash, noting uncommitted changes under src. */
function commitOfWorkTree() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' });
  return head.status === 0 ? head.stdout.trim() + (dirty.stdout.trim() === '' ? '' : ' (with uncommitted changes under src)') : 'unknown';
}

function keep(group, counts, measured) {
  const kept = readKept();
  const { when, ...figures } = counts;
  kept[group.name] = { ...figures, measuredAt: when.toISOString(), ...measured };
  const sorted = Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b)));
  mkdirSync('mutation', { recursive: true });
  writeFileSync(KEPT, `${JSON.stringify(sorted, null, 2)}\n`);
}

/** Counts of one report, or undefined when the group has not been run. */
function countGroup(group) {
  const file = join(REPORTS, group.name, 'mutation.json');
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const counts = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, ignored: 0, other: 0, when: statSync(file).mtime };
  for (const entry of Object.values(report.files)) {
    for (const mutant of entry.mutants) {
      if (mutant.status === 'Killed') counts.killed += 1;
      else if (mutant.status === 'Survived') counts.survived += 1;
      else if (mutant.status === 'NoCoverage') counts.noCoverage += 1;
      else if (mutant.status === 'Timeout') counts.timeout += 1;
      else if (mutant.status === 'Ignored') counts.ignored += 1;
      else counts.other += 1;
    }
  }
  return counts;
}

function line(label, counts) {
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  const score = valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)}%`;
  return (
    `${label.padEnd(14)} mutation score: ${score} (killed ${counts.killed}, survived ${counts.survived}, ` +
    `no coverage ${counts.noCoverage}, timeout ${counts.timeout})` +
    // --ignoreStatic (or an ignorer) leaves mutants out of the score: say how many.
    (counts.ignored > 0 ? ` [${counts.ignored} ignored, not in the score]` : '')
  );
}

function add(total, counts) {
  for (const key of ['killed', 'survived', 'noCoverage', 'timeout', 'ignored', 'other']) total[key] += counts[key];
}

function emptyCounts() {
  return { killed: 0, survived: 0, noCoverage: 0, timeout: 0, ignored: 0, other: 0 };
}

/** The group's report on this machine, or else its kept counts, and where they come from. */
function countsOf(group, kept) {
  const local = countGroup(group);
  const entry = kept[group.name];
  if (local !== undefined && (entry === undefined || local.when.getTime() >= Date.parse(entry.measuredAt))) {
    return { counts: local, source: `run here ${local.when.toISOString().slice(0, 16)}Z` };
  }
  if (entry === undefined) return { counts: undefined, source: '' };
  const changed = entry.sourceDigest === digest(group) ? '' : '; its source has changed since';
  return { counts: entry, source: `kept: ${entry.measuredAt.slice(0, 16)}Z at ${entry.commit}${changed}` };
}

function summarise(all) {
  const kept = readKept();
  const coreTotal = emptyCounts();
  const missing = [];
  console.log('\nscore = (killed + timeout) / (killed + timeout + survived + no coverage)');
  for (const folder of [...new Set(all.map((group) => group.folder))]) {
    const parts = all.filter((group) => group.folder === folder);
    const folderTotal = emptyCounts();
    const partsMissing = [];
    for (const group of parts) {
      const { counts, source } = countsOf(group, kept);
      if (counts === undefined) {
        missing.push(group);
        partsMissing.push(group.name);
        console.log(`${group.name.padEnd(14)} not run yet`);
        continue;
      }
      console.log(`${line(group.name, counts)}  [${source}]`);
      add(folderTotal, counts);
      if (group.core) add(coreTotal, counts);
    }
    if (parts.length > 1 && partsMissing.length < parts.length) {
      console.log(line(folder, folderTotal) + (partsMissing.length === 0 ? '  (all its parts)' : `  (without ${partsMissing.join(', ')})`));
    }
  }
  const coreMissing = missing.filter((group) => group.core).map((group) => group.name);
  const scope = coreMissing.length === 0 ? 'src/core' : `src/core without ${coreMissing.join(', ')}`;
  console.log(line('src/core', coreTotal) + (coreMissing.length === 0 ? '' : `  (${scope})`));
}

const { selected, passThrough, summaryOnly, includeStatic } = parseArgs(process.argv.slice(2));
const all = groups();
const chosen = (group) => selected.length === 0 || selected.includes(group.name) || selected.includes(group.folder);
const unknown = selected.filter((name) => !all.some((group) => group.name === name || group.folder === name));
if (unknown.length > 0) {
  console.error(`Unknown group: ${unknown.join(', ')}. Groups: ${[...new Set(all.flatMap((group) => [group.folder, group.name]))].join(', ')}`);
  process.exit(2);
}
let failed = false;
if (!summaryOnly) {
  for (const group of all.filter(chosen)) {
    if (!runGroup(group, passThrough, includeStatic)) failed = true;
  }
}
summarise(all);
if (failed) process.exitCode = 1;
