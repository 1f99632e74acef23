// Identity, plans, periods and a unit's assignments.
import type { AssignmentsResponse, Me } from '../../shared/api/contract';
import { assignmentsForUnit } from '../../shared/model/unit-assignments';
import { AppError } from '../../shared/messages';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { getPlanIndex, planSummary } from '../services/plans';
import { param, queryString } from './http';
import { periodOf, type Mount } from './mount';

export function meRoutes(on: Mount, ctx: AppContext): void {
  on('me', async (req, res) => {
    const a = actorOf(req);
    const code = a.codeId ? await ctx.store.codes.get(a.codeId) : undefined;
    const body: Me = {
      role: a.role,
      unit: a.unitId ? ((await ctx.store.units.get(a.unitId)) ?? null) : null,
      person: code?.person ?? null,
      codeId: a.codeId ?? '',
      timeZone: ctx.config.timeZone,
    };
    res.json(body);
  });

  on('plans', async (req, res) => {
    actorOf(req);
    res.json({ plans: (await ctx.store.plans.list()).map(({ updatedAt: _u, ...p }) => p) });
  });

  on('plan', async (req, res) => {
    actorOf(req);
    const idx = await getPlanIndex(ctx, param(req, 'planId'));
    res.json({ ...planSummary(idx), plan: idx.plan });
  });

  on('periods', async (req, res) => {
    actorOf(req);
    res.json({ periods: await ctx.store.periods.list() });
  });

  on('period', async (req, res) => {
    actorOf(req);
    res.json(periodOf(req));
  });

  on('assignments', async (req, res) => {
    const a = actorOf(req);
    const period = periodOf(req);
    const unitId = a.role === 'unit' ? a.unitId! : queryString(req, 'unit');
    if (!unitId) throw new AppError('INVALID_REQUEST', 400, '协调办公室查询分工时请指定 unit');
    if (!(await ctx.store.units.get(unitId))) throw new AppError('UNKNOWN_UNIT', 404, unitId);
    const plan = await getPlanIndex(ctx, period.planId);
    const body: AssignmentsResponse = {
      planId: plan.id,
      periodId: period.id,
      unitId,
      assignments: assignmentsForUnit(plan.plan, unitId),
      submittedAt: (await ctx.store.submissions.get(period.id, unitId))?.submittedAt ?? null,
    };
    res.json(body);
  });
}
