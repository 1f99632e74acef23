// Reading a returned workbook or Word table (as plain grids) into rows to merge: our templates and
// add-in sheets by their row keys (found wherever the key column went: inserted columns, sorted
// rows), other tables by their columns' meaning (header and content, columns.ts) and 序号 + measure
// text. The unit is found wherever a person would look (find-unit.ts); several candidates or none
// → the office is asked. Everything a unit filled that cannot be taken is listed with why. Pure:
// the server turns files into grids and applies the result.
import { FIELDS, FIELD_LABELS } from '../model/fields';
import type { Field } from '../model/progress';
import { cellA1, colLetter } from '../layout/a1';
import { decodeRowKey, decodeSheetKey, isKeyHeader, type RowKey } from '../layout/keys';
import { splitMeasureLabel } from '../layout/consolidated-columns';
import { findHeaderRow, readHeaderRow, isHeaderLike, type ColumnRole } from './headers';
import { planColumns, type ColumnDecision } from './columns';
import { matchRows, type MeasureCandidate, type MatchMethod } from './match-rows';
import { findReporterCell, findUnitIn, resolveUnit, unitsMentioned, type UnitFrom, type UnitRef, type UnitSource } from './find-unit';
import type { DocumentKeys } from './document-keys';
import type { ReturnedCell } from './cell-changes';
import type { UnitQuestionDetails } from '../api/contract';

export type { UnitFrom };

export interface SheetGrid {
  name: string;
  /** Cell texts, 0-based; merged cells carry the merge's value in every cell they cover. */
  cells: string[][];
  /** Formula cells (their cached value is in `cells`). */
  formulas: { row: number; col: number }[];
  /**
   * Cells covered by a merge from their left ("row:col"): they repeat the merge's text, which
   * belongs to the first column only (one text typed across 进展情况 and 存在问题 is not two fields).
   */
  spanned?: Set<string>;
  /** A Word table: rows above `tableStart` are the paragraphs before it; cells are named 第3行第5列. */
  word?: { tableStart: number };
  /** Hyperlinks whose target the reader appended to the cell's text. */
  links?: { row: number; col: number; text: string; target: string }[];
  /** Text the reader found outside any cell (a Word document's paragraphs after a table). */
  outside?: { where: string; text: string }[];
}

export interface ParseContext {
  fileName: string;
  periodId: string;
  /** The units that may have sent the file (placeholders left out). */
  units: readonly UnitRef[];
  /** The measures a unit reports on in this period (its assignments). */
  candidatesFor(unitId: string): MeasureCandidate[];
  /** measureKey → display no, for every measure of the plan. */
  measureNo(measureKey: string): string | undefined;
  /** The unit the office chose (?unit=, --unit, the picker): decides when the file does not. */
  unitParam?: UnitRef;
}

export interface ParsedRow {
  sheet: string;
  row: number; // as the report shows it (1-based)
  measureKey: string;
  unitId: string;
  method: MatchMethod | 'key';
  confidence: number;
  /** Base revisions from the template key (same period); absent → based on the period's start. */
  baseRevs?: Partial<Record<Field, number>>;
  cells: ReturnedCell[];
}

export interface ColumnInfo {
  column: string; // E, or 第5列 in a Word table
  header: string;
  meaning: ColumnRole | 'key' | null;
  reason: string;
}

export interface SheetInfo {
  name: string;
  kind: 'template' | 'table' | 'ignored';
  headerRow?: number;
  reason?: string;
  columns?: ColumnInfo[];
}

export interface ParsedWorkbook {
  kind: 'template' | 'table';
  unit: { id: string; from: UnitFrom; evidence: string } | null;
  sheets: SheetInfo[];
  rows: ParsedRow[];
  unmatchedRows: { sheet: string; row: number; no: string; text: string; reason: string }[];
  ignoredCells: { sheet: string; cell: string; row?: number; field?: Field; text: string; reason: string }[];
  formulaCells: { sheet: string; cell: string; value: string }[];
  links: { sheet: string; cell: string; text: string; target: string }[];
}

/** The file does not say whose it is (or names several units): the office must choose. */
export class UnitQuestion extends Error {
  constructor(
    public readonly code: 'UNIT_UNKNOWN_IN_FILE' | 'UNIT_AMBIGUOUS_IN_FILE',
    public readonly details: UnitQuestionDetails,
  ) {
    super(code);
  }
}

const FIELD_SET = new Set<string>(FIELDS);
const isField = (r: ColumnRole | null): r is Field => r !== null && FIELD_SET.has(r);

/** How the report names a grid's rows and cells: as Excel shows them, or as a Word table's rows. */
const rowOf = (g: SheetGrid, r: number) => (g.word ? r - g.word.tableStart + 1 : r + 1);
const cellOf = (g: SheetGrid, r: number, c: number) => (g.word ? `第${rowOf(g, r)}行第${c + 1}列` : cellA1(r, c));
const columnOf = (g: SheetGrid, c: number) => (g.word ? `第${c + 1}列` : colLetter(c));

/** A data cell's own text: '' where a merge from the left covers it. */
const isSpanned = (g: SheetGrid, r: number, c: number) => !!g.spanned?.size && g.spanned.has(`${r}:${c}`);
const textAt = (g: SheetGrid, r: number, c: number): string | undefined => (isSpanned(g, r, c) ? '' : g.cells[r]?.[c]);

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

interface TableSheet {
  scan: SheetScan;
  headerRow: number;
  columns: ColumnDecision[];
  fieldCols: [Field, number][];
  knownCols: Set<number>;
  roles: Partial<Record<ColumnRole, number>>;
  /** Rows without a key that hold something the unit wrote, or not (all rows below the header). */
  keyless: number[];
  filled: Set<number>;
}

/** Rows below the header that are data (not empty, not a header repeated by a page break). */
function dataRows(grid: SheetGrid, headerRow: number, keys: Map<number, RowKey>): number[] {
  const out: number[] = [];
  for (let r = headerRow + 1; r < grid.cells.length; r++) {
    const row = grid.cells[r] ?? [];
    if (!row.some((t) => t.trim())) continue;
    if (!keys.has(r) && isHeaderLike(readHeaderRow(row).columns)) continue;
    out.push(r);
  }
  return out;
}

function readTable(scan: SheetScan): TableSheet | null {
  const { grid } = scan;
  const headerRow =
    scan.keyHeaderRow >= 0 && isHeaderLike(readHeaderRow(grid.cells[scan.keyHeaderRow]).columns) ? scan.keyHeaderRow : (findHeaderRow(grid.cells)?.row ?? -1);
  if (headerRow < 0) return null;
  const rows = dataRows(grid, headerRow, scan.keys);
  const skip = new Set(scan.keyCol >= 0 ? [scan.keyCol] : []);
  const own = (r: number) => (grid.spanned?.size ? (grid.cells[r] ?? []).map((t, c) => textAt(grid, r, c) ?? t) : (grid.cells[r] ?? []));
  const plan = planColumns(grid.cells[headerRow] ?? [], rows.map(own), skip);
  const fieldCols = plan.decisions.filter((d) => isField(d.role)).map((d) => [d.role as Field, d.col] as [Field, number]);
  const knownCols = new Set(plan.decisions.filter((d) => d.role !== null).map((d) => d.col));
  if (scan.keyCol >= 0) knownCols.add(scan.keyCol);
  const filled = new Set(rows.filter((r) => fieldCols.some(([, c]) => (textAt(grid, r, c) ?? '').trim())));
  return { scan, headerRow, columns: plan.decisions, fieldCols, knownCols, roles: plan.roles, keyless: rows.filter((r) => !scan.keys.has(r)), filled };
}

function columnInfos(t: TableSheet): ColumnInfo[] {
  const g = t.scan.grid;
  const out: ColumnInfo[] = t.columns.map((d) => ({ column: columnOf(g, d.col), header: d.header, meaning: d.role, reason: d.reason }));
  if (t.scan.keyCol >= 0) out.push({ column: columnOf(g, t.scan.keyCol), header: '（隐藏列）', meaning: 'key', reason: '系统行键：按它对应举措和填报时的版本' });
  return out;
}

/** The places a file without keys may name its unit, most telling first. */
function unitSources(tables: TableSheet[], scans: SheetScan[], ctx: ParseContext): { sources: UnitSource[]; written?: string } {
  const sources: UnitSource[] = [];
  const src = (from: UnitFrom, text: string) => sources.push({ from, text, units: unitsMentioned(text, ctx.units) });
  let written: string | undefined;
  for (const s of scans) {
    const w = findReporterCell(s.grid.cells);
    if (w === null) continue;
    src('reporter-cell', w);
    if (!findUnitIn(w, ctx.units)) written ??= w.replace(/[（(](盖章|公章)[）)]/g, '').trim();
  }
  for (const t of tables) {
    const top = t.scan.grid.cells.slice(0, Math.min(t.headerRow, 6));
    for (const row of top) {
      const text = [...new Set(row.map((x) => x.trim()).filter(Boolean))].join(' ');
      if (text && !/(填报|报送|上报)(单位|部门)/.test(text)) src('title', text);
    }
  }
  for (const s of scans) if (!s.grid.word) src('sheet-name', s.grid.name);
  src('file-name', ctx.fileName.replace(/\.[^.]+$/, ''));
  // The 责任单位 column: the one unit every filled row lists (a unit's own cut of the table).
  const lists: UnitRef[][] = [];
  for (const t of tables) {
    const c = t.roles.units;
    if (c === undefined) continue;
    for (const r of t.keyless) if (t.filled.has(r)) lists.push(unitsMentioned(t.scan.grid.cells[r]?.[c] ?? '', ctx.units));
  }
  if (lists.length > 0) {
    const common = lists.reduce((a, b) => a.filter((u) => b.includes(u)));
    sources.push({ from: 'units-column', text: `每个已填写的行都列有${common.map((u) => u.name).join('、') || '（无共同单位）'}`, units: common });
  }
  return { sources, written };
}

export function parseReturnedWorkbook(grids: SheetGrid[], ctx: ParseContext, docKeys?: DocumentKeys | null): ParsedWorkbook {
  const scans = grids.map(scanKeys);
  const out: ParsedWorkbook = { kind: 'table', unit: null, sheets: [], rows: [], unmatchedRows: [], ignoredCells: [], formulaCells: [], links: [] };
  const first = scans.find((s) => s.keys.size > 0);
  if (first) {
    out.kind = 'template';
    out.unit = { id: first.sheetUnit ?? first.keys.values().next().value!.unitId, from: 'template', evidence: '模板中的隐藏键' };
  } else if (docKeys) {
    out.kind = 'template';
    out.unit = { id: docKeys.sheet.unitId, from: 'template', evidence: '模板的文档属性' };
  }
  const docRevs = docKeys && docKeys.sheet.periodId === ctx.periodId ? docKeys.rows : null;

  const tables: TableSheet[] = [];
  for (const scan of scans) {
    const t = readTable(scan);
    const { grid } = scan;
    if (!t) {
      const filled = grid.cells.some((r) => r.some((x) => x.trim()));
      out.sheets.push({ name: grid.name, kind: 'ignored', reason: filled ? '没有找到含填报字段（进展情况等）的表头行，未读取' : '空白工作表' });
      continue;
    }
    tables.push(t);
    out.sheets.push({ name: grid.name, kind: scan.keys.size > 0 ? 'template' : 'table', headerRow: rowOf(grid, t.headerRow), columns: columnInfos(t) });
  }

  // Rows with keys need no unit; rows without one need the file's unit, asked for only when one is filled.
  let unit: { id: string; from: UnitFrom; evidence: string } | null = out.unit;
  if (!unit && tables.some((t) => t.keyless.some((r) => t.filled.has(r)))) {
    const { sources, written } = unitSources(tables, scans, ctx);
    const r = resolveUnit(sources, ctx.unitParam);
    if (r.kind === 'found') unit = { id: r.unit.id, from: r.from, evidence: r.evidence };
    else if (r.kind === 'ambiguous')
      throw new UnitQuestion('UNIT_AMBIGUOUS_IN_FILE', { candidates: r.candidates.map((u) => u.id), seen: r.evidence, written });
    else throw new UnitQuestion('UNIT_UNKNOWN_IN_FILE', { candidates: [], seen: r.seen, written });
    out.unit = unit;
  }

  for (const t of tables) {
    const { grid, keys } = t.scan;
    const sheet = grid.name;
    for (const [r, key] of [...keys].sort((a, b) => a[0] - b[0])) {
      if (r <= t.headerRow) continue;
      if (ctx.measureNo(key.measureKey) === undefined) {
        reportUnmatched(out, t, r, '行键对应的举措已不在当前计划中');
        continue;
      }
      pushRow(out, t, r, { measureKey: key.measureKey, unitId: key.unitId, method: 'key', confidence: 1, baseRevs: key.periodId === ctx.periodId ? key.baseRevs : undefined });
    }
    if (t.keyless.length > 0 && unit) {
      const noCol = t.roles.no;
      const mCol = t.roles.measure;
      const ident = t.keyless.map((r) => {
        // our sheets print a measure as "1.4 加快…": its number is the better 序号
        const label = splitMeasureLabel(mCol !== undefined ? (grid.cells[r][mCol] ?? '') : '');
        return { row: r, no: label.no || (noCol !== undefined ? (grid.cells[r][noCol] ?? '') : ''), measureText: label.text, filled: t.filled.has(r) };
      });
      for (const m of matchRows(ident, ctx.candidatesFor(unit.id))) {
        if (!t.filled.has(m.row)) continue; // nothing written: nothing to merge or report
        if (!m.measureKey) {
          reportUnmatched(out, t, m.row, m.reason ?? '无法对应');
          continue;
        }
        pushRow(out, t, m.row, { measureKey: m.measureKey, unitId: unit.id, method: m.method!, confidence: m.confidence, baseRevs: docRevs?.get(m.measureKey) });
      }
    }
    for (const f of grid.formulas) {
      if (f.row > t.headerRow) out.formulaCells.push({ sheet, cell: cellOf(grid, f.row, f.col), value: grid.cells[f.row]?.[f.col] ?? '' });
    }
  }
  out.rows.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : 0));
  for (const g of grids) {
    for (const l of g.links ?? []) out.links.push({ sheet: g.name, cell: cellOf(g, l.row, l.col), text: l.text, target: l.target });
    for (const o of g.outside ?? []) out.ignoredCells.push({ sheet: g.name, cell: o.where, text: o.text.slice(0, 500), reason: '表格外的文字，未导入' });
  }
  return out;
}

function pushRow(out: ParsedWorkbook, t: TableSheet, r: number, m: Pick<ParsedRow, 'measureKey' | 'unitId' | 'method' | 'confidence' | 'baseRevs'>) {
  const g = t.scan.grid;
  const header = g.cells[t.headerRow] ?? [];
  const cells = t.fieldCols.map(([field, c]) => ({ field, text: textAt(g, r, c) ?? '', cell: cellOf(g, r, c), header: header[c] ?? '' }));
  out.rows.push({ sheet: g.name, row: rowOf(g, r), ...m, cells });
  reportOtherColumns(out, t, r);
}

function reportUnmatched(out: ParsedWorkbook, t: TableSheet, r: number, reason: string) {
  const g = t.scan.grid;
  const row = g.cells[r] ?? [];
  const filled = t.fieldCols.filter(([, c]) => (textAt(g, r, c) ?? '').trim());
  if (filled.length === 0) return; // nothing the unit wrote is lost
  const no = t.roles.no !== undefined ? (row[t.roles.no] ?? '').trim() : '';
  const measure = t.roles.measure !== undefined ? (row[t.roles.measure] ?? '').trim() : '';
  const text = [measure, ...filled.map(([f, c]) => `${FIELD_LABELS[f]}：${(textAt(g, r, c) ?? '').trim()}`)].filter(Boolean).join('\n');
  out.unmatchedRows.push({ sheet: g.name, row: rowOf(g, r), no, text, reason });
}

/** Filled cells in columns that are not read (an inserted 备注 column…) are reported with the column's reason. */
function reportOtherColumns(out: ParsedWorkbook, t: TableSheet, r: number) {
  const g = t.scan.grid;
  const row = g.cells[r] ?? [];
  for (let c = 0; c < row.length; c++) {
    const text = (row[c] ?? '').trim();
    if (!text || t.knownCols.has(c) || isSpanned(g, r, c)) continue;
    // A cell merged across from a known column repeats its text: not new data.
    if (c > 0 && row[c - 1] === row[c] && t.knownCols.has(c - 1)) continue;
    if (text.startsWith('FG1|')) continue;
    out.ignoredCells.push({ sheet: g.name, cell: cellOf(g, r, c), row: rowOf(g, r), text: text.slice(0, 500), reason: t.columns.find((d) => d.col === c)?.reason ?? '该列没有表头，内容未导入' });
  }
}
