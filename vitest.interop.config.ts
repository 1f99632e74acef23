// `npm run test:interop`: the suites that run other programs on our files — LibreOffice round trips
// and renderings, poppler reading our PDFs, xmllint — so `npm test` needs nothing but `npm ci`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/interop/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    globalSetup: ['tests/interop/require-programs.ts', 'tests/global-browser.ts'],
  },
});
