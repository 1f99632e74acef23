import { describe, expect, it } from 'vitest';
import type { Plan } from '../model/plan';
import type { Period } from '../model/progress';
import { chaseList, cycleStatus, type CycleInput } from './status';
import { EMPTY_LIAISON } from './liaison';

const plan = {
  title: 'T', units: [],
  tasks: [{ key: 't1', no: '1', title: '任务', measures: [
    { key: 'm1', no: '1.1', text: '举措一', assignments: [{ unitId: 'a', role: 'lead', order: 0, group: 0 }, { unitId: 'b', role: 'co', order: 1, group: 0 }] },
    { key: 'm2', no: '1.2', text: '举措二', assignments: [{ unitId: 'b', role: 'lead', order: 0, group: 0 }] },
  ] }],
} as unknown as Plan;
const period = { id: 'p', planId: 'x', name: '2026年下半年', deadline: '2026-12-31', state: 'open', openedAt: '', closedAt: null, carriedFrom: null } as Period;
const base = (o: Partial<CycleInput> = {}): CycleInput => ({
  plan, period, unitIds: ['a', 'b', 'c'], steps: new Map(), legacySubmissions: new Map(), extensions: [], closures: [], liaisons: new Map(),
  now: new Date('2026-12-30T02:00:00Z'), timeZone: 'Asia/Shanghai', ...o,
});

describe('cycle status', () => {
  it('lights per unit and measure, pending counts, and the 催报 list with returned units and liaisons', () => {
    const s = cycleStatus(base({
      steps: new Map([
        ['a', [{ kind: 'submit', at: '1', by: 'a', signedBy: '张' }]],
        ['b', [{ kind: 'submit', at: '1', by: 'b', signedBy: '李' }, { kind: 'return', at: '2', by: 'o', reason: '补充名单', measureKeys: ['m2'] }]],
      ]),
      liaisons: new Map([['b', { ...EMPTY_LIAISON, name: '王工' }]]),
    }));
    expect(s.units.map((u) => [u.unitId, u.review.state, u.light])).toEqual([['a', 'submitted', 'done'], ['b', 'returned', 'red']]); // c has no measures
    expect(s.units[1].measures.map((m) => [m.measureKey, m.light, m.returnedReason])).toEqual([['m1', 'done', null], ['m2', 'red', '补充名单']]);
    expect(s.measures).toEqual([{ measureKey: 'm1', light: 'done', closed: false }, { measureKey: 'm2', light: 'red', closed: false }]);
    expect(s.counts).toMatchObject({ unreviewed: 1, returned: 1 });
    expect(chaseList(s).map((u) => [u.unitId, u.liaison?.name])).toEqual([['b', '王工']]);
  });

  it('an extension moves one unit from yellow to normal; a closed measure leaves the chase', () => {
    const ext = { id: 'e', periodId: 'p', unitId: 'b', requestedDeadline: '2027-01-20', reason: 'r', state: 'granted' as const, requestedAt: '', requestedBy: '', decidedAt: '', decidedBy: '', grantedDeadline: '2027-01-20', note: '' };
    const s = cycleStatus(base({ extensions: [ext] }));
    expect(s.units.map((u) => [u.unitId, u.light, u.deadline])).toEqual([['a', 'yellow', '2026-12-31'], ['b', 'normal', '2027-01-20']]);
    const closed = cycleStatus(base({ closures: [{ planId: 'x', measureKey: 'm1', unitId: '', periodId: 'p', at: '', by: '', note: '' }] }));
    expect(closed.units.map((u) => [u.unitId, u.light])).toEqual([['a', 'closed'], ['b', 'yellow']]);
    expect(chaseList(closed).map((u) => u.unitId)).toEqual(['b']);
    expect(closed.measures[0]).toEqual({ measureKey: 'm1', light: 'closed', closed: true });
  });

  it('a submission recorded before review steps existed counts as submitted', () => {
    const s = cycleStatus(base({ legacySubmissions: new Map([['a', '2026-12-01T00:00:00Z']]) }));
    expect(s.units[0].review.state).toBe('submitted');
  });
});
