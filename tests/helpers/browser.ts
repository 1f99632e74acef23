// A real headless Chromium for browser tests, found and launched the way the service's
// print-to-PDF finds and launches it (server/browser): FENGONG_CHROMIUM, a system Chromium /
// Chrome / Edge, then the Chromium that comes with npm ci (@sparticuz/chromium).
import type { Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, type LaunchOptions } from '../../server/browser/launch-browser';

export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  return (await launchChromium(opts)).browser;
}

/** Where tests keep screenshots and other artifacts for people to look at. */
export function artifactPath(...parts: string[]): string {
  const dir = join(process.cwd(), 'artifacts', ...parts.slice(0, -1));
  mkdirSync(dir, { recursive: true });
  return join(dir, parts[parts.length - 1]);
}
