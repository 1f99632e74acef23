// 延期申请: a unit asks for a later deadline with a reason; the office grants it (a unit-specific
// deadline, which lights and overdue marks then use) or declines. Requests are kept, decided once.
import { isCleanText } from '../text/integrity';
import { deadlineEndsAt, parseDeadline } from '../model/deadline';

export type ExtensionState = 'pending' | 'granted' | 'declined';

export interface Extension {
  id: string;
  periodId: string;
  unitId: string;
  requestedDeadline: string;
  reason: string;
  state: ExtensionState;
  requestedAt: string;
  requestedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  /** The deadline granted (the requested one unless the office chose another). */
  grantedDeadline: string | null;
  note: string;
}

export type ExtensionRefusal = 'INVALID_DEADLINE' | 'NOT_LATER' | 'REASON_REQUIRED' | 'INVALID_TEXT' | 'EXTENSION_PENDING' | 'ALREADY_DECIDED';

export const MAX_EXTENSION_REASON = 500;

export function refuseRequest(
  req: { requestedDeadline: string; reason: string },
  current: string | null, existing: readonly Extension[], timeZone: string,
): ExtensionRefusal | null {
  if (!parseDeadline(req.requestedDeadline, timeZone)) return 'INVALID_DEADLINE';
  const wanted = deadlineEndsAt(req.requestedDeadline, timeZone)!;
  if (current && wanted <= (deadlineEndsAt(current, timeZone) ?? -Infinity)) return 'NOT_LATER';
  const reason = req.reason.trim();
  if (!reason || reason.length > MAX_EXTENSION_REASON) return 'REASON_REQUIRED';
  if (!isCleanText(reason)) return 'INVALID_TEXT';
  if (existing.some((e) => e.state === 'pending')) return 'EXTENSION_PENDING';
  return null;
}

export function refuseDecision(ext: Extension, decision: { grant: boolean; deadline?: string | null }, timeZone: string): ExtensionRefusal | null {
  if (ext.state !== 'pending') return 'ALREADY_DECIDED';
  if (decision.grant && decision.deadline && !parseDeadline(decision.deadline, timeZone)) return 'INVALID_DEADLINE';
  return null;
}

/** The deadline that holds for a unit: the latest granted extension, else the period's. */
export function unitDeadline(periodDeadline: string | null, extensions: readonly Extension[], timeZone: string): string | null {
  let best = periodDeadline;
  let bestEnd = periodDeadline ? (deadlineEndsAt(periodDeadline, timeZone) ?? -Infinity) : -Infinity;
  for (const e of extensions) {
    if (e.state !== 'granted' || !e.grantedDeadline) continue;
    const end = deadlineEndsAt(e.grantedDeadline, timeZone) ?? -Infinity;
    if (end > bestEnd) (best = e.grantedDeadline), (bestEnd = end);
  }
  return best;
}
