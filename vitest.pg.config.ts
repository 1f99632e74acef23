// `npm run test:pg`: the store suites against the real PostgreSQL server (CI: .ci/run). The
// global setup creates a database of its own for the run and drops it afterwards; it fails the
// run, loudly, when the server cannot be reached.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.pg.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    globalSetup: ['tests/pg/global-setup.ts'],
  },
});
