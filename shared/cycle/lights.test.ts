import { describe, expect, it } from 'vitest';
import { lightOf, worstLight } from './lights';
import { reviewOf } from './review';
import { unitDeadline, refuseRequest, refuseDecision, type Extension } from './extension';
import { closureOf, openMeasures, refuseClosedWrite, type Closure } from './closure';

const TZ = 'Asia/Shanghai';
const none = reviewOf([]);
const at = (iso: string) => new Date(iso);

describe('lights', () => {
  it('normal, yellow within 3 days, red after the end of the deadline day in the office zone', () => {
    const l = (now: string) => lightOf({ deadline: '2026-12-31', review: none, now: at(now), timeZone: TZ });
    expect(l('2026-12-27T10:00:00Z')).toBe('normal'); // 12-27 18:00: 4 days
    expect(l('2026-12-27T16:30:00Z')).toBe('yellow'); // 12-28 00:30 in Shanghai: 3 days
    expect(l('2026-12-31T15:59:00Z')).toBe('yellow');
    expect(l('2026-12-31T16:00:01Z')).toBe('red');
    expect(lightOf({ deadline: '2026-12-31', review: none, now: at('2026-12-20T00:00:00Z'), timeZone: TZ, warnDays: 14 })).toBe('yellow');
    expect(lightOf({ deadline: null, review: none, now: at('2030-01-01T00:00:00Z'), timeZone: TZ })).toBe('normal');
  });

  it('submitted is done even after the deadline; returned and not resubmitted is red; closed has none', () => {
    const late = at('2027-01-05T00:00:00Z');
    const submitted = reviewOf([{ kind: 'submit', at: 'a', by: 'u', signedBy: '张' }]);
    expect(lightOf({ deadline: '2026-12-31', review: submitted, now: late, timeZone: TZ })).toBe('done');
    const returned = reviewOf([{ kind: 'submit', at: 'a', by: 'u', signedBy: '张' }, { kind: 'return', at: 'b', by: 'o', reason: '补充', measureKeys: ['m1'] }]);
    expect(lightOf({ deadline: '2027-06-30', review: returned, now: late, timeZone: TZ, returnedHere: true })).toBe('red');
    expect(lightOf({ deadline: '2027-06-30', review: returned, now: late, timeZone: TZ, returnedHere: false })).toBe('done');
    expect(lightOf({ deadline: '2026-12-31', review: returned, now: late, timeZone: TZ, closed: true })).toBe('closed');
    expect(worstLight(['done', 'yellow', 'normal'])).toBe('yellow');
    expect(worstLight(['done', 'red', 'yellow'])).toBe('red');
    expect(worstLight(['closed', 'closed'])).toBe('closed');
  });

  it('an extension granted moves that unit\'s deadline, and so its light', () => {
    const ext: Extension = {
      id: 'e1', periodId: 'p', unitId: 'u', requestedDeadline: '2027-01-15', reason: '数据待统计局发布', state: 'granted', requestedAt: 'a', requestedBy: 'u',
      decidedAt: 'b', decidedBy: 'o', grantedDeadline: '2027-01-10', note: '',
    };
    const d = unitDeadline('2026-12-31', [ext], TZ);
    expect(d).toBe('2027-01-10');
    expect(lightOf({ deadline: d, review: none, now: at('2027-01-02T00:00:00Z'), timeZone: TZ })).toBe('normal');
    expect(unitDeadline('2026-12-31', [{ ...ext, state: 'declined' }], TZ)).toBe('2026-12-31');
    expect(unitDeadline('2026-12-31', [{ ...ext, state: 'pending' }], TZ)).toBe('2026-12-31');
  });
});

describe('延期申请', () => {
  it('must be later than the deadline in force, with a reason, one pending at a time, decided once', () => {
    expect(refuseRequest({ requestedDeadline: '2027-01-10', reason: '待统计数据' }, '2026-12-31', [], TZ)).toBeNull();
    expect(refuseRequest({ requestedDeadline: '2026-12-31', reason: 'x' }, '2026-12-31', [], TZ)).toBe('NOT_LATER');
    expect(refuseRequest({ requestedDeadline: '2026-12-31T23:00', reason: 'x' }, '2026-12-31', [], TZ)).toBe('NOT_LATER');
    expect(refuseRequest({ requestedDeadline: '明年', reason: 'x' }, '2026-12-31', [], TZ)).toBe('INVALID_DEADLINE');
    expect(refuseRequest({ requestedDeadline: '2027-01-10', reason: ' ' }, '2026-12-31', [], TZ)).toBe('REASON_REQUIRED');
    const pending = { state: 'pending' } as Extension;
    expect(refuseRequest({ requestedDeadline: '2027-01-10', reason: 'x' }, '2026-12-31', [pending], TZ)).toBe('EXTENSION_PENDING');
    expect(refuseDecision({ state: 'granted' } as Extension, { grant: false }, TZ)).toBe('ALREADY_DECIDED');
    expect(refuseDecision(pending, { grant: true, deadline: 'x' }, TZ)).toBe('INVALID_DEADLINE');
    expect(refuseDecision(pending, { grant: true }, TZ)).toBeNull();
  });
});

describe('办结', () => {
  it('a unit closure covers its entry; a measure closure covers every unit; open measures leave them out', () => {
    const c: Closure[] = [
      { planId: 'p', measureKey: 'm1', unitId: '', periodId: 'per1', at: 'a', by: 'o', note: '' },
      { planId: 'p', measureKey: 'm2', unitId: 'u1', periodId: 'per1', at: 'a', by: 'o', note: '' },
    ];
    expect(closureOf(c, 'm1', 'u9')?.unitId).toBe('');
    expect(closureOf(c, 'm2', 'u1')?.unitId).toBe('u1');
    expect(closureOf(c, 'm2', 'u2')).toBeNull();
    expect(openMeasures(['m1', 'm2', 'm3'], 'u1', c)).toEqual(['m3']);
    expect(openMeasures(['m1', 'm2', 'm3'], 'u2', c)).toEqual(['m2', 'm3']);
  });
  it('writes to a closed entry are refused for every writer but the carry-over', () => {
    const c: Closure[] = [{ planId: 'p', measureKey: 'm2', unitId: 'u1', periodId: 'per1', at: 'a', by: 'o', note: '' }];
    expect(refuseClosedWrite(c, 'm2', 'u1', 'fill')).toBe('MEASURE_CLOSED');
    expect(refuseClosedWrite(c, 'm2', 'u1', 'workbook')).toBe('MEASURE_CLOSED');
    expect(refuseClosedWrite(c, 'm2', 'u1', 'carryover')).toBeNull();
    expect(refuseClosedWrite(c, 'm2', 'u2', 'fill')).toBeNull();
  });
});
