import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { consolidate } from '../model/consolidate';
import { buildConsolidatedSheet } from './consolidated-sheet';
import { decodeRowKey } from './keys';
import { escapeHtml, fitScale, renderLayoutHtml } from './render-html';
import { MAX_ROW_HEIGHT_PT } from './text-height';
import { printableSizePt } from './paginate';
import { entry, PERIOD } from './test-fixtures';
import { STATUSES } from '../model/progress';

const plan = loadReferencePlan();
const measures = consolidate(plan, PERIOD, [], {}, plan.units);

describe('renderLayoutHtml', () => {
  const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, asOf: '2026-06-30', attachment: '附件' });
  const html = renderLayoutHtml(layout);

  it('is a complete document: A3 landscape @page, GB/T page numbers (odd right, even left), 四号 宋体, the official fonts first', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('size: A3 landscape;');
    expect(html).toMatch(/@page :right \{ @bottom-right \{ content: "— " counter\(page\) " —\\3000"; font-family: "宋体"[^;]*; font-size: 14pt; \} \}/);
    expect(html).toMatch(/@page :left \{ @bottom-left \{ content: "\\3000— " counter\(page\) " —";/);
    expect(renderLayoutHtml(buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, pageNumbers: 'center' }))).toContain('@bottom-center');
    expect(html).toContain('"仿宋_GB2312", "仿宋", "FangSong_GB2312"');
    expect(html).toContain('"方正小标宋简体"');
    expect(html).toContain('"黑体"');
    expect(html).toContain('font-size: 22pt'); // 二号 title
    expect(html).toContain('<p class="attachment"');
    expect(html).toContain('>（截至2026年6月30日）</p>');
    expect(html).toMatch(/<p class="footnote"[^>]*>说明：汇总状态/);
  });

  it('prints page by page as laid out: 续表 and the header row on every later page, rows at their estimated heights', () => {
    const sections = html.split('<section class="page">').slice(1);
    expect(sections).toHaveLength(layout.pageBreaks.length + 1);
    expect(sections[0]).toContain('<h1 class="title"');
    expect(sections[0]).not.toContain('续表');
    for (const sec of sections.slice(1)) {
      expect(sec).toMatch(/^\s*<p class="continuation"[^>]*>续表<\/p>/);
      expect(sec).toMatch(/<thead>\s*<tr class="r-header"[^>]*>(<th[^>]*>[^<]*<\/th>){9}<\/tr>\s*<\/thead>/);
    }
    expect(html).toMatch(/<tr class="r-data" data-measure="[^"]+" data-unit="[^"]+" style="height:[\d.]+pt">/);
    expect(html).toContain('section.page { break-after: page; }');
  });

  it('draws merges as rowspans, leaves the key column out, and sizes columns in points to the page', () => {
    const vertical = layout.merges.filter((m) => m.bottom > m.top && m.top > layout.headerRow).length;
    expect(html.match(/rowspan="/g)).toHaveLength(vertical);
    expect(html).not.toContain('FG1|');
    expect(html).not.toContain('FENGONG-KEY');
    const widths = [...html.slice(0, html.indexOf('</colgroup>')).matchAll(/<col class="[^"]+" style="width:([\d.]+)pt">/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(9); // no 汇总进展 yet
    expect(widths.reduce((s, w) => s + w, 0)).toBeLessThanOrEqual(printableSizePt(layout.print).w);
    expect(html).toContain('table-layout: fixed');
    const dataRows = layout.rows.filter((r) => r.kind === 'data').length;
    expect(html.match(/<tr class="r-data"/g)).toHaveLength(dataRows);
  });

  it('escapes everything', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('prints at 100 % on A3 and A4 (the widths fit), standard sizes unscaled', () => {
    const a4 = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paper: 'A4' });
    expect(fitScale(layout)).toBe(1);
    expect(fitScale(a4)).toBe(1);
    const a4html = renderLayoutHtml(a4);
    expect(a4html).toContain('size: A4 landscape;');
    expect(a4html).toMatch(/table\.sheet td \{ font-size: 9pt; \}/); // 小五
  });

  it('has a hook for bundled fonts in <head>', () => {
    const h = renderLayoutHtml(layout, { extraHead: '<style>@font-face { font-family: "仿宋_GB2312"; src: url(data:font/woff2;base64,AAAA); }</style>' });
    expect(h.indexOf('@font-face')).toBeLessThan(h.indexOf('</head>'));
    expect(h.indexOf('@font-face')).toBeGreaterThan(h.indexOf('<style>'));
  });
});

describe('consolidated layout invariants (property)', () => {
  const keys = plan.tasks.flatMap((t) => t.measures.map((m) => ({ key: m.key, units: m.assignments.map((a) => a.unitId) })));
  const arbEntry = fc.record({
    i: fc.nat({ max: keys.length - 1 }),
    u: fc.nat({ max: 10 }),
    status: fc.constantFrom('', ...STATUSES),
    progress: fc.string({ unit: fc.constantFrom('推', '进', 'a', '1', '\n', '=', ' ', '《'), maxLength: 3000 }),
  });
  it('merges never overlap, heights stay within 409 pt, keys decode — for any entries, filter and mode', () => {
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 40 }),
        fc.constantFrom('rows' as const, 'summary' as const),
        fc.constantFrom('A3' as const, 'A4' as const),
        fc.option(fc.subarray(plan.tasks.map((t) => t.no)), { nil: undefined }),
        (es, mode, paper, taskNos) => {
          const entries = es.map((e) => {
            const k = keys[e.i];
            return entry(k.key, k.units[e.u % k.units.length], { status: e.status, progress: e.progress });
          });
          const l = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, entries, {}, plan.units), paper, mode, filter: { taskNos } });
          const seen = new Set<number>();
          for (const m of l.merges)
            for (let r = m.top; r <= m.bottom; r++)
              for (let c = m.left; c <= m.right; c++) {
                const k = r * 100 + c;
                if (seen.has(k)) return false;
                seen.add(k);
              }
          const keyCol = l.columns.length - 1;
          return l.rows.every(
            (r) => r.heightPt > 0 && r.heightPt <= MAX_ROW_HEIGHT_PT && (r.kind !== 'data' || decodeRowKey(r.cells[keyCol])?.measureKey === r.measureKey),
          );
        },
      ),
      { numRuns: 40, seed: 20260630 },
    );
  });
});
