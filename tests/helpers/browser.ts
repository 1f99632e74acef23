// A real headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core
// (`npx playwright install` cannot download browsers here; .ci/run installs the Debian package),
// launched the way the service's print-to-PDF launches it.
import { chromium, type Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../server/workbooks/pdf';

export { CHROMIUM_PATH };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Where tests keep screenshots and other artifacts for people to look at. */
export function artifactPath(...parts: string[]): string {
  const dir = join(process.cwd(), 'artifacts', ...parts.slice(0, -1));
  mkdirSync(dir, { recursive: true });
  return join(dir, parts[parts.length - 1]);
}
