// The layout model: one plain-data description of a sheet that every renderer draws —
// Office.js (the add-in's sheet), exceljs (exported .xlsx, offline templates) and HTML (print view).
// Coordinates are 0-based and absolute within the sheet (title rows included).
import type { Field } from '../model/progress';

export type PaperSize = 'A3' | 'A4';

export interface FontSpec {
  /** First choice first; renderers that take one name use the first, HTML uses the list. */
  family: string[];
  sizePt: number;
  /** The standard size's name (小四, 五号 …), see style.ts. */
  hao?: string;
  bold?: boolean;
}

/** Every kind of text a printed sheet has; style.ts gives each its family and size. */
export type TextRole = 'attachment' | 'title' | 'subtitle' | 'note' | 'header' | 'body' | 'footnote' | 'continuation' | 'pageNumber';
export type SheetFonts = Record<TextRole, FontSpec>;

/** GB/T 9704: odd pages right, even pages left; or centred. */
export type PageNumbers = 'gbt' | 'center';

export type ColumnKind =
  | 'no' // 序号
  | 'task' // 主要任务
  | 'measure' // 具体举措
  | 'units' // 责任单位 / the one unit of a consolidated row
  | 'field' // an entry field (status / progress / …)
  | 'rollup' // measure's rolled-up status (consolidated)
  | 'summary' // office's 汇总进展 (consolidated)
  | 'key'; // hidden key column (see keys.ts)

export interface LayoutColumn {
  id: string; // stable id, e.g. 'no', 'task', 'measure', 'units', 'status', 'progress', 'key'
  header: string; // Chinese header text
  kind: ColumnKind;
  field?: Field; // for kind 'field'
  /** Width in Excel character units (exceljs `width`; Office.js columnWidth = width × 7 px-ish, see renderers). */
  width: number;
  editable: boolean; // unlocked on a protected sheet
  hidden: boolean;
  wrap: boolean;
  align: 'left' | 'center';
}

export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface LayoutRow {
  /**
   * Above the table: attachment (附件 mark), title, subtitle, note; the table: header, data (and a
   * 'note' row inside it when there is nothing to list); below it: footnote (说明).
   */
  kind: 'attachment' | 'title' | 'subtitle' | 'note' | 'header' | 'data' | 'footnote';
  /** One value per column (text rows: the text in cell 0, merged across). */
  cells: string[];
  /** Estimated height in points (CJK-aware; Excel's limit is 409). */
  heightPt: number;
  /** For data rows: which measure / unit this row is about. */
  measureKey?: string;
  unitId?: string;
  /** A data row nobody fills any more (办结): its fields stay locked on a protected sheet. */
  locked?: boolean;
  /**
   * Cells whose text is marked in runs (column index → runs; joined they equal the cell's text):
   * 本期 vs 上期, the sentences new since the previous period printed underlined.
   */
  runs?: Record<number, MarkedRun[]>;
}

/** A stretch of a cell's text; `isNew`: printed marked (underlined). */
export interface MarkedRun {
  text: string;
  isNew: boolean;
}

/** Runs cut at line breaks: one list per line (renderers that draw a paragraph per line). */
export function runLines(runs: readonly MarkedRun[]): MarkedRun[][] {
  const lines: MarkedRun[][] = [[]];
  for (const r of runs) {
    r.text.replace(/\r\n?/g, '\n').split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines.at(-1)!.push({ text: part, isNew: r.isNew });
    });
  }
  return lines;
}

export interface PrintSettings {
  paper: PaperSize;
  orientation: 'landscape' | 'portrait';
  /** One page wide (our widths fit at 100 %; a wider substitute font is shrunk, never cut off). */
  fitToWidth: true;
  /** Rows repeated at the top of every printed page (0-based, inclusive). */
  repeatRows: { first: number; last: number };
  pageNumbers: PageNumbers;
  /** The page number centred, in Excel header/footer codes ('&C&"宋体,Regular"&14— &P —'): for a renderer with one footer for all pages. */
  footer: string;
  /** Odd and even pages' page numbers as `pageNumbers` says (GB/T: odd right, even left; else both = footer). */
  oddFooter: string;
  evenFooter: string;
  /** Header code on every page but the first ('&L…续表'); '' for none. */
  continuationHeader: string;
  /** Margins in inches. */
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  centerHorizontally: boolean;
}

export interface SheetLayout {
  kind: 'unit' | 'consolidated';
  sheetName: string; // ≤ 31 chars, no []:*?/\
  columns: LayoutColumn[];
  rows: LayoutRow[];
  merges: Merge[];
  fonts: SheetFonts;
  print: PrintSettings;
  /**
   * Rows that begin a new printed page (data rows, ascending; [] when the renderer's own breaks will
   * do). The layout already splits merges at these rows and repeats the continuing task and measure
   * cells (see paginate.ts); renderers add 续表 and the header row on each such page.
   */
  pageBreaks: number[];
  /** Frozen panes: rows above / columns left of the split. */
  freeze: { rows: number; columns: number };
  /** List validation for status cells: column id → allowed values. */
  validations: { columnId: string; values: string[] }[];
  /** Sheet protection without a password; editable columns unlocked. */
  protect: boolean;
  /** Index of the header row (its cells include the key column's marker). */
  headerRow: number;
  /** Index of the first data row. */
  firstDataRow: number;
}
