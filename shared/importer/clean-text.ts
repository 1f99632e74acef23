// Mends the artefacts of text extracted from a PDF: doubled digits (`4 4 市` → `4市`), words split
// by spaces (`先行 先试` → `先行先试`) and spaces between digits and Chinese (`2020 年` → `2020年`).
// Spaces inside non-Chinese text (`Office 2021`, `5G network`) are kept: they carry meaning there.

/** Chinese characters and full-width / Chinese punctuation. */
const CJK = '\\p{Script=Han}\\u3000-\\u303F\\uFF00-\\uFFEF\\u2018-\\u201F\\u2014\\u2026\\u00B7';

// `4 4 市`: the same number twice, split by spaces, right before Chinese text.
const DOUBLED_NUMBER = new RegExp(`(^|[^\\d.])(\\d+)[ ]+\\2(?=[ ]*[${CJK}])`, 'gu');
// A space with Chinese on one side and Chinese or a digit on the other.
const SPACE_CJK_CJK_OR_DIGIT = new RegExp(`(?<=[${CJK}])[ ]+(?=[${CJK}\\d])`, 'gu');
const SPACE_DIGIT_CJK = new RegExp(`(?<=\\d)[ ]+(?=[${CJK}])`, 'gu');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Normalise whitespace and mend extraction artefacts in one paragraph of text. */
export function cleanText(raw: string): string {
  let s = raw.replace(/<[^>]*>/g, ' ');
  s = decodeEntities(s);
  s = s.replace(/[\s\u00A0\u3000\u200B\uFEFF]+/gu, ' ').trim();
  s = s.replace(DOUBLED_NUMBER, '$1$2');
  s = s.replace(SPACE_CJK_CJK_OR_DIGIT, '').replace(SPACE_DIGIT_CJK, '');
  return s;
}

/** For names and header labels: no spaces at all. */
export function compact(raw: string): string {
  return cleanText(raw).replace(/\s+/g, '');
}
