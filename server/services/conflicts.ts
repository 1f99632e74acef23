// Conflicts keep both values until a person decides. Resolving writes the chosen value as a new
// revision (in history like any change) and marks the conflict resolved; retried with the same
// change id it answers the same.
import type { Conflict } from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import type { FieldState, Source } from '../../shared/model/progress';
import type { AppContext } from '../context';
import type { Actor } from './actor';
import { getPlanIndex } from './plans';
import { currentField, requirePeriod, writeField } from './sync';

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

export function resolveConflict(
  ctx: AppContext, conflictId: string, req: { value: string; changeId: string }, actor: Actor, source: Source = 'console',
): { conflict: Conflict; field: FieldState } {
  return ctx.store.transaction(() => {
    const c = ctx.store.getConflict(conflictId);
    if (!c) throw new AppError('UNKNOWN_CONFLICT', 404, conflictId);
    if (actor.role === 'unit' && c.unitId !== actor.unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
    const period = requirePeriod(ctx, c.periodId);
    const field = () => currentField(ctx, c.periodId, c.measureKey, c.unitId, c.field);
    if (c.resolvedAt) {
      if (ctx.store.getChangeResult(req.changeId)) return { conflict: withMeasureNo(ctx, period.planId, c), field: field() };
      throw new AppError('CONFLICT_RESOLVED', 409);
    }
    if (period.state === 'closed' && actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    const at = ctx.now().toISOString();
    const cur = field();
    let rev = cur.rev;
    if (req.value !== cur.value) {
      rev = writeField(ctx, {
        periodId: c.periodId, measureKey: c.measureKey, unitId: c.unitId, field: c.field, oldValue: cur.value,
        value: req.value, rev: cur.rev + 1, at, by: actor.label, actor, source, late: period.state === 'closed',
        autoMerged: false, changeId: req.changeId,
      });
    }
    ctx.store.resolveConflict(c.id, at, actor.label, req.value);
    ctx.store.putChangeResult({ changeId: req.changeId, outcome: req.value === cur.value ? 'unchanged' : 'accepted', rev, value: req.value }, at, c.unitId);
    return { conflict: withMeasureNo(ctx, period.planId, ctx.store.getConflict(c.id)!), field: field() };
  });
}
