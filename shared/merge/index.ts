export { splitSentences } from './sentences';
export { mergeText, MAX_EDIT_SENTENCES } from './text-merge';
export { decideField, newMergeBudget, MERGE_BUDGET_CHARS, type FieldDecision, type FieldDecisionInput, type MergeBudget } from './decide';
