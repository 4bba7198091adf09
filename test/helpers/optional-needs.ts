import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tests that need something a clone of the repository may lack (the team's
 * shared fixtures, Debian's python3 packages, a PostgreSQL server) skip with
 * a printed reason when it is absent, so that `npm ci && npm test` passes on
 * a fresh machine. CI sets SMM_TEST_REQUIRE_OPTIONAL=1 (see .ci/run): there a
 * missing need fails the run instead, so CI always runs these tests.
 */
export const OPTIONAL_REQUIRED = process.env.SMM_TEST_REQUIRE_OPTIONAL === '1';

/** The project root: the folder with package.json above this file (also when compiled into dist-bench/). */
function findProjectRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json')) && path.dirname(directory) !== directory) directory = path.dirname(directory);
  return directory;
}

/**
 * The team's shared fixtures, used in place beside the project (never copied
 * into it). SMM_TEST_SHARED_FIXTURES points elsewhere (e.g. at a missing
 * folder, to see what a clone of the repository alone runs).
 */
export const SHARED_FIXTURES = process.env.SMM_TEST_SHARED_FIXTURES
  ? path.resolve(process.env.SMM_TEST_SHARED_FIXTURES)
  : path.resolve(findProjectRoot(), '..', 'shared', 'fixtures');

/** The absolute path of a shared fixture, e.g. sharedFixture('exports', 'x', 'tweets.js'). */
export function sharedFixture(...segments: string[]): string {
  return path.join(SHARED_FIXTURES, ...segments);
}

/**
 * Turns a missing need into a skip reason: undefined when nothing is missing;
 * otherwise the reason, printed once on stderr, or thrown when CI requires it.
 * Use the result with `describe.skipIf(reason)` / `it.skipIf(reason)`.
 */
export function skipUnless(what: string, missing: string | undefined, remedy: string): string | undefined {
  if (missing === undefined) return undefined;
  if (OPTIONAL_REQUIRED) throw new Error(`${what} cannot run: ${missing}. ${remedy} (SMM_TEST_REQUIRE_OPTIONAL=1: CI must run them.)`);
  const reason = `${what} skipped: ${missing}. ${remedy}`;
  console.warn(reason);
  return reason;
}

/**
 * Why tests that read these shared fixtures (paths under ../shared/fixtures)
 * must skip, or undefined when every one is present.
 */
export function needSharedFixtures(what: string, ...relativePaths: string[]): string | undefined {
  const absent = relativePaths.filter((relative) => !existsSync(sharedFixture(relative)));
  return skipUnless(
    what,
    absent.length === 0 ? undefined : `the team's shared fixtures are absent (${absent.map((relative) => path.join('../shared/fixtures', relative)).join(', ')})`,
    'They live beside the repository, not in it; CI always has them.',
  );
}
