// Which HTTP suites run on the PostgreSQL backend (tests/helpers/backend.ts picks the database).
// On real PostgreSQL (`npm run test:pg`): every suite that starts a test server, except those about
// SQLite files themselves (backup/restore, durability modes, SIGKILL of the file's writer, first start
// on a file, a second connection to the file) and those the database does not enter (fonts, uploads
// refused before any write, browser pages).
// In `npm test` on PGlite (one WASM connection, ~2–3× slower than SQLite): the trust suites — merge
// rules, change ids, conflicts and their resolution, the concurrent property tests, access, history,
// periods, text integrity, errors — and one returned-workbook suite; the rest of the HTTP suites,
// which exercise the same store calls, run on PostgreSQL in .ci/run.
export const PG_HTTP_SUITES = {
  pglite: [
    'tests/server/sync-merge.test.ts',
    'tests/server/change-ids.test.ts',
    'tests/server/resolve.test.ts',
    'tests/server/resolve-property.test.ts',
    'tests/server/sync-property.test.ts',
    'tests/server/access.test.ts',
    'tests/server/history.test.ts',
    'tests/server/periods.test.ts',
    'tests/server/text-integrity.test.ts',
    'tests/server/errors.test.ts',
    'tests/server/plans.test.ts',
    'tests/workbooks/closed-period.test.ts',
  ],
  postgres: [
    'tests/server/*.test.ts',
    'tests/workbooks/*.test.ts',
  ],
  /** Not on PostgreSQL (see above). */
  sqliteOnly: [
    'tests/server/backup.test.ts',
    'tests/server/durability.test.ts',
    'tests/server/kill.test.ts',
    'tests/server/serve.test.ts',
    'tests/server/signin-cache.test.ts',
    'tests/server/fonts-route.test.ts',
    'tests/server/upload-off-loop.test.ts',
    '**/*.browser.test.ts',
  ],
};
