// What the pane's 审核与办结 panel is built from: the return in force (whole or named entries), no
// return once submitted again, 办结 (own or whole-measure closure), and each entry's live evidence.
import { describe, expect, it } from 'vitest';
import { cycleInfoOf } from './cycle';
import type { Evidence, UnitReview } from '../../client/api';
import type { MyAssignment } from '../../../shared/api/contract';

const U = '省交通运输厅';
const a = (no: string) => ({ measureKey: `m${no}`, measureNo: no, measureText: `举措${no}` }) as MyAssignment;
const assignments = [a('1.1'), a('1.2'), a('1.3')];
const review = (over: Partial<UnitReview>): UnitReview => ({
  unitId: U, state: 'submitted', submittedAt: '2026-12-01T01:00:00Z', signedBy: '李厅长', lastReturn: null, resubmitted: false, approvedAt: null, steps: [], returnedEntries: null, ...over,
});
const ret = { at: '2026-12-02T01:00:00Z', by: '协调办公室', reason: '请补充工程量。' };
const file = (id: string, mk: string, over: Partial<Evidence> = {}) =>
  ({ id, periodId: 'p', measureKey: mk, unitId: U, name: `${id}.pdf`, kind: 'pdf', size: 10, sha256: '', createdAt: '', createdBy: '', codeId: null, deletedAt: null, deletedBy: null, ...over }) as Evidence;

describe('cycleInfoOf', () => {
  it('a return naming one entry: only that entry carries the reason', () => {
    const info = cycleInfoOf(U, review({ state: 'returned', lastReturn: { ...ret, measureKeys: ['m1.2'] }, returnedEntries: { 'm1.2': ret.reason } }), [], [], assignments);
    expect(info.returned).toEqual({ ...ret, whole: false });
    expect(info.entries.map((e) => [e.measureNo, e.returnReason])).toEqual([['1.2', '请补充工程量。']]);
  });

  it('a whole return names every entry; once submitted again nothing is returned', () => {
    const all = Object.fromEntries(assignments.map((x) => [x.measureKey, ret.reason]));
    const whole = cycleInfoOf(U, review({ state: 'returned', lastReturn: { ...ret, measureKeys: [] }, returnedEntries: all }), [], [], assignments);
    expect(whole.returned?.whole).toBe(true);
    expect(whole.entries).toEqual([]); // said once, in the notice
    const again = cycleInfoOf(U, review({ state: 'submitted', resubmitted: true, lastReturn: { ...ret, measureKeys: [] }, returnedEntries: all }), [], [], assignments);
    expect(again.returned).toBeNull();
    expect(again.entries).toEqual([]);
  });

  it('办结 (the unit’s own or the whole measure’s) and live evidence only', () => {
    const closures = [
      { planId: 'x', measureKey: 'm1.1', unitId: '', periodId: 'p', at: '', by: '协调办公室', note: '' },
      { planId: 'x', measureKey: 'm1.3', unitId: '别的单位', periodId: 'p', at: '', by: '协调办公室', note: '' },
    ];
    const evidence = [file('e1', 'm1.2'), file('e2', 'm1.2', { deletedAt: '2026-12-03' }), file('e3', 'm1.3', { unitId: '别的单位' })];
    const info = cycleInfoOf(U, review({}), closures, evidence, assignments);
    expect(info.entries.map((e) => [e.measureNo, !!e.closure, e.evidence.map((f) => f.id)])).toEqual([['1.1', true, []], ['1.2', false, ['e1']]]);
  });
});
