import { beforeEach, describe } from 'vitest';
import type { OpenStorage } from './storage-contract-fixtures.js';
import { listContract } from './storage-contract-list.js';
import { outboxContract } from './storage-contract-outbox.js';
import { postContract } from './storage-contract-posts.js';
import { profileContract } from './storage-contract-profiles.js';
import { recordsContract } from './storage-contract-records.js';
import { searchContract } from './storage-contract-search.js';

export type { OpenStorage } from './storage-contract-fixtures.js';

/**
 * The Storage port's contract: every adapter runs this same suite.
 * `open` must return a fresh, empty database on each call (a new file, a new
 * schema) using the given clock. `unsupported` names tests (by title) that
 * cannot apply to an adapter, each with the reason printed as it skips.
 */
export function storageContract(name: string, open: OpenStorage, options: { unsupported?: Readonly<Record<string, string>> } = {}): void {
  describe(`Storage contract: ${name}`, () => {
    // A test the adapter cannot take part in (by title), skipped with its reason, before any storage opens.
    beforeEach((context) => {
      const reason = options.unsupported?.[context.task.name];
      if (reason) context.skip(reason);
    });
    // One describe per section so that each section's fresh-storage hooks run only for its own tests.
    const sections = { profiles: profileContract, posts: postContract, listing: listContract, search: searchContract, outbox: outboxContract, records: recordsContract };
    for (const [section, contract] of Object.entries(sections)) describe(section, () => contract(open));
  });
}
