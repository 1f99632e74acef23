// Exported text that starts with = + - @ tab or CR is neutralised so Excel/WPS/LibreOffice can never
// take it as a formula, even when someone edits the cell and presses Enter, or saves it as CSV.
// Renderers always store text as a string value (never a formula); on top of that such text gets
// a leading ideographic space (U+3000) — it reads as ordinary indentation in Chinese text and,
// unlike an apostrophe, is not shown as a stray mark. Reading a returned sheet undoes it.
export const NEUTRAL_PREFIX = '\u3000';
const DANGEROUS_START = /^[=+\-@\t\r]/;

export function neutraliseCellText(text: string): string {
  return DANGEROUS_START.test(text) ? NEUTRAL_PREFIX + text : text;
}

/** Undo neutraliseCellText (only where it applied, so a real leading space stays). */
export function restoreCellText(text: string): string {
  return text.startsWith(NEUTRAL_PREFIX) && DANGEROUS_START.test(text.slice(1)) ? text.slice(1) : text;
}
