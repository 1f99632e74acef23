// First start: load the reference plan, open the current half-year's period, issue one
// coordinator code (returned so the caller can print it once). Does nothing on later starts.
import type { Plan } from '../../shared/model/plan';
import type { AppContext } from '../context';
import { CONSOLE_ACTOR } from './actor';
import { issueCode } from './codes';
import { halfYearOf, openPeriod } from './periods';
import { createPlan } from './plans';

export interface FirstStart {
  planId: string;
  periodId: string;
  coordinatorCode: string;
}

export function isInitialized(ctx: AppContext): boolean {
  return ctx.store.listPlans().length > 0;
}

export function initialize(ctx: AppContext, plan: Plan, opts: { periodName?: string; deadline?: string | null } = {}): FirstStart {
  return ctx.store.transaction(() => {
    const p = createPlan(ctx, plan, CONSOLE_ACTOR);
    const half = halfYearOf(ctx.now());
    const period = openPeriod(
      ctx,
      { planId: p.id, name: opts.periodName ?? half.name, deadline: opts.deadline === undefined ? half.deadline : opts.deadline, carryOver: false },
      CONSOLE_ACTOR,
    );
    const { code } = issueCode(ctx, { unitId: null, person: '协调办公室', expiresAt: null }, CONSOLE_ACTOR);
    return { planId: p.id, periodId: period.id, coordinatorCode: code };
  });
}
