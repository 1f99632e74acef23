import { describe, expect, it } from 'vitest';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { entry, measureByNo, PERIOD } from '../layout/test-fixtures';
import { consolidate } from './consolidate';

const plan = loadReferencePlan();

describe('consolidate', () => {
  it('lists every measure in plan order with all its units, lead first', () => {
    const ms = consolidate(plan, PERIOD, [], {}, plan.units);
    expect(ms.map((m) => m.measureNo)).toEqual(plan.tasks.flatMap((t) => t.measures.map((m) => m.no)));
    const m = ms.find((x) => x.measureNo === '26.2')!;
    expect(m.units.map((u) => [u.unitName, u.role])).toEqual([
      ['省发展改革委', 'lead'],
      ['临沂市政府', 'co'],
      ['枣庄市政府', 'co'],
      ['济宁市政府', 'co'],
      ['菏泽市政府', 'co'],
    ]);
    expect(ms.every((x) => x.rollup === '未填报' && x.summary === '')).toBe(true);
  });

  it("takes this period's entries, rolls statuses up and attaches the summary", () => {
    const m = measureByNo(plan, '1.1');
    const ms = consolidate(
      plan,
      PERIOD,
      [
        entry(m.key, '省交通运输厅', { status: '已完成', progress: '已完成。' }),
        entry(m.key, '省发展改革委', { status: '推进中' }),
        entry(m.key, '省发展改革委', { status: '滞后' }, 1, 'another-period'),
        entry(m.key, '省交通运输厅', { status: '什么' }, 1, 'x'),
      ],
      { [m.key]: '总体推进中' },
      plan.units,
    );
    const c = ms.find((x) => x.measureKey === m.key)!;
    expect(c.units.map((u) => u.status)).toEqual(['已完成', '推进中']);
    expect(c.units[0].progress).toBe('已完成。');
    expect(c.units[0].updatedAt).toBe('2026-03-01T08:00:00Z');
    expect(c.rollup).toBe('推进中');
    expect(c.summary).toBe('总体推进中');
  });
});
