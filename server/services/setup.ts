// First start: load the reference plan, open the current half-year's period, issue one
// coordinator code (returned so the caller can print it once). Does nothing on later starts.
import type { Plan } from '../../shared/model/plan';
import type { AppContext } from '../context';
import { CONSOLE_ACTOR } from './actor';
import { issueCodeInTx } from './codes';
import { halfYearOf, openPeriodInTx } from './periods';
import { createPlanInTx } from './plans';

export interface FirstStart {
  planId: string;
  periodId: string;
  coordinatorCode: string;
}

export async function isInitialized(ctx: AppContext): Promise<boolean> {
  return (await ctx.store.plans.list()).length > 0;
}

export function initialize(ctx: AppContext, plan: Plan, opts: { periodName?: string; deadline?: string | null } = {}): Promise<FirstStart> {
  return ctx.store.transaction(async (tx) => {
    const p = await createPlanInTx(ctx, tx, plan, CONSOLE_ACTOR);
    const half = halfYearOf(ctx.now());
    const period = await openPeriodInTx(
      ctx,
      tx,
      { planId: p.id, name: opts.periodName ?? half.name, deadline: opts.deadline === undefined ? half.deadline : opts.deadline, carryOver: false },
      CONSOLE_ACTOR,
    );
    const { code } = await issueCodeInTx(ctx, tx, { unitId: null, person: '协调办公室', expiresAt: null }, CONSOLE_ACTOR);
    return { planId: p.id, periodId: period.id, coordinatorCode: code };
  });
}
