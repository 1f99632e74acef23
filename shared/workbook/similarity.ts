// Text similarity for matching a returned row's measure text with the plan's measures.
// Chinese has no word breaks, so compare character bigrams (Dice coefficient) after removing
// spaces and punctuation — robust to re-typed punctuation, stray spaces and small edits.

export function normalizeText(text: string): string {
  return text.replace(/[\s\u3000]+/g, '').replace(/[，,。.；;：:、！!？?“”"‘’'（）()【】\[\]《》<>—\-·]/g, '');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  if (s.length === 1) m.set(s, 1);
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** 0..1; 1 for equal texts after normalisation. */
export function textSimilarity(a: string, b: string): number {
  const x = normalizeText(a);
  const y = normalizeText(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const bx = bigrams(x);
  const by = bigrams(y);
  let common = 0;
  let total = 0;
  for (const [g, n] of bx) {
    total += n;
    const k = by.get(g);
    if (k) common += Math.min(n, k);
  }
  for (const n of by.values()) total += n;
  const dice = total ? (2 * common) / total : 0;
  // A measure cut short or extended by the unit (a prefix/suffix kept) is still the same measure.
  const contained = x.length >= 8 && y.length >= 8 && (x.includes(y) || y.includes(x)) ? 0.9 : 0;
  return Math.max(dice, contained);
}
