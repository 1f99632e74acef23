// Row heights estimated from the text, because exceljs does not auto-fit and Excel/WPS only re-fit
// a row when someone edits it. CJK-aware: a CJK glyph is one em wide (about two Excel width units at
// 11 pt), a Latin glyph or digit about half an em. Estimates lean a little high (a row with a spare
// line prints fine; a cut-off line does not). Excel's row limit is 409 pt.
import type { FontSpec, LayoutColumn, LayoutRow, Merge } from './model';

export const MAX_ROW_HEIGHT_PT = 409;
/** One Excel column-width unit: the default font's digit width, 7 px at 96 dpi = 5.25 pt. */
export const PT_PER_WIDTH_UNIT = 5.25;
/**
 * Line pitch as a multiple of the font size, for every renderer: the print view and the .docx set it
 * (line-height / exact spacing); spreadsheets use the font's own single spacing, which reaches about
 * 1.45 with Noto CJK (LibreOffice's fallback for 仿宋/黑体), so the estimate takes 1.5 ("1.5 倍行距").
 */
export const LINE_FACTOR = 1.5;
/** Top + bottom cell padding in points. */
export const CELL_PADDING_PT = 4;
/** Part of the column width usable for text (cell margins, the wrap not filling each line). */
const USABLE = 0.95;

/** Width of one UTF-16 code unit in em (a surrogate pair counts once, on its high half). */
function unitEm(c: number): number {
  if (c < 0x20) return 0;
  if (c < 0x7f) {
    if (c === 0x20) return 0.3;
    // wide Latin: capitals, @ % & M W m w
    return (c >= 0x41 && c <= 0x5a) || c === 0x40 || c === 0x25 || c === 0x26 || c === 0x6d || c === 0x77 ? 0.7 : 0.55;
  }
  if (c >= 0xdc00 && c <= 0xdfff) return 0; // low surrogate
  if (c < 0x2e80 && !(c >= 0x2010 && c <= 0x201f)) return 0.6; // Latin-1, general punctuation narrow forms
  return 1; // CJK, full-width forms, CJK punctuation, “”‘’— in CJK fonts
}

/** Width of one character in em. */
export function charEm(ch: string): number {
  return unitEm(ch.charCodeAt(0));
}

/** Character classes for line breaking, by UTF-16 code unit (a table: this runs over every cell of 13,000-row sheets). */
const NO_START = 1; // closing punctuation: a line may not start with it (Chinese line-breaking rules)
const NO_END = 2; // opening punctuation: a line may not end with it
const WORD = 3; // Latin letters and digits: "1.2", "85%" stay on one line
const JOIN = 4; // joins word characters into one word
const BREAK = 5; // line break
const CLASS = new Uint8Array(0x10000);
for (const c of '，。、；：？！）》」』】〕〉”’…％,.;:?!)]}%·') CLASS[c.charCodeAt(0)] = NO_START;
for (const c of '（《「『【〔〈“‘([{') CLASS[c.charCodeAt(0)] = NO_END;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = WORD;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = WORD;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = WORD;
for (const c of "/_-+#@&'") CLASS[c.charCodeAt(0)] = JOIN;
CLASS[0x0a] = BREAK;
CLASS[0x0d] = BREAK;
/** ". % , : ;" end a word unless a word character follows ("1.2" vs "完毕."), so they are checked in place. */
const joins = (text: string, j: number) => {
  const k = CLASS[text.charCodeAt(j)];
  return (k === JOIN || text.charCodeAt(j) === 0x2e || text.charCodeAt(j) === 0x25 || text.charCodeAt(j) === 0x3a) && CLASS[text.charCodeAt(j + 1)] === WORD;
};

/**
 * Lines a text needs in a wrapped cell of `widthUnits` Excel units at `sizePt`. Greedy line filling
 * over unbreakable pieces, as renderers break lines: a Latin word ("1.2", "85%") moves to the next line
 * whole, closing punctuation stays with the character before it and opening punctuation with the one after.
 */
export function textLines(text: string, widthUnits: number, sizePt: number): number {
  if (!text) return 1;
  const lineEm = Math.max(1, (widthUnits * PT_PER_WIDTH_UNIT * USABLE) / sizePt) + 1e-9;
  if (text.length <= lineEm - 1 && !/[\r\n]/.test(text)) return 1; // short: fits whatever the glyphs
  let lines = 1;
  let used = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (CLASS[c] === BREAK) {
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      i++;
      lines++;
      used = 0;
      continue;
    }
    // one unbreakable piece: opening punctuation, then a Latin word or one character, then closing punctuation
    let w = 0;
    let j = i;
    while (j < n && CLASS[text.charCodeAt(j)] === NO_END) w += unitEm(text.charCodeAt(j++));
    if (j < n && CLASS[text.charCodeAt(j)] === WORD) {
      while (j < n && (CLASS[text.charCodeAt(j)] === WORD || joins(text, j))) w += unitEm(text.charCodeAt(j++));
    } else if (j < n && CLASS[text.charCodeAt(j)] !== BREAK) {
      w += unitEm(text.charCodeAt(j++));
      if (j < n && text.charCodeAt(j) >= 0xdc00 && text.charCodeAt(j) <= 0xdfff) j++; // low surrogate
    }
    while (j < n && CLASS[text.charCodeAt(j)] === NO_START) w += unitEm(text.charCodeAt(j++));
    i = j;
    if (used + w <= lineEm) {
      used += w;
      continue;
    }
    if (used === 0 || w > lineEm) {
      // longer than a line (a long Latin word): it breaks anyway, character by character
      const total = used + w;
      lines += Math.floor(total / lineEm);
      used = total % lineEm;
      continue;
    }
    lines++;
    used = w;
  }
  return lines;
}

/** Height in points a wrapped cell needs (uncapped). */
export function cellHeightPt(text: string, widthUnits: number, sizePt: number): number {
  return textLines(text, widthUnits, sizePt) * sizePt * LINE_FACTOR + CELL_PADDING_PT;
}

export function capHeight(pt: number): number {
  return Math.min(MAX_ROW_HEIGHT_PT, Math.round(pt * 4) / 4);
}

export interface HeightInput {
  columns: Pick<LayoutColumn, 'width' | 'hidden' | 'wrap'>[];
  rows: Pick<LayoutRow, 'cells' | 'kind'>[];
  merges: Merge[];
  fontFor: (row: Pick<LayoutRow, 'kind'>) => FontSpec;
}

/**
 * Heights for every row: the tallest single cell of a row wins; a merged cell's need is spread
 * evenly over the rows it covers when they are not tall enough already; each row capped at 409 pt.
 */
export function estimateRowHeights(input: HeightInput): number[] {
  const heights = ownHeights(input);
  const vertical = input.merges.filter((m) => m.bottom > m.top).map((m) => ({ top: m.top, bottom: m.bottom, need: mergeNeed(input, m) }));
  spreadNeeds(heights, vertical);
  return heights.map(capHeight);
}

const mergeWidth = (columns: HeightInput['columns'], m: Merge) => {
  let w = 0;
  for (let c = m.left; c <= m.right; c++) if (!columns[c].hidden) w += columns[c].width;
  return w;
};

/** Each row's height from its own cells (uncapped); cells of vertical merges are left to spreadNeeds. */
export function ownHeights({ columns, rows, merges, fontFor }: HeightInput): number[] {
  const ncol = columns.length;
  // cover[r × ncol + c] = 1 + index of the merge covering the cell (0: none). Typed: 13,000-row sheets.
  const cover = new Int32Array(rows.length * ncol);
  merges.forEach((m, i) => {
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) cover[r * ncol + c] = i + 1;
  });
  const heights = new Array<number>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const size = fontFor(row).sizePt;
    let h = size * LINE_FACTOR + CELL_PADDING_PT;
    const cells = row.cells;
    for (let c = 0; c < cells.length && c < ncol; c++) {
      const text = cells[c];
      const col = columns[c];
      if (!text || col.hidden) continue;
      const mi = cover[r * ncol + c];
      let width = col.width;
      if (mi) {
        const m = merges[mi - 1];
        if (m.bottom > m.top) continue; // vertical merges: spread below
        if (m.left !== c) continue; // covered, not the master
        width = mergeWidth(columns, m);
      } else if (!col.wrap) continue; // one line
      const need = cellHeightPt(text, width, size);
      if (need > h) h = need;
    }
    heights[r] = h;
  }
  return heights;
}

/** Height a merged cell's text needs across its width (0 for none). */
export function mergeNeed({ columns, rows, fontFor }: HeightInput, m: Merge): number {
  const text = rows[m.top]?.cells[m.left];
  if (!text || columns[m.left]?.hidden) return 0;
  return cellHeightPt(text, mergeWidth(columns, m), fontFor(rows[m.top]).sizePt);
}

/**
 * Grows `heights` so each span of rows holds its need: smallest spans first, so a big merge sees rows
 * already grown by the small ones; what is missing is spread evenly over the span's rows.
 */
export function spreadNeeds(heights: number[], spans: { top: number; bottom: number; need: number }[]): void {
  for (const m of [...spans].sort((a, b) => a.bottom - a.top - (b.bottom - b.top))) {
    let have = 0;
    for (let r = m.top; r <= m.bottom; r++) have += heights[r];
    if (m.need <= have) continue;
    const extra = (m.need - have) / (m.bottom - m.top + 1);
    for (let r = m.top; r <= m.bottom; r++) heights[r] += extra;
  }
}
