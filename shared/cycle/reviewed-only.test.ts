import { describe, expect, it } from 'vitest';
import type { ConsolidatedMeasure } from '../api/contract';
import { onlyReviewed } from './reviewed-only';

const unit = (unitId: string, status: '' | '滞后' | '已完成', progress: string) =>
  ({ unitId, unitName: unitId, role: 'co' as const, status, progress, problems: 'p', nextSteps: 'n', contact: 'c', updatedAt: '2026-12-01T00:00:00Z' });
const measure: ConsolidatedMeasure = {
  taskNo: '1', taskTitle: 't', measureKey: 'm1', measureNo: '1.1', measureText: 'x', rollup: '滞后', summary: '',
  units: [unit('A', '已完成', '完成。'), unit('B', '滞后', '滞后了。')],
};

describe('onlyReviewed', () => {
  it('keeps every row, blanks the text of units not approved and rolls the status up from the approved ones', () => {
    const r = onlyReviewed([measure], new Set(['A']));
    expect(r.measures[0].units.map((u) => [u.unitId, u.status, u.progress, u.problems])).toEqual([['A', '已完成', '完成。', 'p'], ['B', '', '', '']]);
    expect(r.measures[0].rollup).toBe('推进中'); // B's 滞后 is not reviewed: not printed, not counted
    expect([...r.unreviewed]).toHaveLength(1);
    expect(measure.units[1].progress).toBe('滞后了。'); // the input is not altered
  });
});
