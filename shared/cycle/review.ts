// 审签 → 报送 → 审核 (PRODUCT.md "The office's 督办 cycle"): a unit's submission names who signed it
// off inside the unit; the office approves it (通过) or sends it back (退回) with a reason, for the
// whole submission or for named entries; a returned unit submits again. The state of a unit in a
// period is the fold of its recorded steps, oldest first — nothing is overwritten, every step stays.
import { isCleanText } from '../text/integrity';

export type ReviewStep =
  | { kind: 'submit'; at: string; by: string; signedBy: string }
  | { kind: 'approve'; at: string; by: string }
  /** measureKeys empty: the whole submission. */
  | { kind: 'return'; at: string; by: string; reason: string; measureKeys: string[] };

export type ReviewState = 'not-submitted' | 'submitted' | 'approved' | 'returned';

export interface UnitReview {
  state: ReviewState;
  submittedAt: string | null;
  signedBy: string | null;
  /** The return in force (state 'returned'), or the last one before a resubmission. */
  lastReturn: { at: string; by: string; reason: string; measureKeys: string[] } | null;
  /** Submitted again after a return (and not yet decided). */
  resubmitted: boolean;
  approvedAt: string | null;
}

export function reviewOf(steps: readonly ReviewStep[]): UnitReview {
  const r: UnitReview = { state: 'not-submitted', submittedAt: null, signedBy: null, lastReturn: null, resubmitted: false, approvedAt: null };
  for (const s of steps) {
    if (s.kind === 'submit') {
      r.resubmitted = r.state === 'returned' || (r.resubmitted && r.state === 'submitted');
      r.state = 'submitted';
      r.submittedAt = s.at;
      r.signedBy = s.signedBy;
      r.approvedAt = null;
    } else if (s.kind === 'approve') {
      r.state = 'approved';
      r.approvedAt = s.at;
      r.resubmitted = false;
    } else {
      r.state = 'returned';
      r.lastReturn = { at: s.at, by: s.by, reason: s.reason, measureKeys: [...s.measureKeys] };
      r.resubmitted = false;
    }
  }
  return r;
}

/** The return reason that applies to one entry while the unit is returned (whole or naming it). */
export function returnedReason(r: UnitReview, measureKey: string): string | null {
  if (r.state !== 'returned' || !r.lastReturn) return null;
  const { measureKeys, reason } = r.lastReturn;
  return measureKeys.length === 0 || measureKeys.includes(measureKey) ? reason : null;
}

export type ReviewRefusal = 'NOT_SUBMITTED' | 'ALREADY_REVIEWED' | 'REASON_REQUIRED' | 'SIGNOFF_REQUIRED' | 'INVALID_TEXT' | 'NOT_ASSIGNED';

export const MAX_REASON = 500;
export const MAX_SIGNER = 50;

/** Why a step may not be taken now (null: it may). `assigned`: the unit's measures in the period. */
export function refuseStep(current: UnitReview, step: ReviewStep, assigned: readonly string[]): ReviewRefusal | null {
  if (step.kind === 'submit') {
    const who = step.signedBy.trim();
    if (!who || who.length > MAX_SIGNER) return 'SIGNOFF_REQUIRED';
    return isCleanText(who) ? null : 'INVALID_TEXT';
  }
  if (current.state === 'not-submitted') return 'NOT_SUBMITTED';
  if (current.state !== 'submitted') return 'ALREADY_REVIEWED'; // decided already: the unit must submit again first
  if (step.kind === 'approve') return null;
  const reason = step.reason.trim();
  if (!reason || reason.length > MAX_REASON) return 'REASON_REQUIRED';
  if (!isCleanText(reason)) return 'INVALID_TEXT';
  if (step.measureKeys.some((k) => !assigned.includes(k))) return 'NOT_ASSIGNED';
  return null;
}

/** Counted as pending office work: submitted (or resubmitted) and not yet decided. */
export const awaitsReview = (r: UnitReview): boolean => r.state === 'submitted';
/** Counted as pending unit work: returned and not yet submitted again. */
export const awaitsResubmission = (r: UnitReview): boolean => r.state === 'returned';
