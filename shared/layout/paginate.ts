// Page breaks computed from the estimated row heights, so every renderer breaks the consolidated
// table in the same places and each continued page reads on its own: a measure's unit rows stay
// together where they fit (else they break between unit rows, never inside a cell), and at each
// break the merged task and measure cells are split, the continuing part carrying its 序号 /
// 主要任务 / 具体举措 again. Row heights are estimated again per page, so a repeated cell has room
// for its whole text. Renderers print at 100 % and add 续表 and the header row on each new page.
import type { Merge, PrintSettings, SheetLayout } from './model';
import { capHeight, CELL_PADDING_PT, LINE_FACTOR, mergeNeed, ownHeights, spreadNeeds } from './text-height';
import { fontForRow } from './style';

const PAPER_MM = { A3: { w: 420, h: 297 }, A4: { w: 297, h: 210 } } as const; // landscape
const MM_PER_IN = 25.4;
const PT_PER_IN = 72;

/** Printable width and height of a page in points (paper less margins). */
export function printableSizePt(print: PrintSettings): { w: number; h: number } {
  const paper = PAPER_MM[print.paper];
  const [w, h] = print.orientation === 'landscape' ? [paper.w, paper.h] : [paper.h, paper.w];
  const m = print.margins;
  return { w: (w / MM_PER_IN - m.left - m.right) * PT_PER_IN, h: (h / MM_PER_IN - m.top - m.bottom) * PT_PER_IN };
}

/** Part of a page the rows may fill: renderers round heights and draw borders. */
export const PAGE_FILL = 0.97;
/** Per row, for its border (0.75 pt) and the renderer's rounding. */
export const ROW_SLACK_PT = 1;
/** A measure that fits on one page moves to the next page whole, unless that leaves more than this part of the page empty. */
export const MAX_GAP = 0.25;

/** Height of the 续表 line at the top of a continuation page. */
export function continuationHeightPt(layout: Pick<SheetLayout, 'fonts'>): number {
  return layout.fonts.continuation.sizePt * LINE_FACTOR + CELL_PADDING_PT;
}

interface Page {
  start: number;
  end: number; // inclusive; end < start: empty
}

/**
 * Returns the layout paged, with every row's height: `pageBreaks` set, merges split at the breaks,
 * table rows as high as on their page. `blockOf` names the group a data row belongs to (rows of one
 * group are kept together where they fit).
 */
export function paginate(layout: SheetLayout, blockOf: (r: number) => string): SheetLayout {
  const { headerRow, firstDataRow } = layout;
  const fontFor = (row: { kind: SheetLayout['rows'][number]['kind'] }) => fontForRow(layout.fonts, row);
  // The text is measured once: each row's own cells (all a text row has: its merge is horizontal), each merged cell's whole text.
  const input = { columns: layout.columns, rows: layout.rows, merges: layout.merges, fontFor };
  const own = ownHeights(input);
  const rows = layout.rows.map((r, i) => ({ ...r, heightPt: capHeight(own[i]) }));
  let lastTableRow = firstDataRow - 1;
  for (let r = firstDataRow; r < rows.length; r++) if (rows[r].kind === 'data' || rows[r].kind === 'note') lastTableRow = r;
  if (lastTableRow < firstDataRow) return { ...layout, rows, pageBreaks: [] };

  const sum = (from: number, to: number) => rows.slice(from, to).reduce((s, r) => s + r.heightPt, 0);
  const pageH = printableSizePt(layout.print).h * PAGE_FILL;
  const header = rows[headerRow].heightPt + ROW_SLACK_PT;
  const capacity = (page: number) => pageH - header - (page === 0 ? sum(0, headerRow) : continuationHeightPt(layout));
  const footnotes = sum(lastTableRow + 1, rows.length);

  // Merges among the table's rows (vertical task / measure merges), indexed by the rows they cover.
  const inTable = (m: Merge) => m.top >= firstDataRow && m.bottom <= lastTableRow;
  const tableMerges = layout.merges.filter(inTable);
  const covering: number[][] = rows.map(() => []);
  tableMerges.forEach((m, i) => {
    for (let r = m.top; r <= m.bottom; r++) covering[r].push(i);
  });
  /** The table merges' parts within rows start..end (a part of one row is a plain cell again), with their merge's index. */
  const seen = new Int32Array(tableMerges.length); // call stamps: which merges this call has taken
  let call = 0;
  const clipped = (start: number, end: number): (Merge & { i: number })[] => {
    call++;
    const out: (Merge & { i: number })[] = [];
    for (let r = start; r <= end; r++)
      for (const i of covering[r]) {
        if (seen[i] === call) continue;
        seen[i] = call;
        const m = tableMerges[i];
        out.push({ top: Math.max(m.top, start), bottom: Math.min(m.bottom, end), left: m.left, right: m.right, i });
      }
    return out;
  };
  // (a merged cell's whole text is repeated on each page it continues to)
  const needs = tableMerges.map((m) => mergeNeed(input, m));
  /** Heights of rows start..end as printed together on one page. */
  const heightsOn = (start: number, end: number): number[] => {
    const h = own.slice(start, end + 1);
    spreadNeeds(h, clipped(start, end).map((m) => ({ top: m.top - start, bottom: m.bottom - start, need: needs[m.i] })));
    return h.map(capHeight);
  };
  const used = (p: Page) => (p.end < p.start ? 0 : heightsOn(p.start, p.end).reduce((s, h) => s + h + ROW_SLACK_PT, 0));

  // Blocks of consecutive rows with the same group.
  const blocks: Page[] = [];
  for (let r = firstDataRow; r <= lastTableRow; r++) {
    const last = blocks[blocks.length - 1];
    if (last && blockOf(r) === blockOf(last.end)) last.end = r;
    else blocks.push({ start: r, end: r });
  }

  const pages: Page[] = [];
  let cur: Page = { start: firstDataRow, end: firstDataRow - 1 };
  const cap = () => capacity(pages.length);
  const fitsWith = (end: number, extra = 0) => used({ start: cur.start, end }) + extra <= cap();
  const newPage = (start: number) => {
    pages.push(cur);
    cur = { start, end: start - 1 };
  };
  blocks.forEach((b, bi) => {
    const extra = bi === blocks.length - 1 ? footnotes : 0;
    if (fitsWith(b.end, extra)) {
      cur.end = b.end;
      return;
    }
    if (cur.end >= cur.start) {
      // Move the whole block to the next page when it fits there and the gap left here is small.
      const gap = cap() - used(cur);
      const alone = used({ start: b.start, end: b.end }) + extra;
      if (alone <= capacity(pages.length + 1) && gap <= MAX_GAP * cap()) {
        newPage(b.start);
        cur.end = b.end;
        return;
      }
    }
    // Break between the block's rows (a row taller than a page stays whole: Excel caps rows at 409 pt).
    for (let r = b.start; r <= b.end; r++) {
      if (cur.end < cur.start || fitsWith(r, r === b.end ? extra : 0)) {
        cur.end = r;
        continue;
      }
      newPage(r);
      cur.end = r;
    }
  });
  pages.push(cur);

  // The paged layout: table merges split at the breaks, heights as on each page.
  const merges = layout.merges.filter((m) => !inTable(m));
  for (const p of pages) {
    for (const m of clipped(p.start, p.end)) if (m.bottom > m.top || m.right > m.left) merges.push({ top: m.top, left: m.left, bottom: m.bottom, right: m.right });
    heightsOn(p.start, p.end).forEach((h, i) => (rows[p.start + i].heightPt = h));
  }
  return {
    ...layout,
    rows,
    merges: merges.sort((a, b) => a.top - b.top || a.left - b.left),
    pageBreaks: pages.slice(1).map((p) => p.start),
  };
}

/** A printed page: the table rows on it, and whether the text above the table (page 1) or below it (the last page) goes with it. */
export interface PrintedPage {
  tableRows: number[];
  first: boolean;
  last: boolean;
}

const isTableRow = (r: SheetLayout['rows'][number]) => r.kind === 'data' || r.kind === 'note';

/** The layout's pages as renderers draw them (one page when it has no computed breaks). */
export function printedPages(layout: SheetLayout): PrintedPage[] {
  const table = layout.rows.map((row, r) => (r > layout.headerRow && isTableRow(row) ? r : -1)).filter((r) => r >= 0);
  const starts = [table[0] ?? layout.headerRow + 1, ...layout.pageBreaks];
  return starts.map((start, p) => {
    const end = p + 1 < starts.length ? starts[p + 1] : Infinity;
    return { tableRows: table.filter((r) => r >= start && r < end), first: p === 0, last: p === starts.length - 1 };
  });
}

/** Text rows above the table (附件, title, …) and below it (说明). */
export function textRows(layout: SheetLayout, where: 'above' | 'below'): number[] {
  return layout.rows.map((row, r) => (where === 'above' ? r < layout.headerRow : r > layout.headerRow && !isTableRow(row)) ? r : -1).filter((r) => r >= 0);
}
