// Smoke test of the Chromium that comes with npm ci (@sparticuz/chromium, pinned with playwright-core):
// it unpacks, starts with its own shared libraries, renders a page and prints a PDF. An upgrade of
// either package that breaks the pair fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BUNDLED_PLATFORM, bundledPackage } from '../../server/browser/bundled-chromium';
import { launchChromium, type LaunchedBrowser } from '../../server/browser/launch-browser';
import { readPdf } from '../helpers/pdf';

const pinned = JSON.parse(readFileSync('package.json', 'utf8')).dependencies as Record<string, string>;
const installed = (name: string) => JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version as string;

/** The processes running `exe` (Linux /proc). */
function processesOf(exe: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/exe`) === exe;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.runIf(BUNDLED_PLATFORM)('the Chromium that comes with npm ci (Linux x64)', () => {
  let launched: LaunchedBrowser;
  let browser: Browser;
  beforeAll(async () => {
    launched = await launchChromium({ candidates: [{ source: 'bundled', path: null, label: 'bundled' }], bundledFontsOnly: true });
    browser = launched.browser;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is the pinned @sparticuz/chromium, driven by the pinned playwright-core', () => {
    expect(pinned['@sparticuz/chromium']).toBe('147.0.0');
    expect(installed('@sparticuz/chromium')).toBe(pinned['@sparticuz/chromium']);
    expect(installed('playwright-core')).toBe(pinned['playwright-core']);
    expect(bundledPackage()?.version).toBe('147.0.0');
    expect(browser.version()).toMatch(/^147\./);
  });

  it('runs on the shared libraries it was unpacked with, not the system’s', () => {
    const pids = processesOf(launched.executablePath);
    expect(pids.length).toBeGreaterThan(0);
    const libDir = join(launched.executablePath, '..', 'lib');
    const maps = pids.map((pid) => readFileSync(`/proc/${pid}/maps`, 'utf8')).join('');
    expect(maps).toContain(join(libDir, 'libnss3.so'));
    expect(maps).not.toMatch(/\/usr\/lib\/\S*libnss3\.so/);
  });

  it('renders a page and prints it to PDF', async () => {
    const page = await browser.newPage();
    await page.setContent('<h1 style="font-family: sans-serif">fengong print check</h1>');
    expect(await page.locator('h1').textContent()).toBe('fengong print check');
    const pages = await readPdf(await page.pdf({ format: 'A4' }));
    await page.close();
    expect(pages).toHaveLength(1);
    expect(pages[0].text).toContain('fengong print check'); // in the package's own Open Sans
    expect(pages[0].fonts.map((f) => f.name).join()).toMatch(/OpenSans/);
  });
});
