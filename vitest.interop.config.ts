// `npm run test:interop`: the suites that run other programs on our files (LibreOffice), so
// `npm test` needs nothing but `npm ci`. .ci/run installs the programs and runs it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/interop/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
