// Reading a returned workbook (as plain grids) into rows to merge: our templates and add-in sheets
// by their row keys (found wherever the key column went: inserted columns, sorted rows), other
// tables by their header names and 序号 + measure text. Everything a unit filled that cannot be
// taken is listed with why. Pure: the server turns files into grids and applies the result.
import { FIELDS, FIELD_LABELS, type Field } from '../model/progress';
import { cellA1 } from '../layout/a1';
import { decodeRowKey, decodeSheetKey, isKeyHeader, type RowKey } from '../layout/keys';
import { splitMeasureLabel } from '../layout/consolidated-columns';
import { findHeaderRow, readHeaderRow, classifyHeader, isHeaderLike, FIELD_ROLES, type ColumnRole } from './headers';
import { matchRows, type MeasureCandidate, type MatchMethod } from './match-rows';
import { findReporterCell, findUnitIn, type UnitRef } from './find-unit';
import type { ReturnedCell } from './cell-changes';

export interface SheetGrid {
  name: string;
  /** Cell texts, 0-based; merged cells carry the merge's value in every cell they cover. */
  cells: string[][];
  /** Formula cells (their cached value is in `cells`). */
  formulas: { row: number; col: number }[];
}

export interface ParseContext {
  fileName: string;
  periodId: string;
  units: readonly UnitRef[];
  /** The measures a unit reports on in this period (its assignments). */
  candidatesFor(unitId: string): MeasureCandidate[];
  /** measureKey → display no, for every measure of the plan. */
  measureNo(measureKey: string): string | undefined;
  /** The unit named by the request (?unit=), used only when the file does not say. */
  unitParam?: string;
}

export interface ParsedRow {
  sheet: string;
  row: number; // 0-based
  measureKey: string;
  unitId: string;
  method: MatchMethod | 'key';
  confidence: number;
  /** Base revisions from the template key (same period); absent → based on the period's start. */
  baseRevs?: Partial<Record<Field, number>>;
  cells: ReturnedCell[];
}

export type UnitFrom = 'template' | 'reporter-cell' | 'sheet-name' | 'file-name' | 'request';

export interface ParsedWorkbook {
  kind: 'template' | 'table';
  unit: { id: string; from: UnitFrom } | null;
  sheets: { name: string; kind: 'template' | 'table' | 'ignored'; headerRow?: number; reason?: string }[];
  rows: ParsedRow[];
  unmatchedRows: { sheet: string; row: number; no: string; text: string; reason: string }[];
  ignoredCells: { sheet: string; cell: string; field?: Field; text: string; reason: string }[];
  formulaCells: { sheet: string; cell: string; value: string }[];
}

export class UnitUnknownError extends Error {
  constructor() {
    super('UNIT_UNKNOWN_IN_FILE');
  }
}


const FIELD_SET = new Set<string>(FIELDS);
const isField = (r: ColumnRole): r is Field => FIELD_SET.has(r);

interface SheetScan {
  grid: SheetGrid;
  keyCol: number; // -1 when none
  keys: Map<number, RowKey>; // row → key
  keyHeaderRow: number; // -1 when none
  sheetUnit: string | null;
}

function scanKeys(grid: SheetGrid): SheetScan {
  const counts = new Map<number, number>();
  const found: { row: number; col: number; key: RowKey }[] = [];
  let keyHeaderRow = -1;
  let sheetUnit: string | null = null;
  grid.cells.forEach((row, r) =>
    row.forEach((text, c) => {
      if (!text) return;
      if (text.startsWith('FG1|')) {
        const key = decodeRowKey(text);
        if (key) {
          found.push({ row: r, col: c, key });
          counts.set(c, (counts.get(c) ?? 0) + 1);
        }
      } else if (keyHeaderRow < 0 && isKeyHeader(text)) {
        keyHeaderRow = r;
        sheetUnit = decodeSheetKey(text)?.unitId ?? null;
      }
    }),
  );
  let keyCol = -1;
  let most = 0;
  for (const [c, n] of counts) if (n > most) [keyCol, most] = [c, n];
  const keys = new Map<number, RowKey>();
  for (const f of found) if (f.col === keyCol) keys.set(f.row, f.key);
  return { grid, keyCol, keys, keyHeaderRow, sheetUnit };
}

/** The unit of a file without template keys: 填报单位 cell → sheet name → file name → request. */
function tableUnit(scans: SheetScan[], ctx: ParseContext): { id: string; from: UnitFrom } | null {
  for (const s of scans) {
    const u = findReporterCell(s.grid.cells, ctx.units);
    if (u) return { id: u.id, from: 'reporter-cell' };
  }
  for (const s of scans) {
    const u = findUnitIn(s.grid.name, ctx.units);
    if (u) return { id: u.id, from: 'sheet-name' };
  }
  const base = ctx.fileName.replace(/\.[^.]+$/, '');
  const u = findUnitIn(base, ctx.units);
  if (u) return { id: u.id, from: 'file-name' };
  if (ctx.unitParam) {
    const p = ctx.units.find((x) => x.id === ctx.unitParam) ?? findUnitIn(ctx.unitParam, ctx.units);
    if (p) return { id: p.id, from: 'request' };
  }
  return null;
}

export function parseReturnedWorkbook(grids: SheetGrid[], ctx: ParseContext): ParsedWorkbook {
  const scans = grids.map(scanKeys);
  const out: ParsedWorkbook = { kind: 'table', unit: null, sheets: [], rows: [], unmatchedRows: [], ignoredCells: [], formulaCells: [] };
  const anyKeys = scans.some((s) => s.keys.size > 0);
  if (anyKeys) {
    out.kind = 'template';
    const first = scans.find((s) => s.keys.size > 0)!;
    const rowUnit = first.keys.values().next().value!.unitId;
    out.unit = { id: first.sheetUnit ?? rowUnit, from: 'template' };
  }

  // Rows of a template without a key (a unit added or re-typed them) still need a unit.
  let fallbackUnit: { id: string; from: UnitFrom } | null | undefined;
  const unitForTable = () => {
    if (fallbackUnit === undefined) fallbackUnit = out.unit ?? tableUnit(scans, ctx);
    return fallbackUnit;
  };

  for (const scan of scans) {
    const { grid } = scan;
    const header =
      scan.keyHeaderRow >= 0 && isHeaderLike(readHeaderRow(grid.cells[scan.keyHeaderRow]).columns)
        ? { row: scan.keyHeaderRow, ...readHeaderRow(grid.cells[scan.keyHeaderRow]) }
        : findHeaderRow(grid.cells);
    if (!header) {
      const filled = grid.cells.some((r) => r.some((t) => t.trim()));
      out.sheets.push({ name: grid.name, kind: 'ignored', reason: filled ? '没有找到含填报字段（进展情况等）的表头行，未读取' : '空白工作表' });
      continue;
    }
    const isTemplate = scan.keys.size > 0;
    out.sheets.push({ name: grid.name, kind: isTemplate ? 'template' : 'table', headerRow: header.row + 1 });
    const fieldCols = (Object.entries(header.columns) as [ColumnRole, number][]).filter(([r]) => isField(r)) as [Field, number][];
    const knownCols = new Set(Object.values(header.columns));
    knownCols.add(scan.keyCol);

    const keyless: number[] = [];
    for (let r = header.row + 1; r < grid.cells.length; r++) {
      const row = grid.cells[r] ?? [];
      if (!row.some((t) => t.trim())) continue;
      const key = scan.keys.get(r);
      // A header repeated below (page-split tables, pasted blocks) is not data.
      if (!key && isHeaderLike(readHeaderRow(row).columns)) continue;
      if (key) {
        const samePeriod = key.periodId === ctx.periodId;
        const measureNo = ctx.measureNo(key.measureKey);
        if (measureNo === undefined) {
          reportUnmatched(out, grid, r, header.columns, fieldCols, '行键对应的举措已不在当前计划中');
          continue;
        }
        out.rows.push({
          sheet: grid.name,
          row: r,
          measureKey: key.measureKey,
          unitId: key.unitId,
          method: 'key',
          confidence: 1,
          baseRevs: samePeriod ? key.baseRevs : undefined,
          cells: fieldCells(grid, r, fieldCols),
        });
        reportOtherColumns(out, grid, r, header, knownCols);
      } else keyless.push(r);
    }
    if (keyless.length === 0) continue;

    const unit = unitForTable();
    if (!unit) throw new UnitUnknownError();
    if (!out.unit) out.unit = unit;
    const cands = ctx.candidatesFor(unit.id);
    const noCol = header.columns.no;
    const mCol = header.columns.measure;
    const ident = keyless.map((r) => {
      // our sheets print a measure as "1.4 加快…": its number is the better 序号
      const label = splitMeasureLabel(mCol !== undefined ? grid.cells[r][mCol] ?? '' : '');
      return { row: r, no: label.no || (noCol !== undefined ? grid.cells[r][noCol] ?? '' : ''), measureText: label.text };
    });
    const matches = matchRows(ident, cands);
    for (const m of matches) {
      if (!m.measureKey) {
        reportUnmatched(out, grid, m.row, header.columns, fieldCols, m.reason ?? '无法对应');
        continue;
      }
      out.rows.push({
        sheet: grid.name,
        row: m.row,
        measureKey: m.measureKey,
        unitId: unit.id,
        method: m.method!,
        confidence: m.confidence,
        cells: fieldCells(grid, m.row, fieldCols),
      });
      reportOtherColumns(out, grid, m.row, header, knownCols);
    }
    for (const f of grid.formulas) {
      if (f.row > header.row) out.formulaCells.push({ sheet: grid.name, cell: cellA1(f.row, f.col), value: grid.cells[f.row]?.[f.col] ?? '' });
    }
  }
  // Template sheets' formulas too (the loop above `continue`s before it for all-keyed sheets).
  for (const scan of scans) {
    if (scan.keys.size === 0) continue;
    for (const f of scan.grid.formulas) {
      const cell = cellA1(f.row, f.col);
      if (!out.formulaCells.some((x) => x.sheet === scan.grid.name && x.cell === cell))
        out.formulaCells.push({ sheet: scan.grid.name, cell, value: scan.grid.cells[f.row]?.[f.col] ?? '' });
    }
  }
  return out;
}

function fieldCells(grid: SheetGrid, r: number, fieldCols: [Field, number][]): ReturnedCell[] {
  return fieldCols.map(([field, c]) => ({ field, text: grid.cells[r]?.[c] ?? '', cell: cellA1(r, c) }));
}

function reportUnmatched(
  out: ParsedWorkbook,
  grid: SheetGrid,
  r: number,
  columns: Partial<Record<ColumnRole, number>>,
  fieldCols: [Field, number][],
  reason: string,
) {
  const row = grid.cells[r] ?? [];
  const filled = fieldCols.filter(([, c]) => (row[c] ?? '').trim());
  if (filled.length === 0) return; // nothing the unit wrote is lost
  const no = columns.no !== undefined ? (row[columns.no] ?? '').trim() : '';
  const measure = columns.measure !== undefined ? (row[columns.measure] ?? '').trim() : '';
  const text = [measure, ...filled.map(([f, c]) => `${FIELD_LABELS[f]}：${row[c].trim()}`)].filter(Boolean).join('\n');
  out.unmatchedRows.push({ sheet: grid.name, row: r + 1, no, text, reason });
}

/** Filled cells in columns that are not fields (an inserted 备注 column…) are reported, not dropped. */
function reportOtherColumns(
  out: ParsedWorkbook,
  grid: SheetGrid,
  r: number,
  header: { row: number; columns: Partial<Record<ColumnRole, number>>; unknown: { col: number; text: string }[] },
  knownCols: Set<number>,
) {
  const row = grid.cells[r] ?? [];
  const headerRow = grid.cells[header.row] ?? [];
  for (let c = 0; c < row.length; c++) {
    const text = (row[c] ?? '').trim();
    if (!text || knownCols.has(c)) continue;
    // A cell merged across from a known column repeats its text: not new data.
    if (c > 0 && row[c - 1] === row[c] && knownCols.has(c - 1)) continue;
    if (text.startsWith('FG1|')) continue;
    const h = (headerRow[c] ?? '').trim();
    const role = h ? classifyHeader(h) : null;
    const reason = h
      ? role && FIELD_ROLES.includes(role)
        ? `重复的“${h}”列：只读取了第一列，此列内容未导入`
        : role
        ? `列“${h}”不是填报字段，内容未导入`
        : `列“${h}”不是填报字段（进展情况、存在问题、下步计划、完成状态、联系人），内容未导入`
      : '该列没有表头，内容未导入';
    out.ignoredCells.push({ sheet: grid.name, cell: cellA1(r, c), text: text.slice(0, 500), reason });
  }
}
