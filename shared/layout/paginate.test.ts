import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { consolidate } from '../model/consolidate';
import { STATUSES } from '../model/progress';
import { buildConsolidatedSheet } from './consolidated-sheet';
import type { SheetLayout } from './model';
import { continuationHeightPt, MAX_GAP, PAGE_FILL, printableSizePt, ROW_SLACK_PT } from './paginate';
import { fitScale } from './render-html';
import { HAO_PT } from './style';
import { buildUnitSheet } from './unit-sheet';
import { assignmentsForUnit } from '../model/unit-assignments';
import { entry, PERIOD } from './test-fixtures';

const plan = loadReferencePlan();
const keys = plan.tasks.flatMap((t) => t.measures.map((m) => ({ key: m.key, units: m.assignments.map((a) => a.unitId) })));

/** Filled like render:print: some long texts. */
function filled() {
  let n = 0;
  const entries = keys.flatMap((k) =>
    k.units.map((u) => {
      n++;
      const progress = Array.from({ length: n % 11 === 0 ? 9 : 1 + (n % 4) }, (_, i) => `${i + 1}. 已按计划推进，完成年度投资目标的${50 + i}%，相关项目前期手续办理完毕。`).join('\n');
      return entry(k.key, u, { status: STATUSES[n % 4], progress });
    }),
  );
  return consolidate(plan, PERIOD, entries, {}, plan.units);
}

/** The pages as [first, last] data rows, with what they hold (rows, heights). */
function pages(l: SheetLayout) {
  const last = l.rows.findLastIndex((r) => r.kind === 'data' || r.kind === 'note');
  const starts = [l.firstDataRow, ...l.pageBreaks];
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] - 1 : last }));
}

function checkPaged(l: SheetLayout): string | null {
  const cap = printableSizePt(l.print).h * PAGE_FILL;
  const header = l.rows[l.headerRow].heightPt + ROW_SLACK_PT;
  const above = l.rows.slice(0, l.headerRow).reduce((s, r) => s + r.heightPt, 0);
  const ps = pages(l);
  const measureCol = l.columns.findIndex((c) => c.id === 'measure');
  for (const [i, p] of ps.entries()) {
    let used = header + (i === 0 ? above : continuationHeightPt(l));
    for (let r = p.start; r <= p.end; r++) used += l.rows[r].heightPt + ROW_SLACK_PT;
    if (p.end > p.start && used > cap + 0.01) return `page ${i + 1} overfull: ${used} > ${cap}`;
    // the top row of a page starts its own merges: its 序号 / 主要任务 / 具体举措 cells carry text
    const top = l.rows[p.start];
    if (top.kind === 'data') {
      for (const c of [0, 1, measureCol]) {
        if (!top.cells[c]) return `page ${i + 1}: empty cell ${c}`;
        const covering = l.merges.find((m) => m.left <= c && c <= m.right && m.top < p.start && p.start <= m.bottom);
        if (covering) return `page ${i + 1}: cell ${c} covered by a merge from row ${covering.top}`;
      }
    }
  }
  // no merge crosses a page break
  for (const m of l.merges) if (l.pageBreaks.some((b) => m.top < b && b <= m.bottom)) return `merge ${JSON.stringify(m)} crosses a break`;
  return null;
}

describe('paginate (computed page breaks)', () => {
  it('A3 and A4: no page overfull, continued pages repeat their task and measure, no merge crosses a break', () => {
    const measures = filled();
    for (const paper of ['A3', 'A4'] as const) {
      const l = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paper });
      expect(l.pageBreaks.length).toBeGreaterThan(paper === 'A3' ? 15 : 30);
      expect(checkPaged(l)).toBeNull();
      // a continued task: its 主要任务 is printed again at the top of the next page
      const continued = l.pageBreaks.filter((b) => l.rows[b - 1].cells[0] === l.rows[b].cells[0]);
      expect(continued.length).toBeGreaterThan(5);
    }
  });

  it('keeps a measure that fits on a page together unless that would leave a large gap', () => {
    const measures = filled();
    const l = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures });
    const cap = printableSizePt(l.print).h * PAGE_FILL;
    const split = l.pageBreaks.filter((b) => l.rows[b - 1].measureKey === l.rows[b].measureKey);
    const ps = pages(l);
    for (const b of split) {
      // split only when the measure is taller than a page, or moving it would leave too much of this page empty
      const mk = l.rows[b].measureKey;
      const whole = l.rows.reduce((s, r) => s + (r.measureKey === mk ? r.heightPt : 0), 0);
      const before = ps.find((p) => p.end === b - 1)!;
      const first = l.rows.findIndex((r) => r.measureKey === mk);
      const used = l.rows.slice(before.start, first).reduce((s, r) => s + r.heightPt, 0);
      expect(whole > cap * 0.85 || used < cap * (1 - MAX_GAP)).toBe(true);
    }
    expect(split.length).toBeLessThan(l.pageBreaks.length);
  });

  it('holds for any entries, paper and mode (property)', () => {
    const arb = fc.record({
      i: fc.nat({ max: keys.length - 1 }),
      u: fc.nat({ max: 10 }),
      progress: fc.string({ unit: fc.constantFrom('推', '进', 'a', '1', '\n', '，', '《', '%'), maxLength: 1500 }),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 60 }), fc.constantFrom('A3' as const, 'A4' as const), fc.constantFrom('rows' as const, 'summary' as const), (es, paper, mode) => {
        const entries = es.map((e) => entry(keys[e.i].key, keys[e.i].units[e.u % keys[e.i].units.length], { progress: e.progress }));
        const l = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, entries, {}, plan.units), paper, mode });
        return checkPaged(l) === null;
      }),
      { numRuns: 25, seed: 20261231 },
    );
  });
});

describe('print style', () => {
  const measures = consolidate(plan, PERIOD, [], { [keys[0].key]: '汇总。' }, plan.units);
  const unit = plan.units.find((u) => u.id === '省交通运输厅')!;
  const layouts = (['A3', 'A4'] as const).flatMap((paper) => [
    buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paper }),
    buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paper, mode: 'summary' }),
    buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, [], {}, plan.units), paper }),
    buildUnitSheet({ planTitle: plan.title, period: PERIOD, unit, assignments: assignmentsForUnit(plan, unit.id), entries: [], paper }),
  ]);

  it('every layout fits its page at 100 % and uses standard 号 sizes only', () => {
    const standard = new Set<number>(Object.values(HAO_PT));
    for (const l of layouts) {
      expect(fitScale(l), `${l.kind} ${l.print.paper} ${l.sheetName}`).toBe(1);
      // ... and fills it (no more than 3 % left over)
      const need = l.columns.filter((c) => !c.hidden).reduce((s, c) => s + c.width * 5.25 + 6, 0);
      expect(need / printableSizePt(l.print).w).toBeGreaterThan(0.97);
      for (const f of Object.values(l.fonts)) expect(standard.has(f.sizePt)).toBe(true);
    }
  });
});
