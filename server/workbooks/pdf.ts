// PDF of the HTML print view through headless Chromium's print-to-PDF (page.pdf with the page's
// own @page size). One browser, launched on first use and reused; pages are opened per request.
import type { Browser } from 'playwright-core';
import { AppError } from '../../shared/messages';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless, and quiet on a closed network (no background connections, no updates). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Promise<Browser> | null = null;

async function getBrowser(): Promise<Browser> {
  if (!browser) {
    browser = (async () => {
      const { chromium } = await import('playwright-core');
      const b = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
      });
      b.on('disconnected', () => (browser = null));
      return b;
    })();
    browser.catch(() => (browser = null));
  }
  return browser;
}

/** Prints a complete HTML document to PDF; its @page rule decides paper and orientation. */
export async function htmlToPdf(html: string): Promise<Buffer> {
  let b: Browser;
  try {
    b = await getBrowser();
  } catch {
    throw new AppError('PDF_UNAVAILABLE', 503);
  }
  const page = await b.newPage();
  try {
    // The document is self-contained: nothing to fetch (and nothing allowed to be fetched).
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
  } finally {
    await page.close();
  }
}

export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b).close().catch(() => {});
}
