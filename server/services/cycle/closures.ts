// 办结: the office confirms a measure (or one unit's part) finished; it stays closed in later
// periods of the plan (no 催报, the entry form shows it finished) until reopened. Both recorded.
import type { Closure } from '../../../shared/cycle/closure';
import { AppError } from '../../../shared/messages';
import { isCleanText } from '../../../shared/text/integrity';
import type { Plan } from '../../../shared/model/plan';
import type { ClosureEvent } from '../../store/types';
import type { Actor } from '../actor';
import { coordinatorOnly, periodOf, type CycleCtx } from './context';

function checkNote(note: string): string {
  const n = note.trim();
  if (n.length > 500) throw new AppError('REASON_REQUIRED', 400);
  if (!isCleanText(n)) throw new AppError('INVALID_TEXT', 400);
  return n;
}

async function checkTarget(ctx: CycleCtx, plan: Plan | undefined, measureKey: string, unitId: string): Promise<void> {
  const measure = plan?.tasks.flatMap((t) => t.measures).find((m) => m.key === measureKey);
  if (!measure) throw new AppError('UNKNOWN_MEASURE', 404, measureKey);
  if (unitId && !measure.assignments.some((a) => a.unitId === unitId)) throw new AppError('NOT_ASSIGNED', 400);
}

export async function closeMeasure(ctx: CycleCtx, periodId: string, actor: Actor, body: { measureKey: string; unitId?: string; note?: string }): Promise<Closure> {
  coordinatorOnly(actor);
  const note = checkNote(body.note ?? '');
  const unitId = body.unitId ?? '';
  return ctx.store.transaction(async (tx) => {
    const period = await periodOf(tx, periodId);
    await tx.lock({ names: [`closure:${period.planId}:${body.measureKey}`] });
    await checkTarget(ctx, (await tx.plans.get(period.planId))?.plan, body.measureKey, unitId);
    const c: Closure = { planId: period.planId, measureKey: body.measureKey, unitId, periodId, at: ctx.now().toISOString(), by: actor.label, note };
    await tx.closures.close(c);
    return c;
  });
}

export async function reopenMeasure(ctx: CycleCtx, periodId: string, actor: Actor, body: { measureKey: string; unitId?: string; note?: string }): Promise<ClosureEvent> {
  coordinatorOnly(actor);
  const note = checkNote(body.note ?? '');
  return ctx.store.transaction(async (tx) => {
    const period = await periodOf(tx, periodId);
    await tx.lock({ names: [`closure:${period.planId}:${body.measureKey}`] });
    const e = { planId: period.planId, measureKey: body.measureKey, unitId: body.unitId ?? '', periodId, at: ctx.now().toISOString(), by: actor.label, note };
    if (!(await tx.closures.reopen(e))) throw new AppError('NOT_CLOSED', 409);
    return { ...e, kind: 'reopen' };
  });
}

export async function closuresOf(ctx: CycleCtx, periodId: string): Promise<{ closures: Closure[]; events: ClosureEvent[] }> {
  const period = await periodOf(ctx.store, periodId);
  return { closures: await ctx.store.closures.list(period.planId), events: await ctx.store.closures.events(period.planId) };
}
