import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { consolidate } from '../model/consolidate';
import { buildConsolidatedSheet } from './consolidated-sheet';
import { decodeRowKey } from './keys';
import { escapeHtml, fitScale, renderLayoutHtml } from './render-html';
import { MAX_ROW_HEIGHT_PT } from './text-height';
import { entry, PERIOD } from './test-fixtures';
import { STATUSES } from '../model/progress';

const plan = loadReferencePlan();
const measures = consolidate(plan, PERIOD, [], {}, plan.units);

describe('renderLayoutHtml', () => {
  const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures });
  const html = renderLayoutHtml(layout);

  it('is a complete document with A3 landscape @page, page numbers and the header in <thead>', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('size: A3 landscape;');
    expect(html).toContain('@bottom-center { content: "— " counter(page) " —"');
    expect(html).toMatch(/<thead>\s*<tr class="r-header">(<th[^>]*>[^<]*<\/th>){10}<\/tr>\s*<\/thead>/);
    expect(html).toContain('"仿宋_GB2312", "仿宋", "FangSong"');
    expect(html).toContain('"方正小标宋简体"');
    expect(html).toContain('"黑体"');
  });

  it('draws merges as rowspans, leaves the key column out, and sizes columns to the page', () => {
    const vertical = layout.merges.filter((m) => m.bottom > m.top).length;
    expect(html.match(/rowspan="/g)).toHaveLength(vertical);
    expect(html).not.toContain('FG1|');
    expect(html).not.toContain('FENGONG-KEY');
    const widths = [...html.matchAll(/<col class="[^"]+" style="width:([\d.]+)%">/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(10);
    expect(widths.reduce((s, w) => s + w, 0)).toBeCloseTo(100, 1);
    expect(html).toContain('table-layout: fixed');
    const dataRows = layout.rows.filter((r) => r.kind === 'data').length;
    expect(html.match(/<tr class="r-data"/g)).toHaveLength(dataRows);
  });

  it('keeps unit cells and short measures on one page, lets task cells run across pages', () => {
    expect(html).not.toMatch(/<td[^>]*class="c-(no|task)[^"]*keep/);
    const unitCells = html.match(/<td[^>]*class="c-units[^"]*"/g)!;
    expect(unitCells.length).toBeGreaterThan(100);
    expect(unitCells.every((c) => c.includes('keep'))).toBe(true);
    expect(html).toMatch(/<td rowspan="\d+" class="c-measure keep"/);
  });

  it('escapes everything', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shrinks A4 like fit-to-width, A3 barely', () => {
    const a4 = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paper: 'A4' });
    expect(fitScale(layout)).toBeGreaterThan(0.95);
    expect(fitScale(a4)).toBeGreaterThan(0.8);
    expect(fitScale(a4)).toBeLessThan(0.9);
    expect(renderLayoutHtml(a4)).toContain('size: A4 landscape;');
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
