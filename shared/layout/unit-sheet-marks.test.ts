// The unit sheet's measure cell carries the cycle's marks: 【已办结，不再填报】 (fields locked) and,
// while a 退回 is in force, 【退回意见：…】 on the returned entries only; keys and fields unchanged.
import { describe, expect, it } from 'vitest';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { assignmentsForUnit } from '../model/unit-assignments';
import { buildUnitSheet } from './unit-sheet';
import { decodeRowKey } from './keys';
import type { Period } from '../model/progress';

const plan = loadReferencePlan();
const unit = plan.units.find((u) => u.id === '省交通运输厅')!;
const assignments = assignmentsForUnit(plan, unit.id);
const period = { id: 'p1', planId: 'plan', name: '2026年下半年', state: 'open', openedAt: '2026-07-01T00:00:00Z', deadline: null } as unknown as Period;

describe('unit sheet marks', () => {
  it('marks the returned entry with its reason and the closed one as 办结; the rest unchanged', () => {
    const [a, b, c] = assignments.map((x) => x.measureKey);
    const plain = buildUnitSheet({ planTitle: plan.title, period, unit, assignments, entries: [] });
    const marked = buildUnitSheet({
      planTitle: plan.title, period, unit, assignments, entries: [],
      returned: new Map([[a, '请补充具体完成的工程量。']]), closed: new Set([b]),
    });
    const measureCol = marked.columns.findIndex((col) => col.id === 'measure');
    const keyCol = marked.columns.findIndex((col) => col.id === 'key');
    const row = (l: typeof marked, mk: string) => l.rows.find((r) => r.measureKey === mk)!;
    expect(row(marked, a).cells[measureCol]).toBe(`${row(plain, a).cells[measureCol]}\n【退回意见：请补充具体完成的工程量。】`);
    expect(row(marked, a).locked).toBeUndefined(); // returned: to be filled again
    expect(row(marked, b).cells[measureCol]).toBe(`${row(plain, b).cells[measureCol]}\n【已办结，不再填报】`);
    expect(row(marked, b).locked).toBe(true);
    expect(row(marked, c).cells).toEqual(row(plain, c).cells);
    for (const mk of [a, b, c]) expect(decodeRowKey(row(marked, mk).cells[keyCol])?.measureKey).toBe(mk);
    expect(row(marked, a).heightPt).toBeGreaterThanOrEqual(row(plain, a).heightPt); // the note's line fits
  });
});
