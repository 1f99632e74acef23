export { splitSentences } from './sentences';
export { mergeText } from './text-merge';
export { decideField, type FieldDecision, type FieldDecisionInput } from './decide';
