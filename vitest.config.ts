import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'addin/**/*.test.ts', 'web/**/*.test.ts', 'tests/**/*.test.ts'],
    // *.pg.test.ts need the PostgreSQL server: `npm run test:pg` (in .ci/run), not `npm test`
    exclude: ['**/node_modules/**', '**/*.pg.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and server tests start real processes; keep parallelism modest on 2 cores.
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts'],
  },
});
