// The 督办 cycle as a unit sees it in the task pane: whether the office returned (退回) its
// submission and why — whole, or naming entries —, whether it was approved, which entries are 办结
// (read-only: the service refuses writes to them, the sheet locks them), and the 佐证材料 of each
// entry. One round of service calls; the pane shows it after sign-in, 同步 and 报送.
import type { MyAssignment } from '../../../shared/api/contract';
import { closureOf, type Closure } from '../../../shared/cycle/closure';
import type { Evidence, UnitReview } from '../../client/api';
import type { AddinSession } from '../session';

export interface EntryNotice {
  measureKey: string;
  measureNo: string;
  measureText: string;
  /** The office's reason while this entry is returned (a whole return names every entry). */
  returnReason: string | null;
  closure: Closure | null;
  evidence: Evidence[];
}

export interface CycleInfo {
  review: UnitReview;
  /** The return in force (null once submitted again or approved). */
  returned: { at: string; by: string; reason: string; whole: boolean } | null;
  /** Entries with something to show: returned, 办结 or with evidence — in the plan's order. */
  entries: EntryNotice[];
  closures: Closure[];
}

export async function cycleFlow(s: AddinSession): Promise<CycleInfo> {
  const periodId = s.period.id;
  const [review, { closures }, { evidence }, { assignments }] = await s.call(() =>
    Promise.all([s.api.unitReview(periodId), s.api.closures(periodId), s.api.evidence(periodId), s.api.assignments(periodId)]),
  );
  return cycleInfoOf(s.unitId, review, closures, evidence, assignments);
}

/** Pure: what the pane shows from the service's answers. */
export function cycleInfoOf(unitId: string, review: UnitReview, closures: Closure[], evidence: Evidence[], assignments: MyAssignment[]): CycleInfo {
  const last = review.state === 'returned' ? review.lastReturn : null;
  const returned = last ? { at: last.at, by: last.by, reason: last.reason, whole: last.measureKeys.length === 0 } : null;
  const entries: EntryNotice[] = [];
  for (const a of assignments) {
    const files = evidence.filter((e) => e.measureKey === a.measureKey && e.unitId === unitId && !e.deletedAt);
    const returnReason = review.state === 'returned' ? (review.returnedEntries?.[a.measureKey] ?? null) : null;
    const closure = closureOf(closures, a.measureKey, unitId);
    // a whole return says it once (CycleInfo.returned), not as a card for every entry
    if ((!returnReason || returned?.whole) && !closure && !files.length) continue;
    entries.push({ measureKey: a.measureKey, measureNo: a.measureNo, measureText: a.measureText, returnReason, closure, evidence: files });
  }
  return { review, returned, entries, closures };
}
