import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import { storageContract } from './storage-contract.js';

const folder = mkdtempSync(path.join(tmpdir(), 'smm-storage-sqlite-'));
let counter = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

storageContract('SQLite', (options) => {
  counter += 1;
  return openStorage({ sqlitePath: path.join(folder, `db-${counter}`, 'smm.sqlite'), clock: options?.clock });
});
