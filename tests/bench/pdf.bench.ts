// Print-to-PDF of the reference plan's consolidated table (A3), in each browser the service can use
// here: as the service prints it (the bundled CJK fonts loaded from disk through the page's routes)
// against the same browser printing the same table without any web font (setContent, system fonts
// only — the way it printed before the fonts came with npm ci). Prints medians, the ratio and the
// PDF sizes. Wall time on a shared 2-core machine: compare the ratio, not the milliseconds.
import type { Browser } from 'playwright-core';
import { browserCandidates } from '../../server/browser/find-browser';
import { findContext, launchChromium } from '../../server/browser/launch-browser';
import { FONT_STYLESHEET_LINK } from '../../server/fonts/bundled-fonts';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { printToPdf } from '../../server/workbooks/pdf';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { renderLayoutHtml } from '../../shared/layout/render-html';
import { PERIOD } from '../../shared/layout/test-fixtures';

const RUNS = 5;
const plan = loadReferencePlan();
const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, [], {}, plan.units) });
const withFonts = renderLayoutHtml(layout, { extraHead: FONT_STYLESHEET_LINK });
const plain = renderLayoutHtml(layout);

async function systemFontsOnly(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(plain, { waitUntil: 'load' });
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await page.close();
  }
}

async function median(f: () => Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  await f(); // warm-up
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    bytes = (await f()).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], bytes };
}

for (const candidate of browserCandidates(findContext())) {
  const { browser } = await launchChromium({ candidates: [candidate] });
  try {
    const base = await median(() => systemFontsOnly(browser));
    const ours = await median(() => printToPdf(browser, withFonts));
    console.log(`${candidate.label} (${browser.version()}), ${RUNS} runs, median:`);
    console.log(`  system fonts only (before):   ${base.ms.toFixed(0)} ms, ${(base.bytes / 1024).toFixed(0)} KiB`);
    console.log(`  bundled fonts (print.pdf):    ${ours.ms.toFixed(0)} ms, ${(ours.bytes / 1024).toFixed(0)} KiB`);
    console.log(`  ratio: ${(ours.ms / base.ms).toFixed(2)}× the time, ${(ours.bytes / base.bytes).toFixed(2)}× the size`);
  } finally {
    await browser.close();
  }
}
