// Periods: open → closed (→ reopened, recorded). A new period starts from the plan's last period's
// entries (every field carried over as revision 1, source 'carryover', in history). Closing
// freezes a snapshot of the consolidated table — what was printed stays what was printed.
import type { Field, Period } from '../../shared/model/progress';
import { AppError } from '../../shared/messages';
import type { AppContext } from '../context';
import type { FieldWrite, ReadRepos, Tx } from '../store/types';
import type { Actor } from './actor';
import { newId } from './ids';
import { getPlanIndex } from './plans';
import { consolidatedLive } from './reports';
import { requirePeriod, stampOf } from './sync';

/** 2026年上半年 / 2026年下半年 for a date, with the half-year's last day as the deadline. */
export function halfYearOf(d: Date): { name: string; deadline: string } {
  const y = d.getFullYear();
  const first = d.getMonth() < 6;
  return { name: `${y}年${first ? '上' : '下'}半年`, deadline: first ? `${y}-06-30` : `${y}-12-31` };
}

function checkDeadline(deadline: string | null | undefined): void {
  if (deadline && Number.isNaN(Date.parse(deadline))) throw new AppError('INVALID_REQUEST', 400, `截止日期格式应为 YYYY-MM-DD：${deadline}`);
}

export function openPeriod(
  ctx: AppContext, req: { planId?: string; name: string; deadline?: string | null; carryOver?: boolean }, actor: Actor,
): Promise<Period> {
  checkDeadline(req.deadline);
  return ctx.store.transaction((tx) => openPeriodInTx(ctx, tx, req, actor));
}

/** Opens a period; carried-over fields are written in one batch (history, fields, cursors). */
export async function openPeriodInTx(
  ctx: AppContext, tx: Tx, req: { planId?: string; name: string; deadline?: string | null; carryOver?: boolean }, actor: Actor,
): Promise<Period> {
  checkDeadline(req.deadline);
  const planId = req.planId ?? (await defaultPlanId(tx));
  await tx.lock({ names: [`plan-periods:${planId}`] }); // two openings at once: the second carries over from the first
  const plan = await getPlanIndex(ctx, planId, tx);
  const prev = await tx.periods.lastOfPlan(planId);
  const at = ctx.now().toISOString();
  const period: Period = {
    id: newId('per'), planId, name: req.name, deadline: req.deadline ?? null, state: 'open', openedAt: at, closedAt: null,
    carriedFrom: req.carryOver !== false && prev ? prev.id : null,
  };
  await tx.periods.insert(period);
  await tx.periods.addEvent(period.id, 'open', at, actor.label);
  if (!period.carriedFrom) return period;
  const writes: FieldWrite[] = [];
  for (const e of await tx.entries.list(period.carriedFrom, 0)) {
    if (!plan.measures.get(e.measureKey)?.unitIds.has(e.unitId)) continue; // no longer assigned
    for (const [field, f] of Object.entries(e.fields)) {
      if (!f || f.value === '') continue;
      writes.push({
        measureKey: e.measureKey, unitId: e.unitId, field: field as Field, oldValue: '', value: f.value, rev: 1, at, by: actor.label,
        actor: stampOf(actor), source: 'carryover', late: false, autoMerged: false,
        changeId: `carry:${period.id}:${e.measureKey}:${e.unitId}:${field}`, changedAfterSubmit: false,
      });
    }
  }
  await tx.entries.write(period.id, writes);
  return period;
}

export async function defaultPlanId(db: ReadRepos): Promise<string> {
  const active = (await db.plans.list()).filter((p) => p.active);
  if (active.length === 0) throw new AppError('NOT_FOUND', 404, '没有已导入的计划');
  return active[active.length - 1].id;
}

export function closePeriod(ctx: AppContext, periodId: string, actor: Actor): Promise<Period> {
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ period: { id: periodId, mode: 'exclusive' } }); // no write lands between the snapshot and the close
    const p = await requirePeriod(tx, periodId);
    if (p.state === 'closed') return p;
    const at = ctx.now().toISOString();
    await tx.periods.update(periodId, { state: 'closed', closedAt: at });
    await tx.periods.setSnapshot(periodId, await consolidatedLive(ctx, periodId, tx));
    await tx.periods.addEvent(periodId, 'close', at, actor.label);
    return requirePeriod(tx, periodId);
  });
}

export function reopenPeriod(ctx: AppContext, periodId: string, actor: Actor): Promise<Period> {
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ period: { id: periodId, mode: 'exclusive' } });
    const p = await requirePeriod(tx, periodId);
    if (p.state === 'open') return p;
    await tx.periods.update(periodId, { state: 'open', closedAt: null });
    await tx.periods.addEvent(periodId, 'reopen', ctx.now().toISOString(), actor.label);
    return requirePeriod(tx, periodId);
  });
}

export async function updatePeriod(ctx: AppContext, periodId: string, patch: { name?: string; deadline?: string | null }): Promise<Period> {
  return ctx.store.transaction(async (tx) => {
    await requirePeriod(tx, periodId);
    checkDeadline(patch.deadline);
    await tx.periods.update(periodId, patch);
    return requirePeriod(tx, periodId);
  });
}
