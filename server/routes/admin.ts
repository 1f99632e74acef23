// Coordinator-only routes: units, access codes, periods, summaries, assignments, plan import.
import type { Router } from 'express';
import {
  AssignmentEdit, CreateUnitRequest, IssueCodeRequest, OpenPeriodRequest, ResolveGroupRequest, SummaryRequest, UpdatePeriodRequest,
} from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import { coordinatorOf } from '../auth';
import type { AppContext } from '../context';
import { issueCode, revokeCode } from '../services/codes';
import { closePeriod, openPeriod, reopenPeriod, updatePeriod } from '../services/periods';
import { editAssignment, getPlanIndex, planSummary, resolveGroup } from '../services/plans';
import { requirePeriod } from '../services/sync';
import { param, parseBody } from './http';

export function adminRoutes(r: Router, ctx: AppContext): void {
  r.get('/api/admin/units', async (req, res) => {
    coordinatorOf(req);
    res.json({ units: await ctx.store.units.list() });
  });

  r.post('/api/admin/units', async (req, res) => {
    coordinatorOf(req);
    const unit = parseBody(CreateUnitRequest, req);
    res.json(await ctx.store.transaction(async (tx) => (await tx.units.upsert(unit), tx.units.get(unit.id))));
  });

  r.get('/api/admin/codes', async (req, res) => {
    coordinatorOf(req);
    res.json({ codes: await ctx.store.codes.list() });
  });

  r.post('/api/admin/codes', async (req, res) => {
    const a = coordinatorOf(req);
    res.json(await issueCode(ctx, parseBody(IssueCodeRequest, req), a));
  });

  r.post('/api/admin/codes/:codeId/revoke', async (req, res) => {
    coordinatorOf(req);
    res.json(await revokeCode(ctx, param(req, 'codeId')));
  });

  r.post('/api/admin/periods', async (req, res) => {
    const a = coordinatorOf(req);
    res.json(await openPeriod(ctx, parseBody(OpenPeriodRequest, req), a));
  });

  r.post('/api/admin/periods/:periodId', async (req, res) => {
    coordinatorOf(req);
    res.json(await updatePeriod(ctx, param(req, 'periodId'), parseBody(UpdatePeriodRequest, req)));
  });

  r.post('/api/admin/periods/:periodId/close', async (req, res) => {
    const a = coordinatorOf(req);
    res.json(await closePeriod(ctx, param(req, 'periodId'), a));
  });

  r.post('/api/admin/periods/:periodId/reopen', async (req, res) => {
    const a = coordinatorOf(req);
    res.json(await reopenPeriod(ctx, param(req, 'periodId'), a));
  });

  r.get('/api/admin/periods/:periodId/events', async (req, res) => {
    coordinatorOf(req);
    const period = await requirePeriod(ctx.store, param(req, 'periodId'));
    res.json({ events: await ctx.store.periods.events(period.id) });
  });

  r.post('/api/admin/periods/:periodId/summaries', async (req, res) => {
    const a = coordinatorOf(req);
    const period = await requirePeriod(ctx.store, param(req, 'periodId'));
    const body = parseBody(SummaryRequest, req);
    if (!(await getPlanIndex(ctx, period.planId)).measures.has(body.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, body.measureKey);
    await ctx.store.transaction((tx) => tx.summaries.set(period.id, body.measureKey, body.text, ctx.now().toISOString(), a.label));
    res.json({ ok: true });
  });

  r.post('/api/admin/plans/:planId/assignments', async (req, res) => {
    const a = coordinatorOf(req);
    const idx = await editAssignment(ctx, param(req, 'planId'), parseBody(AssignmentEdit, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });

  r.post('/api/admin/plans/:planId/resolve-group', async (req, res) => {
    const a = coordinatorOf(req);
    const idx = await resolveGroup(ctx, param(req, 'planId'), parseBody(ResolveGroupRequest, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });
}
