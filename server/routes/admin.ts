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
  on('units', (req, res) => {
    res.json({ units: ctx.store.listUnits() });
  });

  on('createUnit', (req, res) => {
    const unit = parseBody(CreateUnitRequest, req);
    ctx.store.transaction(() => ctx.store.upsertUnit(unit));
    res.json(ctx.store.getUnit(unit.id));
  });

  on('codes', (req, res) => {
    res.json({ codes: ctx.store.listCodes() });
  });

  on('issueCode', (req, res) => {
    const a = actorOf(req);
    res.json(issueCode(ctx, parseBody(IssueCodeRequest, req), a));
  });

  on('revokeCode', (req, res) => {
    res.json(revokeCode(ctx, param(req, 'codeId')));
  });

  on('openPeriod', (req, res) => {
    const a = actorOf(req);
    res.json(openPeriod(ctx, parseBody(OpenPeriodRequest, req), a));
  });

  on('updatePeriod', (req, res) => {
    res.json(updatePeriod(ctx, param(req, 'periodId'), parseBody(UpdatePeriodRequest, req)));
  });

  on('closePeriod', (req, res) => {
    const a = actorOf(req);
    res.json(closePeriod(ctx, param(req, 'periodId'), a));
  });

  on('reopenPeriod', (req, res) => {
    const a = actorOf(req);
    res.json(reopenPeriod(ctx, param(req, 'periodId'), a));
  });

  on('periodEvents', (req, res) => {
    const period = periodOf(req);
    res.json({ events: ctx.store.listPeriodEvents(period.id) });
  });

  on('summary', (req, res) => {
    const a = actorOf(req);
    const period = periodOf(req);
    const body = parseBody(SummaryRequest, req);
    if (!getPlanIndex(ctx, period.planId).measures.has(body.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, body.measureKey);
    ctx.store.transaction(() => ctx.store.setSummary(period.id, body.measureKey, body.text, ctx.now().toISOString(), a.label));
    res.json({ ok: true });
  });

  on('editAssignment', (req, res) => {
    const a = actorOf(req);
    const idx = editAssignment(ctx, param(req, 'planId'), parseBody(AssignmentEdit, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });

  on('resolveGroup', (req, res) => {
    const a = actorOf(req);
    const idx = resolveGroup(ctx, param(req, 'planId'), parseBody(ResolveGroupRequest, req), a);
    res.json({ ...planSummary(idx), plan: idx.plan });
  });
}
