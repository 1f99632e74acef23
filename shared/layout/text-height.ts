// Row heights estimated from the text, because exceljs does not auto-fit and Excel/WPS only re-fit
// a row when someone edits it. CJK-aware: a CJK glyph is one em wide (about two Excel width units at
// 11 pt), a Latin glyph or digit about half an em. Estimates lean a little high (a row with a spare
// line prints fine; a cut-off line does not). Excel's row limit is 409 pt.
import type { FontSpec, LayoutColumn, LayoutRow, Merge } from './model';

export const MAX_ROW_HEIGHT_PT = 409;
/** One Excel column-width unit: the default font's digit width, 7 px at 96 dpi = 5.25 pt. */
export const PT_PER_WIDTH_UNIT = 5.25;
/** Line pitch of a CJK font in Excel (single spacing), as a multiple of the font size. */
export const LINE_FACTOR = 1.35;
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

/** Lines a text needs in a wrapped cell of `widthUnits` Excel units at `sizePt`. */
export function textLines(text: string, widthUnits: number, sizePt: number): number {
  if (!text) return 1;
  const lineEm = Math.max(1, (widthUnits * PT_PER_WIDTH_UNIT * USABLE) / sizePt) + 1e-9;
  if (text.length <= lineEm - 1 && !/[\r\n]/.test(text)) return 1; // short: fits whatever the glyphs
  let lines = 1;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      lines++;
      used = 0;
      continue;
    }
    const w = unitEm(c);
    if (used + w > lineEm) {
      lines++;
      used = w;
    } else used += w;
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
export function estimateRowHeights({ columns, rows, merges, fontFor }: HeightInput): number[] {
  const ncol = columns.length;
  // cover[r × ncol + c] = 1 + index of the merge covering the cell (0: none). Typed: 13,000-row sheets.
  const cover = new Int32Array(rows.length * ncol);
  merges.forEach((m, i) => {
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) cover[r * ncol + c] = i + 1;
  });
  const mergeWidth = (m: Merge) => {
    let w = 0;
    for (let c = m.left; c <= m.right; c++) if (!columns[c].hidden) w += columns[c].width;
    return w;
  };
  const heights = new Array<number>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const size = fontFor(row).sizePt;
    const oneLine = size * LINE_FACTOR + CELL_PADDING_PT;
    let h = oneLine;
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
        width = mergeWidth(m);
      } else if (!col.wrap) continue; // one line
      const need = cellHeightPt(text, width, size);
      if (need > h) h = need;
    }
    heights[r] = h;
  }
  // Vertical merges, smallest first, so a big merge sees rows already grown by the small ones.
  const vertical = merges.filter((m) => m.bottom > m.top).sort((a, b) => a.bottom - a.top - (b.bottom - b.top));
  for (const m of vertical) {
    const text = rows[m.top]?.cells[m.left];
    if (!text || columns[m.left]?.hidden) continue;
    const need = cellHeightPt(text, mergeWidth(m), fontFor(rows[m.top]).sizePt);
    let have = 0;
    for (let r = m.top; r <= m.bottom; r++) have += heights[r];
    if (need <= have) continue;
    const extra = (need - have) / (m.bottom - m.top + 1);
    for (let r = m.top; r <= m.bottom; r++) heights[r] += extra;
  }
  return heights.map(capHeight);
}
