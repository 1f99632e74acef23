// Text integrity (docs/rules.md "Text integrity"): what is acknowledged is what is stored, and every
// export stays valid XML. Allowed: any Unicode text except control characters (C0, DEL, C1) other
// than tab and line breaks, lone UTF-16 surrogates (SQLite would store them as U+FFFD, so a client
// would be told one value and read back another) and U+FFFE/U+FFFF (not allowed in XML).
// API input with such characters is refused (INVALID_TEXT); files are cleaned and the change reported.

// Control characters but \t \n \r, the two XML-illegal noncharacters, and surrogates that are not
// part of a pair (a high one not followed by a low one, a low one not preceded by a high one).
const BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_ALL = new RegExp(BAD.source, 'g');
/** Characters that work as line breaks in office files: kept as a line break when cleaning. */
const LINE_LIKE = /^[\u000B\u000C\u0085]$/;

export interface TextProblem {
  /** UTF-16 index of the first offending character. */
  index: number;
  /** Its code unit as U+XXXX, for the error message. */
  char: string;
}

/** The first character that may not be stored, or null when the text is clean. */
export function textProblem(text: string): TextProblem | null {
  const m = BAD.exec(text);
  if (!m) return null;
  return { index: m.index, char: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

export function isCleanText(text: string): boolean {
  return !BAD.test(text);
}

/**
 * The text with every disallowed character removed — vertical tab, form feed and NEL become a line
 * break (Excel and Word use them so), a lone surrogate becomes U+FFFD (something was there).
 * Pure and cheap on clean text (one regex test); used for files and by every export renderer.
 */
export function cleanText(text: string): string {
  if (!BAD.test(text)) return text;
  return text.replace(BAD_ALL, (ch) => (LINE_LIKE.test(ch) ? '\n' : ch >= '\uD800' && ch <= '\uDFFF' ? '\uFFFD' : ''));
}
