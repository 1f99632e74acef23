// Shared setup for the console and fill-page browser tests: a real service on a temp database
// serving the webpack bundles, a real headless Chromium at 1366×768, screenshots under artifacts/console/.
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, artifactPath } from '../helpers/browser';
import { startTestServer, api, type TestServer } from '../helpers/server';

export { api };

export async function startConsoleServer(): Promise<TestServer> {
  const dist = resolve('dist');
  if (!existsSync(resolve(dist, 'console/index.html')) || !existsSync(resolve(dist, 'fill/index.html'))) {
    throw new Error('dist/console and dist/fill are missing: run the tests without FENGONG_SKIP_BUILD (global setup builds them)');
  }
  return startTestServer({ config: { staticDir: dist }, deadline: '2026-12-31' });
}

export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept()); // confirm() before closing a period, revoking a code …
  return { page, errors };
}

export async function signInConsole(page: Page, s: TestServer): Promise<void> {
  await page.goto(`${s.url}/console/`);
  await page.fill('#code', s.coordinatorCode);
  await page.click('#signin');
  await page.waitForSelector('#main[data-ready="overview"]');
}

/** Go to a console page by its hash and wait until it has drawn. */
export async function showPage(page: Page, id: string): Promise<void> {
  const same = await page.evaluate((h) => location.hash === `#${h}`, id);
  if (same) await page.reload();
  else await page.evaluate((h) => (location.hash = h), id);
  await page.waitForSelector(`#main[data-ready="${id}"]`);
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: artifactPath('console', `${name}.png`), fullPage });
}

export { launchBrowser, artifactPath };
