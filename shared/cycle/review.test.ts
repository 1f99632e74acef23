import { describe, expect, it } from 'vitest';
import { awaitsResubmission, awaitsReview, refuseStep, returnedReason, reviewOf, type ReviewStep } from './review';

const submit = (at: string, signedBy = '张副厅长'): ReviewStep => ({ kind: 'submit', at, by: '省科技厅', signedBy });
const ret = (at: string, reason: string, measureKeys: string[] = []): ReviewStep => ({ kind: 'return', at, by: '协调办公室', reason, measureKeys });
const approve = (at: string): ReviewStep => ({ kind: 'approve', at, by: '协调办公室' });

describe('审签 → 报送 → 审核', () => {
  it('not submitted → submitted with the signer → returned for one entry → resubmitted → approved', () => {
    expect(reviewOf([]).state).toBe('not-submitted');
    const s1 = [submit('2026-12-20T01:00:00Z')];
    expect(reviewOf(s1)).toMatchObject({ state: 'submitted', signedBy: '张副厅长', resubmitted: false });
    expect(awaitsReview(reviewOf(s1))).toBe(true);
    const s2 = [...s1, ret('2026-12-21T01:00:00Z', '请补充共建实验室名单', ['m10.1'])];
    const r2 = reviewOf(s2);
    expect(r2.state).toBe('returned');
    expect(awaitsResubmission(r2)).toBe(true);
    expect(returnedReason(r2, 'm10.1')).toBe('请补充共建实验室名单');
    expect(returnedReason(r2, 'm10.2')).toBeNull(); // only the named entry
    const s3 = [...s2, submit('2026-12-22T01:00:00Z', '李处长')];
    expect(reviewOf(s3)).toMatchObject({ state: 'submitted', resubmitted: true, signedBy: '李处长', lastReturn: { reason: '请补充共建实验室名单' } });
    expect(returnedReason(reviewOf(s3), 'm10.1')).toBeNull();
    expect(reviewOf([...s3, approve('2026-12-23T01:00:00Z')])).toMatchObject({ state: 'approved', approvedAt: '2026-12-23T01:00:00Z', resubmitted: false });
  });

  it('a whole return names every entry', () => {
    const r = reviewOf([submit('a'), ret('b', '内容过于简略')]);
    expect(returnedReason(r, 'anything')).toBe('内容过于简略');
  });

  it('refuses steps out of order or without what they need', () => {
    const none = reviewOf([]);
    expect(refuseStep(none, approve('x'), [])).toBe('NOT_SUBMITTED');
    expect(refuseStep(none, submit('x', ' '), [])).toBe('SIGNOFF_REQUIRED');
    expect(refuseStep(none, submit('x', '张\u0000'), [])).toBe('INVALID_TEXT');
    expect(refuseStep(none, submit('x'), [])).toBeNull();
    const sub = reviewOf([submit('a')]);
    expect(refuseStep(sub, ret('b', '  '), ['m1'])).toBe('REASON_REQUIRED');
    expect(refuseStep(sub, ret('b', '补充', ['m9']), ['m1'])).toBe('NOT_ASSIGNED');
    expect(refuseStep(sub, ret('b', '补充', ['m1']), ['m1'])).toBeNull();
    const decided = reviewOf([submit('a'), approve('b')]);
    expect(refuseStep(decided, ret('c', '补充'), ['m1'])).toBe('ALREADY_REVIEWED');
    expect(refuseStep(reviewOf([submit('a'), ret('b', 'x')]), approve('c'), [])).toBe('ALREADY_REVIEWED');
  });
});
