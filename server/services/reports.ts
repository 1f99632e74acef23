// Read views of a period: the consolidated table (per measure, all units' rows in assignment
// order, rolled-up status) and the reporting status per unit (the office's 催报 list).
import type { ConsolidatedResponse, UnitReportStatus } from '../../shared/api/contract';
import { consolidate } from '../../shared/model/consolidate';
import type { Entry } from '../../shared/model/progress';
import { AppError } from '../../shared/messages';
import { isPast } from '../../shared/model/deadline';
import type { AppContext } from '../context';
import type { ReadRepos } from '../store/types';
import type { Actor } from './actor';
import { getPlanIndex } from './plans';
import { requirePeriod } from './sync';

/** The current state of a period's table (read through `db`: the transaction when closing). */
export async function consolidatedLive(ctx: AppContext, periodId: string, db: ReadRepos = ctx.store): Promise<ConsolidatedResponse> {
  const period = await requirePeriod(db, periodId);
  const plan = await getPlanIndex(ctx, period.planId, db);
  const entries = await db.entries.list(periodId, 0);
  const measures = consolidate(plan.plan, period, entries, await db.summaries.list(periodId), await db.units.list());
  return { planTitle: plan.title, period, measures };
}

/** Closed period: the snapshot frozen at closing (unless `live`); open: the current state. */
export async function consolidatedFor(ctx: AppContext, periodId: string, actor: Actor, opts: { live?: boolean } = {}): Promise<ConsolidatedResponse> {
  const period = await requirePeriod(ctx.store, periodId);
  let res: ConsolidatedResponse;
  const snap = period.state === 'closed' && !opts.live ? await ctx.store.periods.snapshot<ConsolidatedResponse>(periodId) : null;
  res = snap ? { ...snap, period } : await consolidatedLive(ctx, periodId);
  if (actor.role === 'unit') res = { ...res, measures: res.measures.filter((m) => m.units.some((u) => u.unitId === actor.unitId)) };
  return res;
}

export async function reportStatus(ctx: AppContext, periodId: string): Promise<{ units: UnitReportStatus[]; chase: UnitReportStatus[] }> {
  const { store } = ctx;
  const period = await requirePeriod(store, periodId);
  const plan = await getPlanIndex(ctx, period.planId);
  const entries = await store.entries.list(periodId, 0);
  const byUnit = new Map<string, Entry[]>();
  for (const e of entries) {
    const list = byUnit.get(e.unitId);
    if (list) list.push(e);
    else byUnit.set(e.unitId, [e]); // (not a copy per entry: a unit with thousands of entries made this quadratic)
  }
  const submissions = await store.submissions.list(periodId);
  const touched = await store.history.touchedEntries(periodId);
  const registry = new Map((await store.units.list()).map((u) => [u.id, u]));
  const now = ctx.now();
  const pastDeadline = isPast(period.deadline, now, ctx.config.timeZone);
  const units: UnitReportStatus[] = [];
  for (const [unitId, measureKeys] of plan.measuresOfUnit) {
    const unit = registry.get(unitId) ?? plan.plan.units.find((u) => u.id === unitId);
    if (!unit || unit.kind === 'placeholder_group') continue;
    const assigned = new Set(measureKeys);
    const mine = (byUnit.get(unitId) ?? []).filter((e) => assigned.has(e.measureKey));
    // Filled: touched this period (not only carried over) and holding some text.
    const filled = mine.filter((e) => touched.has(`${e.measureKey}\u0000${unitId}`) && Object.values(e.fields).some((f) => f && f.value !== '')).length;
    const submittedAt = submissions.get(unitId) ?? null;
    let lastUpdate: string | null = null;
    let contact = '';
    let contactAt = '';
    for (const e of mine) {
      for (const f of Object.values(e.fields)) if (f?.updatedAt && (!lastUpdate || f.updatedAt > lastUpdate)) lastUpdate = f.updatedAt;
      const c = e.fields.contact;
      if (c?.value && (c.updatedAt ?? '') >= contactAt) {
        contact = c.value;
        contactAt = c.updatedAt ?? '';
      }
    }
    units.push({
      unitId, unitName: unit.shortName || unit.name, kind: unit.kind, assigned: measureKeys.length, filled,
      submitted: !!submittedAt, submittedAt, changedAfterSubmit: mine.some((e) => e.changedAfterSubmit),
      lastUpdate, overdue: pastDeadline && !submittedAt, contact,
    });
  }
  return { units, chase: units.filter((u) => !u.submitted) };
}

export function submit(ctx: AppContext, periodId: string, actor: Actor, unitId?: string) {
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ period: { id: periodId, mode: 'shared' } });
    const period = await requirePeriod(tx, periodId);
    const target = actor.role === 'unit' ? actor.unitId! : unitId;
    if (!target) throw new AppError('INVALID_REQUEST', 400, '请指定单位（unit）');
    if (actor.role === 'unit' && unitId && unitId !== actor.unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
    if (!(await tx.units.get(target))) throw new AppError('UNKNOWN_UNIT', 400, target);
    if (period.state === 'closed' && actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    const at = ctx.now().toISOString();
    await tx.submissions.upsert(periodId, target, at, actor.label);
    await tx.entries.clearChangedAfterSubmit(periodId, target);
    return { unitId: target, periodId, submittedAt: at };
  });
}
