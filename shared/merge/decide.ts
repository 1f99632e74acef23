// The per-field merge rule (docs/rules.md "Merge rule"), pure so every path shares it:
//   new value = current value        → unchanged (nothing to write)
//   base revision = current revision → accept
//   long text, edits in different sentences → merged (flagged for a person to review)
//   otherwise                        → conflict that keeps both values
// No silent last-writer-wins.
import { TEXT_FIELDS } from '../model/fields';
import type { Field } from '../model/progress';
import { mergeText, type MergeBudget } from './text-merge';

export type { MergeBudget };

export interface FieldDecisionInput {
  field: Field;
  baseRev: number;
  /** The value at `baseRev` (what the edit started from); null when the server cannot tell. */
  baseValue: string | null;
  currentRev: number;
  currentValue: string;
  newValue: string;
}

/**
 * What one batch may spend on sentence merges (docs/rules.md "Bounds"), in the merge's work units
 * (text-merge.ts): a few merges of the worst text the field limit allows (npm run bench -- trust), or
 * thousands of ordinary ones. Past it a stale text edit is a conflict for a person, not more work
 * on one request.
 */
export const MERGE_BUDGET_UNITS = 40_000_000;
export const newMergeBudget = (): MergeBudget => ({ units: MERGE_BUDGET_UNITS });

export type FieldDecision =
  | { kind: 'unchanged' }
  | { kind: 'accept'; value: string }
  | { kind: 'merged'; value: string }
  | { kind: 'conflict' };

export function decideField(input: FieldDecisionInput, budget: MergeBudget = newMergeBudget()): FieldDecision {
  const { field, baseRev, baseValue, currentRev, currentValue, newValue } = input;
  if (newValue === currentValue) return { kind: 'unchanged' };
  if (baseRev === currentRev) return { kind: 'accept', value: newValue };
  if (baseRev > currentRev || baseValue === null) return { kind: 'conflict' };
  if (!TEXT_FIELDS.includes(field)) return { kind: 'conflict' };
  const merged = mergeText(baseValue, newValue, currentValue, budget);
  if (merged === null) return { kind: 'conflict' };
  if (merged === currentValue) return { kind: 'unchanged' };
  return { kind: 'merged', value: merged };
}
