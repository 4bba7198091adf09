import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that start servers or child processes clean up after themselves;
    // two cores here, so keep parallelism modest.
    maxWorkers: 2,
  },
});
