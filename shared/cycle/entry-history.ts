// An entry's history as the office reads it: the accepted changes of the entry and the review steps
// that concern it — every 报送 (with who signed it off) and 通过 of its unit, a 退回 of the whole
// submission or one naming this entry (a 退回 naming only other entries is not about it) — newest first.
import type { ReviewStep } from './review';

export type EntryEvent<C> =
  | { kind: 'change'; at: string; change: C }
  | { kind: 'review'; at: string; step: ReviewStep; whole: boolean };

/** Whether a review step of the entry's unit concerns the entry. */
export function concernsEntry(step: ReviewStep, measureKey: string): boolean {
  return step.kind !== 'return' || step.measureKeys.length === 0 || step.measureKeys.includes(measureKey);
}

/** Changes (each with its time) and the unit's review steps, oldest first in, newest first out; at equal times a step after the changes it followed. */
export function entryTimeline<C extends { at: string }>(changes: readonly C[], steps: readonly ReviewStep[], measureKey: string): EntryEvent<C>[] {
  const events: EntryEvent<C>[] = [
    ...changes.map((change): EntryEvent<C> => ({ kind: 'change', at: change.at, change })),
    ...steps.filter((s) => concernsEntry(s, measureKey)).map((step): EntryEvent<C> => ({ kind: 'review', at: step.at, step, whole: step.kind === 'return' && step.measureKeys.length === 0 })),
  ];
  // stable: changes keep their order, steps theirs; equal times keep changes first (a step follows what it reviewed)
  const order = events.map((e, i) => ({ e, i, t: Date.parse(e.at) }));
  order.sort((a, b) => a.t - b.t || (a.e.kind === b.e.kind ? a.i - b.i : a.e.kind === 'change' ? -1 : 1));
  return order.map((x) => x.e).reverse();
}
