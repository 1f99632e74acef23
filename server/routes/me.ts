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
  on('me', (req, res) => {
    const a = actorOf(req);
    const code = a.codeId ? ctx.store.getCode(a.codeId) : undefined;
    const body: Me = {
      role: a.role,
      unit: a.unitId ? (ctx.store.getUnit(a.unitId) ?? null) : null,
      person: code?.person ?? null,
      codeId: a.codeId ?? '',
    };
    res.json(body);
  });

  on('plans', (req, res) => {
    actorOf(req);
    res.json({ plans: ctx.store.listPlans().map(({ updatedAt: _u, ...p }) => p) });
  });

  on('plan', (req, res) => {
    actorOf(req);
    const idx = getPlanIndex(ctx, param(req, 'planId'));
    res.json({ ...planSummary(idx), plan: idx.plan });
  });

  on('periods', (req, res) => {
    actorOf(req);
    res.json({ periods: ctx.store.listPeriods() });
  });

  on('period', (req, res) => {
    actorOf(req);
    res.json(periodOf(req));
  });

  on('assignments', (req, res) => {
    const a = actorOf(req);
    const period = periodOf(req);
    const unitId = a.role === 'unit' ? a.unitId! : queryString(req, 'unit');
    if (!unitId) throw new AppError('INVALID_REQUEST', 400, '协调办公室查询分工时请指定 unit');
    if (!ctx.store.getUnit(unitId)) throw new AppError('UNKNOWN_UNIT', 404, unitId);
    const plan = getPlanIndex(ctx, period.planId);
    const body: AssignmentsResponse = {
      planId: plan.id,
      periodId: period.id,
      unitId,
      assignments: assignmentsForUnit(plan.plan, unitId),
      submittedAt: ctx.store.getSubmission(period.id, unitId)?.submittedAt ?? null,
    };
    res.json(body);
  });
}
