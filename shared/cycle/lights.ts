// Warning lights (PRODUCT.md "Deadlines"): per unit and per measure, yellow within N days of the
// deadline (default 3) while not submitted, red when overdue or returned and not resubmitted. The
// deadline is the unit's own when an extension was granted. A closed (办结) entry has no light.
import { daysUntil, isPast } from '../model/deadline';
import type { UnitReview } from './review';

export type Light = 'normal' | 'yellow' | 'red' | 'done' | 'closed';

export const DEFAULT_WARN_DAYS = 3;

/** Worst first: a measure shows its worst unit. */
const ORDER: Light[] = ['red', 'yellow', 'normal', 'done', 'closed'];

export interface LightInput {
  /** The deadline that holds for the unit (extension.ts unitDeadline). */
  deadline: string | null;
  review: UnitReview;
  now: Date;
  timeZone: string;
  warnDays?: number;
  closed?: boolean;
  /** For one entry: whether the return in force names it (whole returns name every entry). */
  returnedHere?: boolean;
}

export function lightOf(i: LightInput): Light {
  if (i.closed) return 'closed';
  const returned = i.review.state === 'returned' && (i.returnedHere ?? true);
  if (returned) return 'red';
  if (i.review.state === 'submitted' || i.review.state === 'approved' || i.review.state === 'returned') return 'done';
  if (!i.deadline) return 'normal';
  if (isPast(i.deadline, i.now, i.timeZone)) return 'red';
  const days = daysUntil(i.deadline, i.now, i.timeZone);
  return days !== null && days <= (i.warnDays ?? DEFAULT_WARN_DAYS) ? 'yellow' : 'normal';
}

/** The light of a measure: its worst unit's (closed only when every unit's entry is closed). */
export function worstLight(lights: readonly Light[]): Light {
  if (lights.length === 0) return 'normal';
  return ORDER.find((l) => lights.includes(l)) ?? 'normal';
}
