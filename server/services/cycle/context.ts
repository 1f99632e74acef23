// What the 督办 cycle's services need: the (async) store, the clock and the office's time zone —
// a subset of AppContext, so the services are tested on any store without an HTTP server.
import { AppError } from '../../../shared/messages';
import type { Period } from '../../../shared/model/progress';
import type { ReadRepos, Store } from '../../store/types';
import type { Actor } from '../actor';

export interface CycleCtx {
  store: Store;
  now: () => Date;
  config: { timeZone: string };
}

export async function periodOf(db: ReadRepos, periodId: string): Promise<Period> {
  const p = await db.periods.get(periodId);
  if (!p) throw new AppError('UNKNOWN_PERIOD', 404, periodId);
  return p;
}

export function coordinatorOnly(actor: Actor): void {
  if (actor.role !== 'coordinator') throw new AppError('COORDINATOR_ONLY', 403);
}

/** The unit a request acts for: a unit code's own; the office names one. */
export function targetUnit(actor: Actor, unitId: string | undefined): string {
  if (actor.role === 'unit') {
    if (unitId && unitId !== actor.unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
    return actor.unitId!;
  }
  if (!unitId) throw new AppError('INVALID_REQUEST', 400, '请指定单位（unit）');
  return unitId;
}
