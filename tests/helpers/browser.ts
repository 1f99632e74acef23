// A real headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core
// (`npx playwright install` cannot download browsers here; .ci/run installs the Debian package).
import { chromium, type Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where tests keep screenshots and other artifacts for people to look at. */
export function artifactPath(...parts: string[]): string {
  const dir = join(process.cwd(), 'artifacts', ...parts.slice(0, -1));
  mkdirSync(dir, { recursive: true });
  return join(dir, parts[parts.length - 1]);
}
