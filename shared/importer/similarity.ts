// Text similarity for matching measures across a revised table: Dice coefficient over character
// bigrams of the text without spaces and punctuation (robust to rewording and reordering).

export function normalizeForMatch(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '');
}

export function bigrams(text: string): Map<string, number> {
  const chars = Array.from(normalizeForMatch(text));
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(chars[0], 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

export function diceOf(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let common = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  if (!sizeA && !sizeB) return 1;
  for (const [g, n] of a) common += Math.min(n, b.get(g) ?? 0);
  return (2 * common) / (sizeA + sizeB);
}

export function similarity(a: string, b: string): number {
  return diceOf(bigrams(a), bigrams(b));
}
