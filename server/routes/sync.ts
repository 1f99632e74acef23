// Sync: delta pull, batch of field changes, conflicts, 报送, history.
import type { Router } from 'express';
import { ChangesRequest, ResolveConflictRequest, ReviewedRequest } from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { listConflicts, resolveConflict } from '../services/conflicts';
import { getPlanIndex } from '../services/plans';
import { submit } from '../services/reports';
import { applyChangesQueued, currentField, pullEntries, requirePeriod } from '../services/sync';
import { param, parseBody, queryInt, queryString, sendJson } from './http';

export function syncRoutes(r: Router, ctx: AppContext): void {
  r.get('/api/periods/:periodId/entries', (req, res) => {
    const a = actorOf(req);
    res.json(pullEntries(ctx, param(req, 'periodId'), queryInt(req, 'since', 0), a, queryString(req, 'unit')));
  });

  r.post('/api/periods/:periodId/changes', async (req, res) => {
    const actor = actorOf(req);
    const body = parseBody(ChangesRequest, req);
    if (body.source === 'carryover' || body.source === 'import') throw new AppError('INVALID_REQUEST', 400, `source=${body.source}`);
    const late = actor.role === 'coordinator' && queryString(req, 'late') === '1';
    const out = await applyChangesQueued(ctx, {
      periodId: param(req, 'periodId'), changes: body.changes, actor, source: body.source, person: body.person, late,
    });
    sendJson(res, out);
  });

  r.get('/api/periods/:periodId/conflicts', (req, res) => {
    const a = actorOf(req);
    res.json({ conflicts: listConflicts(ctx, param(req, 'periodId'), a, { open: queryString(req, 'open') === '1' }) });
  });

  r.post('/api/conflicts/:conflictId/resolve', (req, res) => {
    const a = actorOf(req);
    const body = parseBody(ResolveConflictRequest, req);
    res.json(resolveConflict(ctx, param(req, 'conflictId'), body, a, a.role === 'coordinator' ? 'console' : 'addin'));
  });

  r.post('/api/periods/:periodId/submit', (req, res) => {
    const a = actorOf(req);
    res.json(submit(ctx, param(req, 'periodId'), a, queryString(req, 'unit') ?? (req.body?.unitId as string | undefined)));
  });

  r.post('/api/periods/:periodId/reviewed', (req, res) => {
    const a = actorOf(req);
    const period = requirePeriod(ctx, param(req, 'periodId'));
    const body = parseBody(ReviewedRequest, req);
    if (a.role === 'unit' && body.unitId !== a.unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
    ctx.store.transaction(() => ctx.store.clearAutoMerged(period.id, body.measureKey, body.unitId, body.field));
    res.json(currentField(ctx, period.id, body.measureKey, body.unitId, body.field));
  });

  r.get('/api/periods/:periodId/history', (req, res) => {
    const a = actorOf(req);
    const period = requirePeriod(ctx, param(req, 'periodId'));
    const measureKeys = a.role === 'unit' ? (getPlanIndex(ctx, period.planId).measuresOfUnit.get(a.unitId!) ?? []) : undefined;
    const items = ctx.store
      .listHistory(period.id, { measureKey: queryString(req, 'measure'), unitId: queryString(req, 'unit'), measureKeys })
      .map(({ codeId: _c, ...h }) => h);
    res.json({ items });
  });
}
