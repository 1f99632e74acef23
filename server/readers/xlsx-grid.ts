// An .xlsx workbook → a grid, via exceljs: merged cells are marked (so a 序号/主要任务 cell merged
// down its measures reads as "same task"), line breaks inside a cell split paragraphs.
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/messages';
import { findHeader, type Grid, type GridCell, type GridRow } from '../../shared/importer';

export const MAX_SHEET_ROWS = 20_000;
export const MAX_SHEET_COLUMNS = 200;
/** Columns read per row: a 分工表 has a handful; wide sheets are cut here. */
const READ_COLUMNS = 40;

function textOf(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return textOf((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text ?? '');
    if ('error' in value) return '';
  }
  return '';
}

type Notes = NonNullable<Grid['notes']>;

function isFormula(value: ExcelJS.CellValue): boolean {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

function gridCell(cell: ExcelJS.Cell, row: number, notes: Notes): GridCell {
  if (cell.isMerged && cell.master && cell.master.address !== cell.address) {
    return { paras: [], merged: Number(cell.master.row) < row ? 'up' : 'left' };
  }
  if (isFormula(cell.value)) {
    const text = textOf(cell.value);
    notes.push({ code: 'FORMULA_CELL', message: `单元格 ${cell.address} 是公式，已按其保存的计算结果“${text.slice(0, 30)}”作为文本导入，请核对。`, text });
  }
  const paras = textOf(cell.value)
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((p) => p.trim())
    .filter(Boolean);
  return { paras };
}

export function worksheetGrid(ws: ExcelJS.Worksheet): Grid {
  if (ws.rowCount > MAX_SHEET_ROWS || ws.columnCount > MAX_SHEET_COLUMNS) {
    throw new AppError('SHEET_TOO_LARGE', 413, `${ws.name}：${ws.rowCount} 行 × ${ws.columnCount} 列`);
  }
  const cols = Math.min(ws.columnCount, READ_COLUMNS);
  const rows: GridRow[] = [];
  const notes: Notes = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: GridRow = [];
    for (let c = 1; c <= cols; c++) cells.push(gridCell(row.getCell(c), r, notes));
    rows.push(cells);
  }
  return { rows, source: 'xlsx', notes };
}

export async function xlsxToGrid(buf: Buffer): Promise<Grid> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new AppError('UNREADABLE_FILE', 400, err instanceof Error ? err.message.slice(0, 120) : undefined);
  }
  const grids = wb.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden').map(worksheetGrid);
  // The first sheet that holds a 分工表 header; else the first sheet (the parser then says why).
  return grids.find((g) => findHeader(g.rows)) ?? grids[0] ?? { rows: [], source: 'xlsx' };
}
