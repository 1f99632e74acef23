// The HTML print view in a real headless Chromium: print-to-PDF of the reference plan's consolidated
// table, checked page by page with PDF.js (the computed pages, 续表 and the header row on every
// later page, "— N —" page numbers). `npm run render:print` checks the filled table on every renderer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { artifactPath, launchBrowser } from '../helpers/browser';
import { pdfPageToPng, readPdf } from '../helpers/pdf';
import { printToPdf } from '../../server/workbooks/pdf';
import { FONT_STYLESHEET_LINK } from '../../server/fonts/bundled-fonts';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { buildUnitSheet } from '../../shared/layout/unit-sheet';
import { assignmentsForUnit } from '../../shared/model/unit-assignments';
import { renderLayoutHtml } from '../../shared/layout/render-html';
import { entry, measureByNo, PERIOD } from '../../shared/layout/test-fixtures';
import type { PaperSize, SheetLayout } from '../../shared/layout/model';

const plan = loadReferencePlan();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Printed as the service prints it (server/workbooks/pdf.ts, bundled fonts where the official ones are missing). */
async function toPdf(layout: SheetLayout, name: string): Promise<{ pages: string[]; file: string; size: { w: number; h: number } }> {
  const pdf = await printToPdf(browser, renderLayoutHtml(layout, { extraHead: FONT_STYLESHEET_LINK }));
  const file = artifactPath('print', `${name}.pdf`);
  writeFileSync(file, pdf);
  // First two pages as PNG, for people to look at.
  for (const n of [1, 2]) await pdfPageToPng(pdf, n, file.replace(/\.pdf$/, `-${n}.png`));
  const read = await readPdf(pdf);
  return { pages: read.map((p) => p.text), file, size: { w: read[0].widthMm, h: read[0].heightMm } };
}

const consolidated = (paper: PaperSize) =>
  buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, [], {}, plan.units), paper });

describe('HTML print view → PDF in headless Chromium', () => {
  for (const paper of ['A3', 'A4'] as const) {
    it(`consolidated table, ${paper} landscape: the computed pages, each with the header row, 续表 and "— N —"`, async () => {
      const layout = consolidated(paper);
      const { pages, file, size } = await toPdf(layout, `consolidated-${paper}`);
      console.log(`[print] consolidated ${paper}: ${pages.length} pages (${file})`);
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.length).toBe(layout.pageBreaks.length + 1);
      expect(Math.round(size.w)).toBe(paper === 'A3' ? 420 : 297);
      expect(Math.round(size.h)).toBe(paper === 'A3' ? 297 : 210);
      pages.forEach((p, i) => {
        const flat = p.replace(/\s+/g, '');
        for (const h of ['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '汇总状态']) expect(flat, `page ${i + 1}: ${h}`).toContain(h);
        expect(flat, `page ${i + 1} number`).toContain(`—${i + 1}—`);
        expect(flat.includes('续表'), `page ${i + 1}: 续表`).toBe(i > 0);
      });
      // Every row is printed (each of 菏泽's rows names it once); the key column is not printed.
      const all = pages.join('').replace(/\s+/g, '');
      const heze = plan.tasks.flatMap((t) => t.measures).filter((m) => m.assignments.some((a) => a.unitId === '菏泽市人民政府')).length;
      expect(all.split('菏泽市政府').length - 1).toBe(heze);
      expect(all).toContain('省交通运输厅');
      expect(all).not.toContain('FG1|');
      expect(all).not.toContain('FENGONG');
    });
  }

  it("summary mode (the office's summary per measure) prints with its header on every page", async () => {
    const m = measureByNo(plan, '8.2');
    const measures = consolidate(plan, PERIOD, [], { [m.key]: '八、制造业协同发展：'.concat('各市加快推进主导产业壮大工程，'.repeat(40)) }, plan.units);
    const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, mode: 'summary', paper: 'A4' });
    const { pages } = await toPdf(layout, 'summary-A4');
    console.log(`[print] summary A4: ${pages.length} pages`);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      const flat = p.replace(/\s+/g, '');
      for (const h of ['具体举措', '责任单位', '汇总进展']) expect(flat, `page ${i + 1}: ${h}`).toContain(h);
      expect(flat).toContain(`—${i + 1}—`);
    });
    expect(pages.join('').replace(/\s+/g, '')).toContain('八、制造业协同发展');
    expect(pages.length).toBe(layout.pageBreaks.length + 1);
  });

  it('escapes text and renders a unit sheet with filled entries; screenshot for people to look at', async () => {
    const unit = plan.units.find((u) => u.id === '省交通运输厅')!;
    const m = measureByNo(plan, '1.1');
    const layout = buildUnitSheet({
      planTitle: plan.title,
      period: PERIOD,
      unit,
      assignments: assignmentsForUnit(plan, unit.id),
      entries: [entry(m.key, unit.id, { status: '推进中', progress: '<script>alert(1)</script> 鲁南高铁菏泽至兰考段已于3月开工建设，完成投资12.5亿元。\n第二段：京雄商高铁山东段加快推进。', problems: '征地拆迁进度偏慢。', nextSteps: '加快协调。', contact: '张三 0531-12345678' })],
    });
    const html = renderLayoutHtml(layout);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.setContent(html);
    expect(await page.locator('thead th').count()).toBe(9);
    expect(await page.locator('td[rowspan="4"]').count()).toBe(2);
    await page.screenshot({ path: artifactPath('print', 'unit-sheet.png'), fullPage: true });
    await page.close();
  });
});
