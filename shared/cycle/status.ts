// The office's view of the cycle in one period: per unit its liaison, review state, the deadline
// that holds for it, its light, and its open (not 办结) measures with their lights; per measure the
// worst light; and the pending counts (unreviewed, returned, pending extensions). Pure: the service
// loads the rows, this decides.
import type { Plan } from '../model/plan';
import type { Period } from '../model/progress';
import { closureOf, type Closure } from './closure';
import { unitDeadline, type Extension } from './extension';
import { lightOf, worstLight, type Light } from './lights';
import type { Liaison } from './liaison';
import { returnedReason, reviewOf, type ReviewStep, type UnitReview } from './review';

export interface CycleUnit {
  unitId: string;
  liaison: Liaison | null;
  review: UnitReview;
  deadline: string | null;
  extensionPending: boolean;
  light: Light;
  measures: { measureKey: string; measureNo: string; text: string; light: Light; closed: boolean; returnedReason: string | null }[];
}

export interface CycleStatus {
  units: CycleUnit[];
  measures: { measureKey: string; light: Light; closed: boolean }[];
  counts: { unreviewed: number; returned: number; pendingExtensions: number; overdue: number; warning: number };
}

export interface CycleInput {
  plan: Plan;
  period: Period;
  /** Units that report (placeholder groups left out), in the order to list them. */
  unitIds: readonly string[];
  steps: ReadonlyMap<string, readonly ReviewStep[]>;
  /** Submissions recorded before review steps existed count as submitted (signer unknown). */
  legacySubmissions: ReadonlyMap<string, string>;
  extensions: readonly Extension[];
  closures: readonly Closure[];
  liaisons: ReadonlyMap<string, Liaison>;
  now: Date;
  timeZone: string;
  warnDays?: number;
}

export function cycleStatus(i: CycleInput): CycleStatus {
  const measureLights = new Map<string, Light[]>();
  const units: CycleUnit[] = [];
  for (const unitId of i.unitIds) {
    let steps = i.steps.get(unitId) ?? [];
    const legacy = i.legacySubmissions.get(unitId);
    if (steps.length === 0 && legacy) steps = [{ kind: 'submit', at: legacy, by: '', signedBy: '' }];
    const review = reviewOf(steps);
    const exts = i.extensions.filter((e) => e.unitId === unitId);
    const deadline = unitDeadline(i.period.deadline, exts, i.timeZone);
    const measures: CycleUnit['measures'] = [];
    for (const t of i.plan.tasks) {
      for (const m of t.measures) {
        if (!m.assignments.some((a) => a.unitId === unitId)) continue;
        const closed = !!closureOf(i.closures, m.key, unitId);
        const reason = returnedReason(review, m.key);
        const light = lightOf({ deadline, review, now: i.now, timeZone: i.timeZone, warnDays: i.warnDays, closed, returnedHere: reason !== null });
        measures.push({ measureKey: m.key, measureNo: m.no, text: m.text, light, closed, returnedReason: reason });
        measureLights.set(m.key, [...(measureLights.get(m.key) ?? []), light]);
      }
    }
    if (measures.length === 0) continue;
    const allClosed = measures.every((m) => m.closed);
    const light = allClosed ? 'closed' : lightOf({ deadline, review, now: i.now, timeZone: i.timeZone, warnDays: i.warnDays });
    units.push({ unitId, liaison: i.liaisons.get(unitId) ?? null, review, deadline, extensionPending: exts.some((e) => e.state === 'pending'), light, measures });
  }
  const measures = i.plan.tasks.flatMap((t) => t.measures).map((m) => {
    const lights = measureLights.get(m.key) ?? [];
    return { measureKey: m.key, light: worstLight(lights), closed: lights.length > 0 && lights.every((l) => l === 'closed') };
  });
  return {
    units,
    measures,
    counts: {
      unreviewed: units.filter((u) => u.review.state === 'submitted').length,
      returned: units.filter((u) => u.review.state === 'returned').length,
      pendingExtensions: i.extensions.filter((e) => e.state === 'pending').length,
      overdue: units.filter((u) => u.light === 'red' && u.review.state !== 'returned').length,
      warning: units.filter((u) => u.light === 'yellow').length,
    },
  };
}

/** The 催报 list: units not submitted or returned, with a measure still open. */
export function chaseList(s: CycleStatus): CycleUnit[] {
  return s.units.filter((u) => u.light !== 'closed' && (u.review.state === 'not-submitted' || u.review.state === 'returned'));
}
