import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'addin/**/*.test.ts', 'web/**/*.test.ts', 'tests/**/*.test.ts'],
    // Suites that need system programs (LibreOffice, poppler, xmllint): `npm run test:interop`;
    // *.pg.test.ts need the PostgreSQL server: `npm run test:pg`. Both run in .ci/run.
    exclude: [...configDefaults.exclude, 'tests/interop/**', '**/*.pg.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and server tests start real processes; keep parallelism modest on 2 cores.
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts', 'tests/global-browser.ts'],
  },
});
