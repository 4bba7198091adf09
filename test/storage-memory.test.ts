import { MemoryStorage } from './fakes/memory-storage.js';
import { storageContract } from './storage-contract.js';

/** The in-memory fake the core's unit tests use keeps to the same contract as the SQL adapters. */
storageContract('in-memory fake', async (options) => new MemoryStorage(options?.clock), {
  unsupported: {
    'backs up SQLite to a consistent file; explains pg_dump on PostgreSQL': 'the in-memory fake has no file to copy; its backup() refuses with invalid_input',
  },
});
