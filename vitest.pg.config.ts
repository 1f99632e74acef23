// `npm run test:pg`: against the real PostgreSQL server (CI: .ci/run) — the store suites, then the
// HTTP suites on the PostgreSQL backend (tests/helpers/backend.ts; each test server in a schema of
// its own). The global setup creates a database of its own for the run and drops it
// afterwards; it fails the run, loudly, when the server cannot be reached.
import { configDefaults, defineConfig } from 'vitest/config';

// Not on PostgreSQL: suites about SQLite files themselves (backup/restore, durability modes, SIGKILL
// of the file's writer, first start on a file, a second connection to the file) and those the
// database does not enter (fonts, uploads refused before any write), and browser pages.
const SQLITE_ONLY = [
  'tests/server/backup.test.ts',
  'tests/server/durability.test.ts',
  'tests/server/kill.test.ts',
  'tests/server/serve.test.ts',
  'tests/server/signin-cache.test.ts',
  'tests/server/fonts-route.test.ts',
  'tests/server/upload-off-loop.test.ts',
  '**/*.browser.test.ts',
  '**/*.pg.test.ts', // the store-pg project runs these once
];

const common = { testTimeout: 120_000, hookTimeout: 120_000, globalSetup: ['tests/pg/global-setup.ts'] };

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      // first, one file at a time: the store suites take the database's locks on purpose
      { test: { ...common, name: 'store-pg', include: ['tests/**/*.pg.test.ts'], maxWorkers: 1, sequence: { groupOrder: 0 } } },
      {
        test: {
          ...common,
          name: 'http-pg',
          include: ['tests/server/*.test.ts', 'tests/workbooks/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SQLITE_ONLY],
          env: { FENGONG_TEST_DB: 'postgres' },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
