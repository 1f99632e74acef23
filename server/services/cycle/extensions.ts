// 延期申请: a unit asks for a later deadline with a reason; the office grants it (the unit's own
// deadline from then on) or declines. shared/cycle/extension.ts decides what may be asked and decided.
import { refuseDecision, refuseRequest, unitDeadline, type Extension } from '../../../shared/cycle/extension';
import { AppError } from '../../../shared/messages';
import { isCleanText } from '../../../shared/text/integrity';
import { newId } from '../ids';
import type { Actor } from '../actor';
import { coordinatorOnly, periodOf, targetUnit, type CycleCtx } from './context';

const lockName = (periodId: string, unitId: string) => `extension:${periodId}:${unitId}`;

export async function requestExtension(
  ctx: CycleCtx, periodId: string, actor: Actor, body: { unitId?: string; requestedDeadline: string; reason: string },
): Promise<Extension> {
  const unitId = targetUnit(actor, body.unitId);
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ period: { id: periodId, mode: 'shared' }, names: [lockName(periodId, unitId)] });
    const period = await periodOf(tx, periodId);
    if (period.state === 'closed') throw new AppError('PERIOD_CLOSED', 409);
    if (!(await tx.units.get(unitId))) throw new AppError('UNKNOWN_UNIT', 400, unitId);
    const existing = await tx.extensions.list(periodId, unitId);
    const tz = ctx.config.timeZone;
    const refusal = refuseRequest(body, unitDeadline(period.deadline, existing, tz), existing, tz);
    if (refusal) throw new AppError(refusal, refusal === 'EXTENSION_PENDING' ? 409 : 400);
    const e: Extension = {
      id: newId('ext'), periodId, unitId, requestedDeadline: body.requestedDeadline.trim(), reason: body.reason.trim(), state: 'pending',
      requestedAt: ctx.now().toISOString(), requestedBy: actor.label, decidedAt: null, decidedBy: null, grantedDeadline: null, note: '',
    };
    await tx.extensions.insert(e);
    return e;
  });
}

export async function decideExtension(
  ctx: CycleCtx, id: string, actor: Actor, body: { grant: boolean; deadline?: string | null; note?: string },
): Promise<Extension> {
  coordinatorOnly(actor);
  const note = (body.note ?? '').trim();
  if (note.length > 500) throw new AppError('REASON_REQUIRED', 400);
  if (!isCleanText(note)) throw new AppError('INVALID_TEXT', 400);
  return ctx.store.transaction(async (tx) => {
    const found = await tx.extensions.get(id);
    if (!found) throw new AppError('UNKNOWN_EXTENSION', 404);
    await tx.lock({ names: [lockName(found.periodId, found.unitId)] });
    const ext = (await tx.extensions.get(id))!; // read again after the lock
    const refusal = refuseDecision(ext, body, ctx.config.timeZone);
    if (refusal) throw new AppError(refusal, refusal === 'ALREADY_DECIDED' ? 409 : 400);
    const d = {
      state: body.grant ? ('granted' as const) : ('declined' as const), decidedAt: ctx.now().toISOString(), decidedBy: actor.label,
      grantedDeadline: body.grant ? (body.deadline?.trim() || ext.requestedDeadline) : null, note,
    };
    if (!(await tx.extensions.decide(id, d))) throw new AppError('ALREADY_DECIDED', 409);
    return { ...ext, ...d };
  });
}

/** A unit sees its own requests; the office every unit's. */
export async function listExtensions(ctx: CycleCtx, periodId: string, actor: Actor): Promise<Extension[]> {
  await periodOf(ctx.store, periodId);
  return ctx.store.extensions.list(periodId, actor.role === 'unit' ? actor.unitId! : undefined);
}
