// Renders a SheetLayout into an exceljs worksheet — with a normal ExcelJS.Workbook or the streaming
// ExcelJS.stream.xlsx.WorkbookWriter (rows committed as they are written). Values, widths, the
// hidden key column, merges, fonts, borders, wrap, row heights, the status list, unlocked editable
// cells on a sheet protected without a password, frozen panes, A3/A4 landscape page setup with
// fit-to-width, print titles and the "— N —" footer.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { cellA1 } from '../../shared/layout/a1';
import { neutraliseCellText } from '../../shared/layout/cell-text';
import type { FontSpec, LayoutRow, MarkedRun, Merge, SheetLayout } from '../../shared/layout/model';
import { fontForRow } from '../../shared/layout/style';
import { cleanText } from '../../shared/text/integrity';

const require = createRequire(import.meta.url);
// exceljs 4.4's Range: used to index merges without mergeCells' overlap scan (quadratic).
const Range = require('exceljs/lib/doc/range.js') as new (...a: unknown[]) => unknown;

// The workbook's default font (font 0, the Normal style) sets the column width unit: its digit width
// (ECMA-376 18.3.1.13). exceljs writes Calibri 11 (7 px digits); where Calibri is missing the
// application substitutes a wider font (LibreOffice on Linux: DejaVu Sans, about 9 px) and a table
// sized to fit the page at 100 % no longer does. Arial 10 has the same 7 px digits and is on every
// Windows machine, with its metric twin Liberation Sans wherever LibreOffice is installed.
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as { prototype: Record<string, unknown> };
const DEFAULT_FONT = Object.freeze({ size: 10, name: 'Arial', family: 2 });
const addFont = StylesXform.prototype._addFont as (this: { model: { fonts: unknown[] } }, font: Record<string, unknown>) => number;
StylesXform.prototype._addFont = function (this: { model: { fonts: unknown[] } }, font: Record<string, unknown>) {
  const isDefault = this.model.fonts.length === 0 && font.name === 'Calibri' && font.scheme === 'minor';
  return addFont.call(this, isDefault ? { ...DEFAULT_FONT } : font);
};

type AnyWorkbook = ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter;

export const PAPER_SIZE = { A3: 8, A4: 9 } as const;

/** One shared (empty) row style: exceljs caches style ids per object, a fresh {} per row is a cache miss. */
const ROW_STYLE: Partial<ExcelJS.Style> = Object.freeze({}) as Partial<ExcelJS.Style>;

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };


function excelFont(f: FontSpec): Partial<ExcelJS.Font> {
  return { name: f.family[0], size: f.sizePt, bold: !!f.bold, charset: 134 };
}

/** Marked runs (本期新增) as rich text in the cell's font, the new ones underlined. */
function richText(runs: readonly MarkedRun[], font: Partial<ExcelJS.Font>, neutralise: boolean): ExcelJS.CellRichTextValue {
  return {
    richText: runs.map((r, i) => ({
      text: i === 0 && neutralise ? neutraliseCellText(cleanText(r.text)) : cleanText(r.text),
      font: r.isNew ? { ...font, underline: true } : { ...font },
    })),
  };
}

function isStreaming(ws: ExcelJS.Worksheet): boolean {
  return typeof (ws as unknown as { commit?: unknown }).commit === 'function';
}

/** Cell styles, built once per (row kind, column) and shared, so exceljs dedupes them cheaply. */
const ROW_KINDS: LayoutRow['kind'][] = ['attachment', 'title', 'subtitle', 'note', 'header', 'data', 'footnote'];
const TEXT_ALIGN: Partial<Record<LayoutRow['kind'], 'left' | 'center'>> = { title: 'center', subtitle: 'center' };

function styleTable(layout: SheetLayout) {
  const ncol = layout.columns.length;
  // Indexed by (outside the table?, row kind, column): no string keys in the per-cell loop.
  const cache: (Partial<ExcelJS.Style> | undefined)[] = new Array(2 * ROW_KINDS.length * ncol);
  const lockedCache: (Partial<ExcelJS.Style> | undefined)[] = new Array(ncol);
  const style = (row: LayoutRow, r: number, c: number): Partial<ExcelJS.Style> => {
    // text lines above the table (title …) and below it (说明): no borders
    const outside = r < layout.headerRow || row.kind === 'footnote';
    const key = ((outside ? ROW_KINDS.length : 0) + ROW_KINDS.indexOf(row.kind)) * ncol + c;
    let s = cache[key];
    if (s) return s;
    const col = layout.columns[c];
    const font = excelFont(fontForRow(layout.fonts, row));
    if (outside) s = { font, alignment: { horizontal: TEXT_ALIGN[row.kind] ?? 'left', vertical: 'middle', wrapText: true } };
    else if (row.kind === 'header' || row.kind === 'note')
      s = { font, border: BORDER, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
    else
      s = {
        font,
        border: col.hidden ? undefined : BORDER,
        alignment: { horizontal: col.align, vertical: 'middle', wrapText: col.wrap },
        protection: { locked: !col.editable },
      };
    if (col.hidden) s = { ...s, border: undefined, protection: { locked: true } };
    cache[key] = s;
    return s;
  };
  // a 办结 row: its field cells locked like the task cells
  return (row: LayoutRow, r: number, c: number): Partial<ExcelJS.Style> => {
    const s = style(row, r, c);
    if (!row.locked || s.protection?.locked !== false) return s;
    return (lockedCache[c] ??= { ...s, protection: { locked: true } });
  };
}

export interface XlsxRenderOptions {
  /** Defaults to true: see shared/layout/cell-text.ts. */
  neutralise?: boolean;
}

/** Adds one worksheet drawn from the layout. With a WorkbookWriter, the sheet is committed. */
export async function renderLayoutXlsx(wb: AnyWorkbook, layout: SheetLayout, opts: XlsxRenderOptions = {}): Promise<ExcelJS.Worksheet> {
  const neutralise = opts.neutralise ?? true;
  const p = layout.print;
  const headerRow1 = p.repeatRows.first + 1;
  const ws = (wb as ExcelJS.Workbook).addWorksheet(layout.sheetName, {
    properties: { defaultRowHeight: 15 } as ExcelJS.WorksheetProperties,
    views: [{ state: 'frozen', ySplit: layout.freeze.rows, xSplit: layout.freeze.columns, showGridLines: true } as ExcelJS.WorksheetView],
    pageSetup: {
      paperSize: PAPER_SIZE[p.paper] as ExcelJS.PaperSize,
      orientation: p.orientation,
      // One page wide, as many tall as needed: no column is ever cut off, even where the sheet's
      // default font (Calibri) is replaced by a wider one; our widths fit at 100 % with Calibri.
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: p.centerHorizontally,
      printTitlesRow: `${headerRow1}:${p.repeatRows.last + 1}`,
      margins: { ...p.margins },
    },
    headerFooter: headerFooter(p),
  });
  const streaming = isStreaming(ws);
  ws.columns = layout.columns.map((c) => ({ key: c.id, width: c.width, hidden: c.hidden }));

  // Cells a merge covers (not its master) get no value of their own. 0 free, 1 master, 2 covered.
  const ncol = layout.columns.length;
  const state = new Uint8Array(layout.rows.length * ncol);
  for (const m of layout.merges) {
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) {
        const k = r * ncol + c;
        if (state[k]) throw new Error(`layout merges overlap at row ${r + 1}, column ${c + 1}`);
        state[k] = r === m.top && c === m.left ? 1 : 2;
      }
  }

  const styleOf = styleTable(layout);
  const keyCol = layout.columns.findIndex((c) => c.kind === 'key');
  const validations = new Map(layout.validations.map((v) => [layout.columns.findIndex((c) => c.id === v.columnId), v.values]));
  const validationOf: (ExcelJS.DataValidation | undefined)[] = new Array(layout.columns.length);
  for (const [c, values] of validations) {
    if (c < 0) continue;
    const title = layout.columns[c].header;
    validationOf[c] = {
      type: 'list',
      allowBlank: true,
      // Explicit list: "a,b,c" in one quoted formula (Chinese values contain no commas).
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: title,
      error: `请从下拉列表中选择：${values.join('、')}`,
      showInputMessage: true,
      promptTitle: title,
      prompt: `请选择：${values.join('、')}`,
    };
  }

  for (let r = 0; r < layout.rows.length; r++) {
    const row = layout.rows[r];
    const xr = ws.getRow(r + 1);
    if (streaming) (xr as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE; // rows are gone once committed
    const isData = row.kind === 'data';
    for (let c = 0; c < ncol; c++) {
      const isCovered = state[r * ncol + c] === 2;
      if (r < layout.headerRow && c !== 0 && !isCovered) continue; // beyond the title's merge: leave empty
      const cell = xr.getCell(c + 1);
      cell.style = styleOf(row, r, c);
      if (isCovered) continue;
      const text = cleanText(row.cells[c] ?? ''); // valid XML whatever was stored
      const runs = row.runs?.[c];
      if (runs) cell.value = richText(runs, cell.style.font ?? {}, neutralise);
      else if (text) cell.value = c === keyCol || !neutralise ? text : neutraliseCellText(text);
      if (isData && validationOf[c]) cell.dataValidation = validationOf[c]!;
    }
    xr.height = row.heightPt;
    if (streaming) xr.commit();
  }

  addMerges(ws, layout.merges, streaming);
  // A break "above the specified row" (ECMA-376 18.3.1.73 rowBreaks): id is the 1-based row before it.
  const breaks = (ws as unknown as { rowBreaks: { id: number; max: number; man: number }[] }).rowBreaks;
  for (const r of layout.pageBreaks) breaks.push({ id: r, max: 16383, man: 1 });

  if (layout.protect) {
    await ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true, // units may widen columns / re-fit rows; the keys still bring the sheet back
      formatRows: true,
      formatCells: false,
      insertRows: false,
      deleteRows: false,
      sort: false,
      autoFilter: false,
    });
  }
  if (streaming) await (ws as unknown as { commit(): Promise<void> }).commit();
  return ws;
}

/** Page numbers (odd/even when set at the sides) and 续表 in the header of every page but the first. */
function headerFooter(p: SheetLayout['print']): Partial<ExcelJS.HeaderFooter> {
  const oddEven = p.oddFooter !== p.evenFooter;
  const first = !!p.continuationHeader;
  return {
    differentOddEven: oddEven,
    differentFirst: first,
    oddFooter: p.oddFooter,
    evenFooter: oddEven ? p.evenFooter : undefined,
    firstFooter: first ? p.oddFooter : undefined,
    oddHeader: p.continuationHeader || undefined,
    evenHeader: oddEven && first ? p.continuationHeader : undefined,
  };
}

/** Merges without exceljs' overlap scan (quadratic); our layouts never overlap (checked above). */
function addMerges(ws: ExcelJS.Worksheet, merges: Merge[], streaming: boolean): void {
  const ref = (m: Merge) => `${cellA1(m.top, m.left)}:${cellA1(m.bottom, m.right)}`;
  if (streaming) {
    // WorksheetWriter writes `${merge}` for each entry at commit; a range string is what it expects.
    const list = (ws as unknown as { _merges: unknown[] })._merges;
    for (const m of merges) list.push(ref(m));
    return;
  }
  const index = (ws as unknown as { _merges: Record<string, unknown> })._merges;
  for (const m of merges) {
    const master = ws.getCell(m.top + 1, m.left + 1);
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        (ws.getCell(r + 1, c + 1) as unknown as { merge(master: ExcelJS.Cell): void }).merge(master);
      }
    index[master.address] = new Range(ref(m));
  }
}

/** Both workbook kinds, for callers that want the one that fits the size. */
export type { AnyWorkbook };
