import { configDefaults, defineConfig } from 'vitest/config';

// The trust suites again on the PostgreSQL backend in-process (PGlite: one WASM connection, ~2–3×
// slower than SQLite): merge rules, change ids, conflicts and their resolution, the concurrent
// property tests, access, history, periods, text integrity, errors. Every other HTTP suite that
// uses the database (plans, workbooks, exports) runs on real PostgreSQL in `npm run test:pg`.
const PGLITE_SUITES = [
  'tests/server/sync-merge.test.ts',
  'tests/server/change-ids.test.ts',
  'tests/server/resolve.test.ts',
  'tests/server/resolve-property.test.ts',
  'tests/server/sync-property.test.ts',
  'tests/server/sync-group.test.ts',
  'tests/server/access.test.ts',
  'tests/server/history.test.ts',
  'tests/server/periods.test.ts',
  'tests/server/text-integrity.test.ts',
  'tests/server/errors.test.ts',
];

// Browser and server tests start real processes; keep parallelism modest on 2 cores.
const common = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...common,
          name: 'sqlite',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'addin/**/*.test.ts', 'web/**/*.test.ts', 'tests/**/*.test.ts'],
          // Suites that need system programs (LibreOffice, poppler, xmllint): `npm run test:interop`;
          // *.pg.test.ts need the PostgreSQL server: `npm run test:pg`. Both run in .ci/run.
          exclude: [...configDefaults.exclude, 'tests/interop/**', '**/*.pg.test.ts'],
          globalSetup: ['tests/global-setup.ts', 'tests/global-browser.ts'],
        },
      },
      {
        // Not isolated: the files of a worker share one PGlite (compiling its WASM takes seconds),
        // with a longer timeout (the property tests take ~3× their SQLite time beside a full run);
        // each test server in a schema of its own.
        test: { ...common, testTimeout: 240_000, name: 'pglite', include: PGLITE_SUITES, env: { FENGONG_TEST_DB: 'pglite' }, isolate: false },
      },
    ],
  },
});
