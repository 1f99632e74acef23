// Conflicts keep both values until a person decides. Resolving is itself a change with a base
// (docs/rules.md "Resolving a conflict"): it names the field revision the person decided against;
// if the field moved since, nothing is written, the conflict shows the newer value and the answer
// (409 CONFLICT_MOVED) lets the person decide again. Otherwise the chosen value becomes a new
// revision (in history like any change) and the conflict is resolved. Each answer is stored under
// the change id: a retry gets exactly the same answer; the id reused for anything else is refused.
import type { Conflict, ConflictMovedDetails, ErrorBody, ResolveConflictRequest, ResolveConflictResponse } from '../../shared/api/contract';
import { refuseClosedWrite } from '../../shared/cycle/closure';
import { AppError, ERRORS } from '../../shared/messages';
import type { FieldState, Source } from '../../shared/model/progress';
import type { AppContext } from '../context';
import type { ConflictRow, FieldKey, StoredField } from '../store/types';
import type { Actor } from './actor';
import { getPlanIndex, type PlanIndex } from './plans';
import { fingerprint, requirePeriod, stampOf } from './sync';

function withMeasureNo(plan: PlanIndex, c: Omit<Conflict, 'measureNo'>): Conflict {
  const m = plan.measures.get(c.measureKey);
  const { id, periodId, measureKey, unitId, field, baseValue, serverValue, serverRev, theirValue, source, createdAt, createdBy, resolvedAt, resolvedBy, resolution } = c;
  return {
    id, periodId, measureKey, measureNo: m?.measure.no ?? '', unitId, field, baseValue, serverValue, serverRev, theirValue,
    source, createdAt, createdBy, resolvedAt, resolvedBy, resolution,
  };
}

export async function listConflicts(ctx: AppContext, periodId: string, actor: Actor, opts: { open?: boolean } = {}): Promise<Conflict[]> {
  const period = await requirePeriod(ctx.store, periodId);
  const rows = await ctx.store.conflicts.list(periodId, { unitId: actor.role === 'unit' ? actor.unitId! : undefined, open: opts.open });
  const plan = await getPlanIndex(ctx, period.planId);
  return rows.map((c) => withMeasureNo(plan, c));
}

/** The HTTP answer of a resolution, stored as it was sent so a retry gets it again. */
export type ResolveAnswer = { status: 200; body: ResolveConflictResponse } | { status: 409; body: ErrorBody };

export function resolveConflict(ctx: AppContext, conflictId: string, req: ResolveConflictRequest, actor: Actor, source: Source = 'console'): Promise<ResolveAnswer> {
  return ctx.store.transaction(async (tx) => {
    const seen = await tx.conflicts.get(conflictId);
    if (!seen) throw new AppError('UNKNOWN_CONFLICT', 404, conflictId);
    const key: FieldKey = { measureKey: seen.measureKey, unitId: seen.unitId, field: seen.field };
    await tx.lock({
      period: { id: seen.periodId, mode: 'shared' }, changeIds: [req.changeId], fields: { periodId: seen.periodId, keys: [key] },
      names: [`conflict:${seen.id}`],
    });
    const c = (await tx.conflicts.get(conflictId))!; // again, under the lock
    if (actor.role === 'unit' && c.unitId !== actor.unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
    const period = await requirePeriod(tx, c.periodId);
    const plan = await getPlanIndex(ctx, period.planId, tx);
    const answer = (conflict: ConflictRow, field: FieldState): ResolveAnswer => ({ status: 200, body: { conflict: withMeasureNo(plan, conflict), field } });
    const print = fingerprint('resolve', c.id, req.baseRev, req.value);
    const record = (await tx.changes.get([req.changeId])).get(req.changeId);
    const cur: StoredField = (await tx.entries.field(c.periodId, key)) ?? { value: '', rev: 0 };
    if (record) {
      if (record.kind === 'resolve' && record.fingerprint === print) return record.result as ResolveAnswer;
      // stored before change ids had fingerprints: the old rule (a resolved conflict answers its state)
      if (record.fingerprint === null && record.kind === null && c.resolvedAt) return answer(c, cur);
      throw new AppError('DUPLICATE_CHANGE_ID', 400, req.changeId);
    }
    if (c.resolvedAt) throw new AppError('CONFLICT_RESOLVED', 409);
    if (period.state === 'closed' && actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    if (req.value !== cur.value) {
      const closed = refuseClosedWrite(await tx.closures.list(period.planId), c.measureKey, c.unitId, source);
      if (closed) throw new AppError(closed, 409);
    }
    const at = ctx.now().toISOString();
    let result: ResolveAnswer;
    let write = false;
    if (cur.rev === req.baseRev || cur.value === req.value) {
      write = req.value !== cur.value;
      const field: FieldState = write ? { value: req.value, rev: cur.rev + 1, updatedAt: at, updatedBy: actor.label } : cur;
      await tx.conflicts.resolve(c.id, at, actor.label, req.value);
      result = answer({ ...c, resolvedAt: at, resolvedBy: actor.label, resolution: req.value }, field);
    } else {
      // the field moved since the person looked: write nothing, show them the newer value
      await tx.conflicts.refresh(c.id, cur.value, cur.rev);
      const details: ConflictMovedDetails = {
        field: { value: cur.value, rev: cur.rev, updatedAt: cur.updatedAt ?? null, updatedBy: cur.updatedBy ?? null },
      };
      result = { status: 409, body: { error: { code: 'CONFLICT_MOVED', message: ERRORS.CONFLICT_MOVED, details } } };
    }
    await tx.changes.put([{ changeId: req.changeId, kind: 'resolve', unitId: c.unitId, periodId: c.periodId, fingerprint: print, result, at }]);
    if (write) {
      const submitted = source !== 'carryover' && !!(await tx.submissions.get(c.periodId, c.unitId));
      await tx.entries.write(c.periodId, [{
        ...key, oldValue: cur.value, value: req.value, rev: cur.rev + 1, at, by: actor.label, actor: stampOf(actor), source,
        late: period.state === 'closed', autoMerged: false, changeId: req.changeId, changedAfterSubmit: submitted,
      }]);
    }
    return result;
  });
}
