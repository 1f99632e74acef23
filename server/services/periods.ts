// Periods: open → closed (→ reopened, recorded). A new period starts from the plan's last period's
// entries (every field carried over as revision 1, source 'carryover', in history). Closing
// freezes a snapshot of the consolidated table — what was printed stays what was printed.
import type { Period } from '../../shared/model/progress';
import { AppError } from '../../shared/messages';
import { isDeadline } from '../../shared/model/deadline';
import type { AppContext } from '../context';
import type { Actor } from './actor';
import { newId } from './ids';
import { getPlanIndex } from './plans';
import { consolidatedLive } from './reports';
import { requirePeriod, writeField } from './sync';

/** 2026年上半年 / 2026年下半年 for a date, with the half-year's last day as the deadline. */
export function halfYearOf(d: Date): { name: string; deadline: string } {
  const y = d.getFullYear();
  const first = d.getMonth() < 6;
  return { name: `${y}年${first ? '上' : '下'}半年`, deadline: first ? `${y}-06-30` : `${y}-12-31` };
}

function checkDeadline(deadline: string | null | undefined): void {
  if (deadline && !isDeadline(deadline)) throw new AppError('INVALID_REQUEST', 400, `截止日期格式应为 YYYY-MM-DD（可加时间 YYYY-MM-DDTHH:mm）：${deadline}`);
}

export function openPeriod(
  ctx: AppContext, req: { planId?: string; name: string; deadline?: string | null; carryOver?: boolean }, actor: Actor,
): Period {
  checkDeadline(req.deadline);
  return ctx.store.transaction(() => {
    const planId = req.planId ?? defaultPlanId(ctx);
    const plan = getPlanIndex(ctx, planId);
    const prev = ctx.store.lastPeriodOfPlan(planId);
    const at = ctx.now().toISOString();
    const period: Period = {
      id: newId('per'), planId, name: req.name, deadline: req.deadline ?? null, state: 'open', openedAt: at, closedAt: null,
      carriedFrom: req.carryOver !== false && prev ? prev.id : null,
    };
    ctx.store.insertPeriod(period);
    ctx.store.addPeriodEvent(period.id, 'open', at, actor.label);
    if (period.carriedFrom) {
      for (const e of ctx.store.listEntries(period.carriedFrom, 0)) {
        if (!plan.measures.get(e.measureKey)?.unitIds.has(e.unitId)) continue; // no longer assigned
        for (const [field, f] of Object.entries(e.fields)) {
          if (!f || f.value === '') continue;
          writeField(ctx, {
            periodId: period.id, measureKey: e.measureKey, unitId: e.unitId, field: field as keyof typeof e.fields,
            oldValue: '', value: f.value, rev: 1, at, actor, source: 'carryover', late: false,
            autoMerged: false, changeId: `carry:${period.id}:${e.measureKey}:${e.unitId}:${field}`,
          });
        }
      }
    }
    return period;
  });
}

export function defaultPlanId(ctx: AppContext): string {
  const active = ctx.store.listPlans().filter((p) => p.active);
  if (active.length === 0) throw new AppError('NOT_FOUND', 404, '没有已导入的计划');
  return active[active.length - 1].id;
}

export function closePeriod(ctx: AppContext, periodId: string, actor: Actor): Period {
  return ctx.store.transaction(() => {
    const p = requirePeriod(ctx, periodId);
    if (p.state === 'closed') return p;
    const at = ctx.now().toISOString();
    ctx.store.updatePeriod(periodId, { state: 'closed', closedAt: at });
    ctx.store.setPeriodSnapshot(periodId, consolidatedLive(ctx, periodId));
    ctx.store.addPeriodEvent(periodId, 'close', at, actor.label);
    return requirePeriod(ctx, periodId);
  });
}

export function reopenPeriod(ctx: AppContext, periodId: string, actor: Actor): Period {
  return ctx.store.transaction(() => {
    const p = requirePeriod(ctx, periodId);
    if (p.state === 'open') return p;
    ctx.store.updatePeriod(periodId, { state: 'open', closedAt: null });
    ctx.store.addPeriodEvent(periodId, 'reopen', ctx.now().toISOString(), actor.label);
    return requirePeriod(ctx, periodId);
  });
}

export function updatePeriod(ctx: AppContext, periodId: string, patch: { name?: string; deadline?: string | null }): Period {
  requirePeriod(ctx, periodId);
  checkDeadline(patch.deadline);
  ctx.store.transaction(() => ctx.store.updatePeriod(periodId, patch));
  return requirePeriod(ctx, periodId);
}
