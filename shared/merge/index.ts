export { splitSentences } from './sentences';
export { mergeText, MAX_EDIT_SENTENCES, type MergeBudget } from './text-merge';
export { decideField, newMergeBudget, MERGE_BUDGET_UNITS, type FieldDecision, type FieldDecisionInput } from './decide';
