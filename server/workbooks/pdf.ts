// PDF of the HTML print view through headless Chromium's print-to-PDF (page.pdf with the page's
// own @page size). One browser — server/browser decides which —, launched on first use and reused;
// pages are opened per request. The page is loaded from a made-up origin whose only answers are the
// document itself and the bundled CJK fonts (read from disk): nothing is fetched from anywhere.
import type { Browser, Page, Route } from 'playwright-core';
import { AppError } from '../../shared/messages';
import { launchChromium, type LaunchedBrowser } from '../browser/launch-browser';
import { FONT_STYLESHEET, FONTS_URL, fontFaceCss, fontFile } from '../fonts/bundled-fonts';
import type { Logger } from '../logger';

const ORIGIN = 'https://print.fengong.invalid';
const PAGE_TIMEOUT_MS = 60_000;
/** Printing itself (page.pdf has no time limit of its own): the largest plan's PDF takes about a minute. */
export const PDF_TIMEOUT_MS = 180_000;

let launched: Promise<LaunchedBrowser> | null = null;

async function getBrowser(log?: Logger): Promise<Browser> {
  if (!launched) {
    const l = launchChromium();
    launched = l;
    l.then(
      ({ browser, candidate, executablePath }) => {
        log?.info({ browser: candidate.source, path: executablePath, version: browser.version() }, 'print-to-PDF browser started');
        browser.on('disconnected', () => {
          if (launched === l) launched = null;
        });
      },
      (err) => {
        log?.error({ err }, 'print-to-PDF: no browser could start');
        if (launched === l) launched = null;
      },
    );
  }
  return (await launched).browser;
}

let pdfFontCss: string | null = null;

/** The document at ORIGIN/, the bundled fonts under /fonts/; everything else is refused. */
async function answer(route: Route, html: string): Promise<void> {
  const url = new URL(route.request().url());
  if (url.origin !== ORIGIN) return route.abort();
  if (url.pathname === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
  // Without local(): the PDF embeds the bundled TrueType slices rather than a CFF Noto CJK as Type 3.
  if (url.pathname === FONT_STYLESHEET) return route.fulfill({ contentType: 'text/css', body: (pdfFontCss ??= fontFaceCss({ preferLocal: false })) });
  const file = url.pathname.startsWith(`${FONTS_URL}/`) ? fontFile(url.pathname.slice(FONTS_URL.length + 1)) : null;
  if (file) return route.fulfill({ path: file, contentType: 'font/woff2' });
  return route.abort();
}

/** Opens a complete HTML document as print-to-PDF sees it, its fonts loaded. Close the page after use. */
export async function openPrintPage(browser: Browser, html: string): Promise<Page> {
  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.route('**/*', (route) => answer(route, html));
    await page.goto(`${ORIGIN}/`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  } catch (err) {
    await page.close();
    throw err;
  }
}

/** Prints a complete HTML document with `browser`; its @page rule decides paper and orientation. Past `timeoutMs`: EXPORT_TIMEOUT, the page closed. */
export async function printToPdf(browser: Browser, html: string, timeoutMs = PDF_TIMEOUT_MS): Promise<Buffer> {
  const page = await openPrintPage(browser, html);
  let timer: NodeJS.Timeout | undefined;
  try {
    const printing = page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
    printing.catch(() => undefined); // closing the page ends it: that rejection is the timeout's
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('EXPORT_TIMEOUT', 503, `PDF 超过 ${Math.round(timeoutMs / 1000)} 秒`)), timeoutMs);
    });
    return await Promise.race([printing, late]);
  } finally {
    clearTimeout(timer);
    await page.close();
  }
}

/** Prints with the service's browser (503 PDF_UNAVAILABLE when none can start; the reason is logged). */
export async function htmlToPdf(html: string, log?: Logger, timeoutMs?: number): Promise<Buffer> {
  let b: Browser;
  try {
    b = await getBrowser(log);
  } catch {
    throw new AppError('PDF_UNAVAILABLE', 503);
  }
  return printToPdf(b, html, timeoutMs);
}

export async function closePdfBrowser(): Promise<void> {
  const l = launched;
  launched = null;
  if (l) await (await l.catch(() => null))?.browser.close().catch(() => {});
}
