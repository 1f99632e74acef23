// Coordinator-only routes: units, access codes, periods, summaries, assignments, plan import.
import {
  AssignmentEdit, CreateUnitRequest, IssueCodeRequest, OpenPeriodRequest, ResolveGroupRequest, SummaryRequest, UpdatePeriodRequest,
} from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { issueCode, revokeCode } from '../services/codes';
import { closePeriod, openPeriod, reopenPeriod, updatePeriod } from '../services/periods';
import { editAssignment, getPlanIndex, planSummary, resolveGroup } from '../services/plans';
import { param, parseBody } from './http';
import { periodOf, type Mount } from './mount';

export function adminRoutes(on: Mount, ctx: AppContext): void {
  on('units', async (req, res) => {
    res.json({ units: await ctx.store.units.list() });
  });

  on('createUnit', async (req, res) => {
    const unit = parseBody(CreateUnitRequest, req);
    res.json(await ctx.store.transaction(async (tx) => (await tx.units.upsert(unit), tx.units.get(unit.id))));
  });

  on('codes', async (req, res) => {
    res.json({ codes: await ctx.store.codes.list() });
  });

  on('issueCode', async (req, res) => {
    const a = actorOf(req);
    res.json(await issueCode(ctx, parseBody(IssueCodeRequest, req), a));
  });

  on('revokeCode', async (req, res) => {
    res.json(await revokeCode(ctx, param(req, 'codeId')));
  });

  on('openPeriod', async (req, res) => {
    const a = actorOf(req);
    res.json(await openPeriod(ctx, parseBody(OpenPeriodRequest, req), a));
  });

  on('updatePeriod', async (req, res) => {
    res.json(await updatePeriod(ctx, param(req, 'periodId'), parseBody(UpdatePeriodRequest, req)));
  });

  on('closePeriod', async (req, res) => {
    const a = actorOf(req);
    res.json(await closePeriod(ctx, param(req, 'periodId'), a));
  });

  on('reopenPeriod', async (req, res) => {
    const a = actorOf(req);
    res.json(await reopenPeriod(ctx, param(req, 'periodId'), a));
  });

  on('periodEvents', async (req, res) => {
    const period = periodOf(req);
    res.json({ events: await ctx.store.periods.events(period.id) });
  });

  on('summary', async (req, res) => {
    const a = actorOf(req);
    const period = periodOf(req);
    const body = parseBody(SummaryRequest, req);
    if (!(await getPlanIndex(ctx, period.planId)).measures.has(body.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, body.measureKey);
    await ctx.store.transaction((tx) => tx.summaries.set(period.id, body.measureKey, body.text, ctx.now().toISOString(), a.label));
    res.json({ ok: true });
  });

  on('editAssignment', async (req, res) => {
    const a = actorOf(req);
    const idx = await editAssignment(ctx, param(req, 'planId'), parseBody(AssignmentEdit, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });

  on('resolveGroup', async (req, res) => {
    const a = actorOf(req);
    const idx = await resolveGroup(ctx, param(req, 'planId'), parseBody(ResolveGroupRequest, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });
}
