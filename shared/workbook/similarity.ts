// Text similarity for matching a returned row's measure text with the plan's measures: the
// importer's bigram Dice measure, plus one rule for returned tables — a measure cut short or
// extended by the unit (a prefix or suffix kept) is still the same measure.
import { bigrams, diceOf, normalizeForMatch } from '../importer/similarity';

/** 0..1; 1 for equal texts after normalisation. */
export function textSimilarity(a: string, b: string): number {
  const x = normalizeForMatch(a);
  const y = normalizeForMatch(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const dice = diceOf(bigrams(x), bigrams(y));
  const contained = x.length >= 8 && y.length >= 8 && (x.includes(y) || y.includes(x)) ? 0.9 : 0;
  return Math.max(dice, contained);
}
