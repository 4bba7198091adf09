import { defineConfig } from 'vitest/config';

// The fast unit tests beside the code that mutation testing mutates (see
// stryker.config.json): no child processes, no servers, no database.
export default defineConfig({
  test: {
    include: ['src/core/**/*.test.ts', 'src/entrypoints/error-view.test.ts', 'src/entrypoints/http/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    maxWorkers: 1,
  },
});
