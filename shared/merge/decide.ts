// The per-field merge rule (PRODUCT.md "Sync and merge"), pure so every path shares it:
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

export type FieldDecision =
  | { kind: 'unchanged' }
  | { kind: 'accept'; value: string }
  | { kind: 'merged'; value: string }
  | { kind: 'conflict' };

export function decideField(input: FieldDecisionInput): FieldDecision {
  const { field, baseRev, baseValue, currentRev, currentValue, newValue } = input;
  if (newValue === currentValue) return { kind: 'unchanged' };
  if (baseRev === currentRev) return { kind: 'accept', value: newValue };
  if (baseRev > currentRev || baseValue === null) return { kind: 'conflict' };
  if (!TEXT_FIELDS.includes(field)) return { kind: 'conflict' };
  const merged = mergeText(baseValue, newValue, currentValue);
  if (merged === null) return { kind: 'conflict' };
  if (merged === currentValue) return { kind: 'unchanged' };
  return { kind: 'merged', value: merged };
}
