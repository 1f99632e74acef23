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
  r.get('/api/admin/units', (req, res) => {
    coordinatorOf(req);
    res.json({ units: ctx.store.listUnits() });
  });

  r.post('/api/admin/units', (req, res) => {
    coordinatorOf(req);
    const unit = parseBody(CreateUnitRequest, req);
    ctx.store.transaction(() => ctx.store.upsertUnit(unit));
    res.json(ctx.store.getUnit(unit.id));
  });

  r.get('/api/admin/codes', (req, res) => {
    coordinatorOf(req);
    res.json({ codes: ctx.store.listCodes() });
  });

  r.post('/api/admin/codes', (req, res) => {
    const a = coordinatorOf(req);
    res.json(issueCode(ctx, parseBody(IssueCodeRequest, req), a));
  });

  r.post('/api/admin/codes/:codeId/revoke', (req, res) => {
    coordinatorOf(req);
    res.json(revokeCode(ctx, param(req, 'codeId')));
  });

  r.post('/api/admin/periods', (req, res) => {
    const a = coordinatorOf(req);
    res.json(openPeriod(ctx, parseBody(OpenPeriodRequest, req), a));
  });

  r.post('/api/admin/periods/:periodId', (req, res) => {
    coordinatorOf(req);
    res.json(updatePeriod(ctx, param(req, 'periodId'), parseBody(UpdatePeriodRequest, req)));
  });

  r.post('/api/admin/periods/:periodId/close', (req, res) => {
    const a = coordinatorOf(req);
    res.json(closePeriod(ctx, param(req, 'periodId'), a));
  });

  r.post('/api/admin/periods/:periodId/reopen', (req, res) => {
    const a = coordinatorOf(req);
    res.json(reopenPeriod(ctx, param(req, 'periodId'), a));
  });

  r.get('/api/admin/periods/:periodId/events', (req, res) => {
    coordinatorOf(req);
    const period = requirePeriod(ctx, param(req, 'periodId'));
    res.json({ events: ctx.store.listPeriodEvents(period.id) });
  });

  r.post('/api/admin/periods/:periodId/summaries', (req, res) => {
    const a = coordinatorOf(req);
    const period = requirePeriod(ctx, param(req, 'periodId'));
    const body = parseBody(SummaryRequest, req);
    if (!getPlanIndex(ctx, period.planId).measures.has(body.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, body.measureKey);
    ctx.store.transaction(() => ctx.store.setSummary(period.id, body.measureKey, body.text, ctx.now().toISOString(), a.label));
    res.json({ ok: true });
  });

  r.post('/api/admin/plans/:planId/assignments', (req, res) => {
    const a = coordinatorOf(req);
    const idx = editAssignment(ctx, param(req, 'planId'), parseBody(AssignmentEdit, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });

  r.post('/api/admin/plans/:planId/resolve-group', (req, res) => {
    const a = coordinatorOf(req);
    const idx = resolveGroup(ctx, param(req, 'planId'), parseBody(ResolveGroupRequest, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });
}
