// The add-in's sheet commands as plain data, the same for every host. A layout model becomes a list
// of commands here (pure); addin/excel/excel-exec.ts queues them on Office.js, addin/wps/wps-exec.ts
// runs them on the WPS object model; split.ts packs them into as few Office.js requests as the 5 MB
// limit allows. Commands cover whole blocks (a column's data cells, the table's borders), never
// cell by cell, so the request count stays flat as the table grows.
import type { PrintSettings, SheetLayout } from '../../shared/layout/model';
import { FIELDS, type Field } from '../../shared/model/fields';
import { encodeRowKey } from '../../shared/layout/keys';
import { splitBatches, utf8Length } from '../../shared/sync/split';
import type { CellWrite } from '../../shared/sync/apply';
import { rowId, type SyncState } from '../../shared/sync/state';
import type { ReadSheet } from '../../shared/sync/read-sheet';

export interface Area {
  r: number;
  c: number;
  rows: number;
  cols: number;
}

export type SheetOp =
  | { op: 'unprotect' }
  | { op: 'protect' }
  | { op: 'reset'; area: Area; validation: boolean }
  | { op: 'numberFormat'; area: Area; format: string }
  /** `expect` (one cell only): write only if the cell still holds this text (see port.ts WriteResult). */
  | { op: 'values'; r: number; c: number; values: string[][]; expect?: string }
  | { op: 'font'; area: Area; name: string; size: number; bold: boolean }
  | { op: 'fill'; area: Area; color: string | null }
  | { op: 'wrap'; area: Area; wrap: boolean }
  | { op: 'align'; area: Area; h: 'Left' | 'Center'; v: 'Top' | 'Center' }
  | { op: 'borders'; area: Area }
  | { op: 'unlock'; area: Area }
  | { op: 'validation'; area: Area; values: string[] }
  /** `width` in character units (WPS ColumnWidth), `points` the same for Office.js. */
  | { op: 'columnWidth'; col: number; points: number; width: number }
  | { op: 'hideColumn'; col: number }
  | { op: 'rowHeight'; row: number; rows: number; points: number }
  | { op: 'merge'; area: Area }
  | { op: 'freeze'; rows: number }
  | { op: 'pageLayout'; print: PrintSettings }
  | { op: 'setting'; key: string; value: unknown }
  | { op: 'activate' };

/** What the host supports beyond the declared ExcelApi 1.7. */
export interface Features {
  validation: boolean; // ExcelApi 1.8
  pageLayout: boolean; // ExcelApi 1.9
}

export const CONFLICT_FILL = '#FDE7E9'; // Fluent's error background
export const EDITABLE_FILL = '#FFFFFF';
export const HEADER_FILL = '#F2F2F2';
/** A typed list's source is capped at 255 characters (Excel's data-validation limit; see the fakes). */
export const MAX_LIST_SOURCE = 255;
/** Request budget: under Excel on the web's 5 MB with room for Office.js's own framing. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;

/** Excel column-width units → points (Office.js columnWidth): (7 px × w + 5 px) × 0.75. */
export function widthToPoints(width: number): number {
  return Math.round((7 * width + 5) * 0.75 * 100) / 100;
}

const area = (r: number, c: number, rows: number, cols: number): Area => ({ r, c, rows, cols });

/** Page setup as both hosts take it: margins in points, print titles as "$4:$4", the centre footer's code. */
export function printSetup(p: PrintSettings) {
  const pt = (inches: number) => inches * 72;
  return {
    landscape: p.orientation === 'landscape',
    margins: { left: pt(p.margins.left), right: pt(p.margins.right), top: pt(p.margins.top), bottom: pt(p.margins.bottom), header: pt(p.margins.header), footer: pt(p.margins.footer) },
    titleRows: `$${p.repeatRows.first + 1}:$${p.repeatRows.last + 1}`,
    // '&C— &P —' is the centre section's code; both hosts set the sections separately.
    centerFooter: p.footer.replace(/^&C/, ''),
  };
}

/** Every command that renders `layout` on a sheet (after clearing `previous`, the old extent). */
export function layoutOps(layout: SheetLayout, features: Features, previous: Area | null): SheetOp[] {
  const ops: SheetOp[] = [{ op: 'unprotect' }];
  const nRows = layout.rows.length;
  const nCols = layout.columns.length;
  const whole = area(0, 0, nRows, nCols);
  const reset = previous ? union(previous, whole) : whole;
  ops.push({ op: 'reset', area: reset, validation: features.validation });
  // Text format first, so nothing typed or written is ever taken as a number or a formula.
  ops.push({ op: 'numberFormat', area: whole, format: '@' });
  ops.push({ op: 'values', r: 0, c: 0, values: layout.rows.map((row) => row.cells.map((v) => v ?? '')) });

  // Fonts by row kind, in runs of consecutive rows.
  for (const run of runs(layout.rows.map((r) => r.kind))) {
    const font = fontFor(layout, run.value);
    ops.push({ op: 'font', area: area(run.start, 0, run.length, nCols), name: font.family[0], size: font.sizePt, bold: !!font.bold || run.value === 'header' || run.value === 'title' });
  }
  const dataRows = nRows - layout.firstDataRow;
  const tableTop = layout.headerRow;
  const tableRows = nRows - tableTop;
  // Title rows: centred title, left-aligned subtitle and note, all wrapped.
  for (let r = 0; r < tableTop; r++) {
    ops.push({ op: 'align', area: area(r, 0, 1, nCols), h: layout.rows[r].kind === 'title' ? 'Center' : 'Left', v: 'Center' });
    ops.push({ op: 'wrap', area: area(r, 0, 1, nCols), wrap: true });
  }
  ops.push({ op: 'align', area: area(tableTop, 0, 1, nCols), h: 'Center', v: 'Center' });
  ops.push({ op: 'wrap', area: area(tableTop, 0, 1, nCols), wrap: true });
  ops.push({ op: 'fill', area: area(tableTop, 0, 1, nCols - hiddenTail(layout)), color: HEADER_FILL });
  layout.columns.forEach((col, c) => {
    ops.push({ op: 'columnWidth', col: c, points: widthToPoints(col.width), width: col.width });
    if (dataRows > 0) {
      const cells = area(layout.firstDataRow, c, dataRows, 1);
      ops.push({ op: 'align', area: cells, h: col.align === 'center' ? 'Center' : 'Left', v: col.align === 'center' ? 'Center' : 'Top' });
      ops.push({ op: 'wrap', area: cells, wrap: col.wrap });
      // editable fields unlocked in runs of rows still filled in (a 办结 row stays locked)
      if (col.editable) for (const run of openRuns(layout)) ops.push({ op: 'unlock', area: area(run.start, c, run.length, 1) });
    }
    if (col.hidden) ops.push({ op: 'hideColumn', col: c });
  });
  ops.push({ op: 'borders', area: area(tableTop, 0, tableRows, nCols - hiddenTail(layout)) });
  if (features.validation && dataRows > 0) {
    for (const v of layout.validations) {
      const c = layout.columns.findIndex((col) => col.id === v.columnId);
      if (c < 0) continue;
      if (v.values.join(',').length > MAX_LIST_SOURCE) throw new Error(`下拉列表的选项超过 ${MAX_LIST_SOURCE} 个字符，表格软件不接受。`);
      ops.push({ op: 'validation', area: area(layout.firstDataRow, c, dataRows, 1), values: v.values });
    }
  }
  for (const run of runs(layout.rows.map((r) => r.heightPt))) {
    if (run.value > 0) ops.push({ op: 'rowHeight', row: run.start, rows: run.length, points: Math.min(409, run.value) });
  }
  for (const m of layout.merges) ops.push({ op: 'merge', area: area(m.top, m.left, m.bottom - m.top + 1, m.right - m.left + 1) });
  if (layout.freeze.rows > 0) ops.push({ op: 'freeze', rows: layout.freeze.rows });
  if (features.pageLayout) ops.push({ op: 'pageLayout', print: layout.print });
  if (layout.protect) ops.push({ op: 'protect' });
  ops.push({ op: 'activate' });
  return ops;
}

/**
 * Runs of consecutive data rows that are not locked (办结 rows break them). Cells start locked and
 * the layout's `reset` clears formats, so a row left out of every `unlock` stays locked once the
 * sheet is protected (Office.js Excel.FormatProtection.locked, ExcelApi 1.2,
 * learn.microsoft.com/javascript/api/excel/excel.formatprotection; WPS/VBA Range.Locked) — both
 * strict fakes refuse typing into it (type() in tests/fakes/excel/host.ts, tests/fakes/wps/host.ts).
 */
function openRuns(layout: SheetLayout): { start: number; length: number }[] {
  const out: { start: number; length: number }[] = [];
  for (let r = layout.firstDataRow; r < layout.rows.length; r++) {
    if (layout.rows[r].locked) continue;
    const last = out[out.length - 1];
    if (last && last.start + last.length === r) last.length++;
    else out.push({ start: r, length: 1 });
  }
  return out;
}

/** Where a field of a row sits on a read sheet (null: the sheet lacks the row or the column). */
export function cellOf(sheet: ReadSheet, w: { measureKey: string; unitId: string; field: Field }): { r: number; c: number } | null {
  const row = sheet.rows.find((x) => x.measureKey === w.measureKey && x.unitId === w.unitId);
  const c = sheet.fieldCols[w.field];
  return row && c !== undefined ? { r: row.row, c } : null;
}

/**
 * Commands that write sync results into the sheet: values, key cells, conflict marks, state. Each
 * value is guarded by what the cell held when the sync read it (`expect`), so text typed while the
 * sync talked to the service is never overwritten.
 */
export function writeBackOps(sheet: ReadSheet, state: SyncState, writes: CellWrite[], settingKey: string): SheetOp[] {
  const ops: SheetOp[] = [{ op: 'unprotect' }];
  const rowOf = new Map(sheet.rows.map((r) => [rowId(r.measureKey, r.unitId), r]));
  for (const w of writes) {
    const row = rowOf.get(rowId(w.measureKey, w.unitId));
    const col = sheet.fieldCols[w.field];
    if (!row || col === undefined) continue;
    ops.push({ op: 'values', r: row.row, c: col, values: [[w.value]], expect: row.values[w.field] ?? '' });
  }
  // Key cells carry each field's base revision, so a sheet e-mailed back merges like a sync. Runs of
  // consecutive changed rows go in one command (WPS runs each command as its own calls).
  const keys: { r: number; text: string }[] = [];
  for (const row of sheet.rows) {
    const snap = state.snapshot[rowId(row.measureKey, row.unitId)] ?? {};
    const baseRevs: Partial<Record<Field, number>> = {};
    for (const f of FIELDS) baseRevs[f] = snap[f]?.r ?? row.key.baseRevs[f] ?? 0;
    if (FIELDS.some((f) => baseRevs[f] !== (row.key.baseRevs[f] ?? 0))) keys.push({ r: row.row, text: encodeRowKey({ ...row.key, baseRevs }) });
  }
  for (const run of consecutive(keys)) ops.push({ op: 'values', r: run[0].r, c: sheet.keyCol, values: run.map((k) => [k.text]) });
  // Conflict marks: a red fill on conflicting cells, white elsewhere among the field cells.
  const conflicted = new Set(state.conflicts.map((c) => `${rowId(c.measureKey, c.unitId)}|${c.field}`));
  for (const row of sheet.rows) {
    for (const f of FIELDS) {
      const col = sheet.fieldCols[f];
      if (col === undefined) continue;
      const mark = conflicted.has(`${rowId(row.measureKey, row.unitId)}|${f}`);
      if (mark) ops.push({ op: 'fill', area: area(row.row, col, 1, 1), color: CONFLICT_FILL });
    }
  }
  if (sheet.rows.length) {
    const cols = FIELDS.map((f) => sheet.fieldCols[f]).filter((c): c is number => c !== undefined);
    // Clear earlier marks first (one command per field column), then paint the current ones.
    const clears: SheetOp[] = cols.map((c) => ({ op: 'fill', area: area(sheet.rows[0].row, c, sheet.rows[sheet.rows.length - 1].row - sheet.rows[0].row + 1, 1), color: null }));
    ops.splice(1, 0, ...clears);
  }
  ops.push({ op: 'protect' });
  ops.push({ op: 'setting', key: settingKey, value: state });
  return ops;
}

/**
 * After guarded writes did not stick (`lost`: the person typed there after the sync read the
 * sheet): put the person's text back where a host overwrote it (guarded by what we wrote, so newer
 * typing still wins), rewrite those rows' key cells from `state`, and store `state`.
 */
export function restoreOps(sheet: ReadSheet, state: SyncState, lost: { r: number; c: number; typed: string; written: string }[], settingKey: string): SheetOp[] {
  const ops: SheetOp[] = [{ op: 'unprotect' }];
  for (const l of lost) ops.push({ op: 'values', r: l.r, c: l.c, values: [[l.typed]], expect: l.written });
  for (const row of sheet.rows.filter((x) => lost.some((l) => l.r === x.row))) {
    const snap = state.snapshot[rowId(row.measureKey, row.unitId)] ?? {};
    const baseRevs: Partial<Record<Field, number>> = {};
    for (const f of FIELDS) baseRevs[f] = snap[f]?.r ?? 0;
    ops.push({ op: 'values', r: row.row, c: sheet.keyCol, values: [[encodeRowKey({ ...row.key, baseRevs })]] });
  }
  ops.push({ op: 'protect' });
  ops.push({ op: 'setting', key: settingKey, value: state });
  return ops;
}

// ── sizes and splitting ──────────────────────────────────────────────────────────────────
/** Estimated request bytes a command adds (its JSON plus what Office.js sends around it). */
export function opSize(op: SheetOp): number {
  const overhead = 120;
  if (op.op === 'numberFormat') return overhead + op.area.rows * op.area.cols * (utf8Length(op.format) + 3) + op.area.rows * 2;
  return overhead + utf8Length(JSON.stringify(op));
}

/** Cut a command too big for one request into row blocks. */
export function cutOp(op: SheetOp): SheetOp[] | null {
  if (op.op === 'values' && op.values.length > 1) {
    const half = Math.ceil(op.values.length / 2);
    return [
      { op: 'values', r: op.r, c: op.c, values: op.values.slice(0, half) },
      { op: 'values', r: op.r + half, c: op.c, values: op.values.slice(half) },
    ];
  }
  if (op.op === 'numberFormat' && op.area.rows > 1) {
    const half = Math.ceil(op.area.rows / 2);
    return [
      { ...op, area: { ...op.area, rows: half } },
      { ...op, area: { ...op.area, r: op.area.r + half, rows: op.area.rows - half } },
    ];
  }
  return null;
}

export function splitOps(ops: SheetOp[], limit = REQUEST_BUDGET): SheetOp[][] {
  return splitBatches(ops, { limit, sizeOf: opSize, cut: cutOp });
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────
function fontFor(layout: SheetLayout, kind: string) {
  if (kind === 'title') return layout.fonts.title;
  if (kind === 'subtitle' || kind === 'note') return layout.fonts.subtitle;
  if (kind === 'header') return layout.fonts.header;
  return layout.fonts.body;
}

/** Number of hidden columns at the right edge (the key column): borders and fills stop before them. */
function hiddenTail(layout: SheetLayout): number {
  let n = 0;
  for (let c = layout.columns.length - 1; c >= 0 && layout.columns[c].hidden; c--) n++;
  return n;
}

function runs<T>(values: T[]): { start: number; length: number; value: T }[] {
  const out: { start: number; length: number; value: T }[] = [];
  values.forEach((v, i) => {
    const last = out[out.length - 1];
    if (last && last.value === v) last.length++;
    else out.push({ start: i, length: 1, value: v });
  });
  return out;
}

/** Items sorted by row, cut where a row is skipped. */
function consecutive<T extends { r: number }>(items: T[]): T[][] {
  const out: T[][] = [];
  for (const it of [...items].sort((a, b) => a.r - b.r)) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1].r === it.r - 1) last.push(it);
    else out.push([it]);
  }
  return out;
}

function union(a: Area, b: Area): Area {
  const r = Math.min(a.r, b.r);
  const c = Math.min(a.c, b.c);
  return { r, c, rows: Math.max(a.r + a.rows, b.r + b.rows) - r, cols: Math.max(a.c + a.cols, b.c + b.cols) - c };
}
