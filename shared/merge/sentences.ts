// Splits long text into sentences for the three-way merge: a sentence ends after 。；！？ (or their
// ASCII forms ; ! ?) or at a line break. Pieces keep their terminators, so joining them gives the
// text back exactly — a merge never rewrites what anyone typed.
const SENTENCE = /[^。；！？;!?\n]*(?:[。；！？;!?]+[”’」』）)]*|\n|$)/gu;

export function splitSentences(text: string): string[] {
  if (text === '') return [];
  const parts: string[] = [];
  for (const m of text.matchAll(SENTENCE)) if (m[0] !== '') parts.push(m[0]);
  return parts;
}
