// The per-field merge rule (docs/rules.md "Merge rule"), pure so every path shares it:
//   new value = current value        → unchanged (nothing to write)
//   base revision = current revision → accept
//   long text, edits in different sentences → merged (flagged for a person to review)
//   otherwise                        → conflict that keeps both values
// No silent last-writer-wins.
import { TEXT_FIELDS, type Field } from '../model/progress';
import { mergeText } from './text-merge';

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
 * What a batch may spend on sentence merges (docs/rules.md "Bounds"): characters of base + both
 * sides, summed over the batch. One merge at the field limit costs at most ~MAX_FIELD_LENGTH × 3;
 * past the budget a stale text edit is a conflict for a person instead of more work on a request.
 */
export const MERGE_BUDGET_CHARS = 1_000_000;
export interface MergeBudget {
  chars: number;
}
export const newMergeBudget = (): MergeBudget => ({ chars: MERGE_BUDGET_CHARS });

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
  const cost = baseValue.length + newValue.length + currentValue.length;
  if (cost > budget.chars) return { kind: 'conflict' };
  budget.chars -= cost;
  const merged = mergeText(baseValue, newValue, currentValue);
  if (merged === null) return { kind: 'conflict' };
  if (merged === currentValue) return { kind: 'unchanged' };
  return { kind: 'merged', value: merged };
}
