// 审签 → 报送 → 审核: a unit submits naming who signed it off; the office approves or returns it
// (whole, or named entries, with a reason); each step is appended (shared/cycle/review.ts decides
// whether it may be taken, from the unit's steps so far, read after the unit's lock).
import { refuseStep, reviewOf, returnedReason, type ReviewStep, type UnitReview } from '../../../shared/cycle/review';
import { assignmentsForUnit } from '../../../shared/model/unit-assignments';
import { AppError } from '../../../shared/messages';
import type { Plan } from '../../../shared/model/plan';
import type { ReviewStepRow, Tx } from '../../store/types';
import type { Actor } from '../actor';
import { coordinatorOnly, periodOf, targetUnit, type CycleCtx } from './context';

const lockName = (periodId: string, unitId: string) => `review:${periodId}:${unitId}`;

async function assignedOf(tx: Tx, planId: string, unitId: string): Promise<string[]> {
  const plan = (await tx.plans.get(planId))?.plan as Plan | undefined;
  return plan ? assignmentsForUnit(plan, unitId).map((a) => a.measureKey) : [];
}

export interface SubmitResult {
  unitId: string;
  periodId: string;
  submittedAt: string;
  signedBy: string;
}

/** `signedBy` undefined: an older client that does not ask (recorded as unknown); given, it must name someone. */
export async function submitSigned(ctx: CycleCtx, periodId: string, actor: Actor, body: { unitId?: string; signedBy?: string }): Promise<SubmitResult> {
  const unitId = targetUnit(actor, body.unitId);
  const signedBy = body.signedBy?.trim() ?? '';
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ period: { id: periodId, mode: 'shared' }, names: [lockName(periodId, unitId)] });
    const period = await periodOf(tx, periodId);
    if (!(await tx.units.get(unitId))) throw new AppError('UNKNOWN_UNIT', 400, unitId);
    if (period.state === 'closed' && actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    const at = ctx.now().toISOString();
    const step: ReviewStep = { kind: 'submit', at, by: actor.label, signedBy };
    const refusal = body.signedBy === undefined ? null : refuseStep(reviewOf(await tx.reviews.steps(periodId, unitId)), step, []);
    if (refusal) throw new AppError(refusal, 400);
    await tx.submissions.upsert(periodId, unitId, at, actor.label, signedBy || null);
    await tx.reviews.add({ ...step, periodId, unitId, codeId: actor.codeId });
    await tx.entries.clearChangedAfterSubmit(periodId, unitId);
    return { unitId, periodId, submittedAt: at, signedBy };
  });
}

export type Decision = { decision: 'approve' } | { decision: 'return'; reason: string; measureKeys?: string[] };

export async function reviewUnit(ctx: CycleCtx, periodId: string, unitId: string, actor: Actor, d: Decision): Promise<UnitReviewView> {
  coordinatorOnly(actor);
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ period: { id: periodId, mode: 'shared' }, names: [lockName(periodId, unitId)] });
    const period = await periodOf(tx, periodId);
    if (!(await tx.units.get(unitId))) throw new AppError('UNKNOWN_UNIT', 404, unitId);
    const at = ctx.now().toISOString();
    const step: ReviewStep = d.decision === 'approve'
      ? { kind: 'approve', at, by: actor.label }
      : { kind: 'return', at, by: actor.label, reason: d.reason.trim(), measureKeys: [...new Set(d.measureKeys ?? [])] };
    const steps = await tx.reviews.steps(periodId, unitId);
    const refusal = refuseStep(reviewOf(steps), step, await assignedOf(tx, period.planId, unitId));
    if (refusal) throw new AppError(refusal, refusal === 'NOT_SUBMITTED' || refusal === 'ALREADY_REVIEWED' ? 409 : 400);
    const id = await tx.reviews.add({ ...step, periodId, unitId, codeId: actor.codeId });
    return viewOf(unitId, [...steps, { ...step, id, periodId, unitId, codeId: actor.codeId }]);
  });
}

export interface UnitReviewView extends UnitReview {
  unitId: string;
  steps: { kind: ReviewStep['kind']; at: string; by: string; signedBy?: string; reason?: string; measureKeys?: string[] }[];
  /** While returned: measure key → the reason for it (every assigned entry for a whole return). */
  returnedEntries: Record<string, string> | null;
}

function viewOf(unitId: string, steps: readonly ReviewStepRow[], assigned: readonly string[] = []): UnitReviewView {
  const r = reviewOf(steps);
  let returnedEntries: Record<string, string> | null = null;
  if (r.state === 'returned' && r.lastReturn) {
    const keys = r.lastReturn.measureKeys.length ? r.lastReturn.measureKeys : assigned;
    returnedEntries = Object.fromEntries(keys.map((k) => [k, returnedReason(r, k) ?? r.lastReturn!.reason]));
  }
  return {
    ...r, unitId, returnedEntries,
    steps: steps.map((s) => ({ kind: s.kind, at: s.at, by: s.by, ...(s.kind === 'submit' ? { signedBy: s.signedBy } : {}), ...(s.kind === 'return' ? { reason: s.reason, measureKeys: s.measureKeys } : {}) })),
  };
}

/** One unit's review (a unit sees its own). */
export async function unitReview(ctx: CycleCtx, periodId: string, actor: Actor, unitId?: string): Promise<UnitReviewView> {
  const target = targetUnit(actor, unitId);
  const period = await periodOf(ctx.store, periodId);
  const plan = (await ctx.store.plans.get(period.planId))?.plan as Plan | undefined;
  const assigned = plan ? assignmentsForUnit(plan, target).map((a) => a.measureKey) : [];
  return viewOf(target, await ctx.store.reviews.steps(periodId, target), assigned);
}

/** Every unit's review state in a period: unit id → state (the office's lists and counts). */
export async function reviewStates(ctx: CycleCtx, periodId: string): Promise<Map<string, UnitReview>> {
  const all = await ctx.store.reviews.all(periodId);
  return new Map([...all].map(([u, steps]) => [u, reviewOf(steps)]));
}
