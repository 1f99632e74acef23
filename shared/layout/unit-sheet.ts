// The unit sheet: the offline template and the add-in's sheet. One row per measure of the unit;
// task cells locked, entry fields editable; the hidden key column lets the sheet come back.
import { formatDeadline } from '../model/deadline';
import type { MyAssignment } from '../api/contract';
import type { Unit } from '../model/plan';
import { FIELDS, STATUSES, TABLE_LABELS, type Field } from '../model/fields';
import type { Entry, Period } from '../model/progress';
import { encodeRowKey, encodeSheetKey } from './keys';
import type { LayoutColumn, LayoutRow, Merge, PaperSize, SheetLayout } from './model';
import { measureLabel } from './consolidated-columns';
import { column, fontForRow, fontsFor, planBaseTitle, printSettings, safeSheetName } from './style';
import { estimateRowHeights } from './text-height';
import { CYCLE_TEXT } from '../cycle/labels';

export interface UnitSheetInput {
  planTitle: string;
  period: Period;
  unit: Unit;
  assignments: MyAssignment[];
  entries: Entry[];
  paper?: PaperSize;
  /** Measures 办结 for this unit: marked in the measure cell, their fields locked. */
  closed?: ReadonlySet<string>;
  /**
   * While the office's 退回 is in force: measure key → its reason (a whole return names every
   * entry; UnitReviewResponse.returnedEntries). Marked in the measure cell, like 办结, so the next
   * template says what to fix where; the key column and the fields are unchanged.
   */
  returned?: ReadonlyMap<string, string>;
}

/** Column widths in Excel units per paper: they fit the page at 100 % in the paper's body size (see consolidated-columns.ts). */
export const UNIT_SHEET_WIDTHS = {
  A3: { no: 6, task: 16, measure: 43, units: 16, status: 10, progress: 46, problems: 25, nextSteps: 25, contact: 14, key: 12 },
  A4: { no: 5, task: 10, measure: 27, units: 11, status: 8, progress: 30, problems: 16, nextSteps: 16, contact: 11, key: 12 },
} as const;

export const UNIT_SHEET_NOTE =
  '填报说明：“完成状态”请从下拉列表中选择（未启动、推进中、已完成、滞后）；“进展情况”“存在问题”“下步计划”“联系人/电话”请如实填写本期情况，单元格内换行按 Alt+Enter。序号、主要任务、具体举措、责任单位各列请勿修改；请勿删除、合并或改动隐藏列，以便系统自动汇总。';

export function unitSheetColumns(paper: PaperSize, sheetKeyHeader: string): LayoutColumn[] {
  const w = (id: keyof (typeof UNIT_SHEET_WIDTHS)['A3']) => UNIT_SHEET_WIDTHS[paper][id];
  const fieldCol = (f: Field): LayoutColumn =>
    column({ id: f, header: TABLE_LABELS[f], kind: 'field', field: f, width: w(f), editable: true, align: f === 'status' ? 'center' : 'left' });
  return [
    column({ id: 'no', header: TABLE_LABELS.no, kind: 'no', width: w('no'), align: 'center' }),
    column({ id: 'task', header: TABLE_LABELS.task, kind: 'task', width: w('task') }),
    column({ id: 'measure', header: TABLE_LABELS.measure, kind: 'measure', width: w('measure') }),
    column({ id: 'units', header: TABLE_LABELS.units, kind: 'units', width: w('units'), align: 'center' }),
    ...FIELDS.map(fieldCol),
    column({ id: 'key', header: sheetKeyHeader, kind: 'key', width: UNIT_SHEET_WIDTHS.A3.key, hidden: true, wrap: false }),
  ];
}

/** The measure cell of a 办结 row says so (the label lives in shared/cycle/labels.ts). */
const closedMark = (label: string, closed: boolean | undefined) => (closed ? `${label}\n【${CYCLE_TEXT.closed}，不再填报】` : label);
/** …and of a returned row, the office's reason. */
const returnedMark = (label: string, reason: string | undefined) => (reason ? `${label}\n【${CYCLE_TEXT.reason}：${reason}】` : label);

export function buildUnitSheet(input: UnitSheetInput): SheetLayout {
  const paper = input.paper ?? 'A3';
  const { period, unit } = input;
  const sheetKey = encodeSheetKey({ periodId: period.id, unitId: unit.id });
  const columns = unitSheetColumns(paper, sheetKey);
  const n = columns.length;
  const lastVisible = n - 2;
  const blank = () => new Array<string>(n).fill('');
  const textRow = (kind: LayoutRow['kind'], text: string): LayoutRow => {
    const cells = blank();
    cells[0] = text;
    return { kind, cells, heightPt: 0 };
  };

  const deadline = period.deadline ? `　　报送截止：${formatDeadline(period.deadline)}` : '';
  const rows: LayoutRow[] = [
    textRow('title', `${planBaseTitle(input.planTitle)}落实情况填报表`),
    textRow('subtitle', `填报单位：${unit.name}　　填报期次：${period.name}${deadline}`),
    textRow('note', UNIT_SHEET_NOTE),
    { kind: 'header', cells: columns.map((c) => c.header), heightPt: 0 },
  ];
  const headerRow = 3;
  const merges: Merge[] = [0, 1, 2].map((r) => ({ top: r, left: 0, bottom: r, right: lastVisible }));

  const entries = new Map(input.entries.filter((e) => e.periodId === period.id && e.unitId === unit.id).map((e) => [e.measureKey, e]));
  for (const a of input.assignments) {
    const e = entries.get(a.measureKey);
    const baseRevs: Partial<Record<Field, number>> = {};
    for (const f of FIELDS) baseRevs[f] = e?.fields?.[f]?.rev ?? 0;
    const cells = [
      a.taskNo,
      a.taskTitle,
      returnedMark(closedMark(measureLabel(a.measureNo, a.measureText), input.closed?.has(a.measureKey)), input.returned?.get(a.measureKey)),
      a.unitsText,
      ...FIELDS.map((f) => e?.fields?.[f]?.value ?? ''),
      encodeRowKey({ periodId: period.id, measureKey: a.measureKey, unitId: unit.id, baseRevs }),
    ];
    const row: LayoutRow = { kind: 'data', cells, heightPt: 0, measureKey: a.measureKey, unitId: unit.id };
    if (input.closed?.has(a.measureKey)) row.locked = true;
    rows.push(row);
  }
  for (const m of runMerges(rows, headerRow + 1, (r) => r.cells[0], [0, 1])) merges.push(m);

  const fonts = fontsFor(paper);
  const layout: SheetLayout = {
    kind: 'unit',
    sheetName: safeSheetName(unit.shortName || unit.name, '填报表'),
    columns,
    rows,
    merges,
    fonts,
    // A sheet people type into: its rows grow, so Excel breaks its pages; centred page numbers.
    print: printSettings(paper, headerRow, fonts, { pageNumbers: 'center' }),
    pageBreaks: [],
    freeze: { rows: headerRow + 1, columns: 0 },
    validations: [{ columnId: 'status', values: [...STATUSES] }],
    protect: true,
    headerRow,
    firstDataRow: headerRow + 1,
  };
  return withHeights(layout);
}

/** Vertical merges of the given columns over runs of consecutive rows with the same group value. */
export function runMerges(rows: LayoutRow[], from: number, groupOf: (r: LayoutRow) => string, cols: number[]): Merge[] {
  const out: Merge[] = [];
  let start = from;
  for (let r = from + 1; r <= rows.length; r++) {
    if (r < rows.length && groupOf(rows[r]) === groupOf(rows[start])) continue;
    if (r - 1 > start) for (const c of cols) out.push({ top: start, left: c, bottom: r - 1, right: c });
    start = r;
  }
  return out;
}

export function withHeights(layout: SheetLayout): SheetLayout {
  const heights = estimateRowHeights({
    columns: layout.columns,
    rows: layout.rows,
    merges: layout.merges,
    fontFor: (row) => fontForRow(layout.fonts, row),
  });
  layout.rows.forEach((row, i) => (row.heightPt = heights[i]));
  return layout;
}
