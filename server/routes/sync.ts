// Sync: delta pull, batch of field changes, conflicts, 报送, history.
import { submitSigned } from '../services/cycle/review';
import {
  ChangesRequest, HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, ResolveConflictRequest, ReviewedRequest, SubmitRequest, type HistoryResponse,
} from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import { actorOf } from '../auth';
import type { Request } from 'express';
import type { AppContext } from '../context';
import { listConflicts, resolveConflict } from '../services/conflicts';
import { getPlanIndex } from '../services/plans';
import { requireBatchWithinCap } from '../services/batch-cap';
import { applyChanges, currentField, pullEntries, requirePeriod, requireSource } from '../services/sync';
import { param, parseBody, queryInt, queryString, sendJson } from './http';
import { periodOf, type Mount } from './mount';

/** A refused batch for an unknown period answers 404 UNKNOWN_PERIOD first, as every :periodId route does. */
async function refusedAfterPeriod<T>(ctx: AppContext, req: Request, check: () => T): Promise<T> {
  try {
    return check();
  } catch (err) {
    await requirePeriod(ctx.store, param(req, 'periodId'));
    throw err;
  }
}

export function syncRoutes(on: Mount, ctx: AppContext): void {
  on('entries', async (req, res) => {
    const a = actorOf(req);
    res.json(await pullEntries(ctx, param(req, 'periodId'), queryInt(req, 'since', 0), a, queryString(req, 'unit')));
  });

  // (no period lookup before it: the merge reads the period in its transaction — routes/mount.ts)
  on('changes', async (req, res) => {
    const actor = actorOf(req);
    const body = await refusedAfterPeriod(ctx, req, () => {
      const b = parseBody(ChangesRequest, req);
      requireSource(actor, b.source);
      requireBatchWithinCap(b.changes);
      return b;
    });
    const late = actor.role === 'coordinator' && queryString(req, 'late') === '1';
    const out = await applyChanges(ctx, {
      periodId: param(req, 'periodId'), changes: body.changes, actor, source: body.source, person: body.person, late,
    });
    sendJson(res, out);
  });

  on('conflicts', async (req, res) => {
    const a = actorOf(req);
    res.json({ conflicts: await listConflicts(ctx, param(req, 'periodId'), a, { open: queryString(req, 'open') === '1' }) });
  });

  on('resolveConflict', async (req, res) => {
    const a = actorOf(req);
    const body = parseBody(ResolveConflictRequest, req);
    const answer = await resolveConflict(ctx, param(req, 'conflictId'), body, a, a.role === 'coordinator' ? 'console' : 'addin');
    res.status(answer.status).json(answer.body);
  });

  on('submit', async (req, res) => {
    const a = actorOf(req);
    const body = parseBody(SubmitRequest, req);
    res.json(await submitSigned(ctx, param(req, 'periodId'), a, { unitId: queryString(req, 'unit') ?? body.unitId, signedBy: body.signedBy }));
  });

  on('reviewed', async (req, res) => {
    const a = actorOf(req);
    const period = periodOf(req);
    const body = parseBody(ReviewedRequest, req);
    if (a.role === 'unit' && body.unitId !== a.unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
    const measure = (await getPlanIndex(ctx, period.planId)).measures.get(body.measureKey);
    if (!measure) throw new AppError('UNKNOWN_MEASURE', 400, body.measureKey);
    if (!measure.unitIds.has(body.unitId)) throw new AppError('NOT_ASSIGNED', 400, body.unitId);
    const key = { measureKey: body.measureKey, unitId: body.unitId, field: body.field };
    res.json(await ctx.store.transaction(async (tx) => (await tx.entries.clearAutoMerged(period.id, key), currentField(tx, period.id, key))));
  });

  // paged by seq (docs/rules.md "History"): `next` says there is more, nothing is cut silently
  on('history', async (req, res) => {
    const a = actorOf(req);
    const period = periodOf(req);
    const limit = queryInt(req, 'limit', HISTORY_PAGE_DEFAULT);
    if (limit < 1 || limit > HISTORY_PAGE_MAX) throw new AppError('INVALID_REQUEST', 400, `limit 应在 1 到 ${HISTORY_PAGE_MAX} 之间`);
    const measureKeys = a.role === 'unit' ? ((await getPlanIndex(ctx, period.planId)).measuresOfUnit.get(a.unitId!) ?? []) : undefined;
    const filter = { measureKey: queryString(req, 'measure'), unitId: queryString(req, 'unit'), measureKeys };
    const page = await ctx.store.history.page(period.id, filter, { after: queryInt(req, 'after', 0), limit });
    const body: HistoryResponse = { items: page.items.map(({ codeId: _c, ...h }) => h), next: page.next };
    res.json(body);
  });
}
