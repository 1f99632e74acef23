// Conflicts keep both values until a person decides. Resolving is itself a change with a base
// (docs/rules.md "Resolving a conflict"): it names the field revision the person decided against;
// if the field moved since, nothing is written, the conflict shows the newer value and the answer
// (409 CONFLICT_MOVED) lets the person decide again. Otherwise the chosen value becomes a new
// revision (in history like any change) and the conflict is resolved. Each answer is stored under
// the change id: a retry gets exactly the same answer; the id reused for anything else is refused.
import type { Conflict, ConflictMovedDetails, ErrorBody, ResolveConflictRequest, ResolveConflictResponse } from '../../shared/api/contract';
import { AppError, ERRORS } from '../../shared/messages';
import type { Source } from '../../shared/model/progress';
import type { AppContext } from '../context';
import type { Actor } from './actor';
import { getPlanIndex } from './plans';
import { currentField, fingerprint, requirePeriod, writeField } from './sync';

function withMeasureNo(ctx: AppContext, planId: string, c: Omit<Conflict, 'measureNo'>): Conflict {
  const m = getPlanIndex(ctx, planId).measures.get(c.measureKey);
  const { id, periodId, measureKey, unitId, field, baseValue, serverValue, serverRev, theirValue, source, createdAt, createdBy, resolvedAt, resolvedBy, resolution } = c;
  return {
    id, periodId, measureKey, measureNo: m?.measure.no ?? '', unitId, field, baseValue, serverValue, serverRev, theirValue,
    source, createdAt, createdBy, resolvedAt, resolvedBy, resolution,
  };
}

export function listConflicts(ctx: AppContext, periodId: string, actor: Actor, opts: { open?: boolean } = {}): Conflict[] {
  const period = requirePeriod(ctx, periodId);
  const rows = ctx.store.listConflicts(periodId, { unitId: actor.role === 'unit' ? actor.unitId! : undefined, open: opts.open });
  return rows.map((c) => withMeasureNo(ctx, period.planId, c));
}

/** The HTTP answer of a resolution, stored as it was sent so a retry gets it again. */
export type ResolveAnswer = { status: 200; body: ResolveConflictResponse } | { status: 409; body: ErrorBody };

export function resolveConflict(ctx: AppContext, conflictId: string, req: ResolveConflictRequest, actor: Actor, source: Source = 'console'): ResolveAnswer {
  const { store } = ctx;
  return store.transaction(() => {
    const c = store.getConflict(conflictId);
    if (!c) throw new AppError('UNKNOWN_CONFLICT', 404, conflictId);
    if (actor.role === 'unit' && c.unitId !== actor.unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
    const period = requirePeriod(ctx, c.periodId);
    const answer = (): ResolveAnswer => ({
      status: 200,
      body: { conflict: withMeasureNo(ctx, period.planId, store.getConflict(c.id)!), field: currentField(ctx, c.periodId, c.measureKey, c.unitId, c.field) },
    });
    const print = fingerprint('resolve', c.id, req.baseRev, req.value);
    const record = store.getChangeRecord(req.changeId);
    if (record) {
      if (record.kind === 'resolve' && record.fingerprint === print) return record.result as ResolveAnswer;
      // stored before change ids had fingerprints: the old rule (a resolved conflict answers its state)
      if (record.fingerprint === null && record.kind === null && c.resolvedAt) return answer();
      throw new AppError('DUPLICATE_CHANGE_ID', 400, req.changeId);
    }
    if (c.resolvedAt) throw new AppError('CONFLICT_RESOLVED', 409);
    if (period.state === 'closed' && actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    const at = ctx.now().toISOString();
    const cur = currentField(ctx, c.periodId, c.measureKey, c.unitId, c.field);
    let result: ResolveAnswer;
    if (cur.rev === req.baseRev || cur.value === req.value) {
      if (req.value !== cur.value) {
        writeField(ctx, {
          periodId: c.periodId, measureKey: c.measureKey, unitId: c.unitId, field: c.field, oldValue: cur.value,
          value: req.value, rev: cur.rev + 1, at, actor, source, late: period.state === 'closed', autoMerged: false, changeId: req.changeId,
        });
      }
      store.resolveConflict(c.id, at, actor.label, req.value);
      result = answer();
    } else {
      // the field moved since the person looked: write nothing, show them the newer value
      store.updateConflictServer(c.id, cur.value, cur.rev);
      const details: ConflictMovedDetails = {
        field: { value: cur.value, rev: cur.rev, updatedAt: cur.updatedAt ?? null, updatedBy: cur.updatedBy ?? null },
      };
      result = { status: 409, body: { error: { code: 'CONFLICT_MOVED', message: ERRORS.CONFLICT_MOVED, details } } };
    }
    store.putChangeRecord(req.changeId, { kind: 'resolve', unitId: c.unitId, periodId: c.periodId, fingerprint: print, result }, at);
    return result;
  });
}
