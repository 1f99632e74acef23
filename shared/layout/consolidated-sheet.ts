// The consolidated table: one row per (measure, unit), lead first, 序号/主要任务 merged across the
// task's rows and 具体举措 / rolled-up status / the office's summary merged across the measure's
// rows (one cell holding seven units' text would outgrow Excel's 409-pt row). Or, in 'summary'
// mode, one row per measure with the office's summary. Read-only; keys per row all the same.
import type { ConsolidatedMeasure } from '../api/contract';
import { ROLLUP_RULE_TEXT } from '../model/rollup';
import type { Period } from '../model/progress';
import { encodeRowKey, encodeSheetKey } from './keys';
import type { LayoutColumn, LayoutRow, Merge, PaperSize, SheetLayout } from './model';
import { column, FONTS, planBaseTitle, printSettings } from './style';
import { runMerges, withHeights } from './unit-sheet';

export interface ConsolidatedFilter {
  unitId?: string;
  taskNos?: string[];
  onlyLagging?: boolean;
}

export interface ConsolidatedSheetInput {
  planTitle: string;
  period: Period;
  measures: ConsolidatedMeasure[];
  paper?: PaperSize;
  mode?: 'rows' | 'summary';
  filter?: ConsolidatedFilter;
}

/**
 * Column widths in Excel units, per paper and mode. A3 prints at about 100 % (body 11 pt); A4 is
 * 0.7 of A3's width, so its text columns are narrower (rows grow instead) and fit-to-width scales
 * the print to about 0.85 (body about 9.3 pt). Narrow columns keep their headers on one line.
 */
export const CONSOLIDATED_WIDTHS = {
  A3: {
    rows: { no: 6, task: 12, measure: 37, units: 18, status: 11, progress: 37, problems: 22, nextSteps: 22, rollup: 11, summary: 28 },
    summary: { no: 6, task: 14, measure: 56, units: 26, rollup: 11, summary: 72 },
  },
  A4: {
    rows: { no: 6, task: 10, measure: 27, units: 14, status: 11, progress: 28, problems: 16, nextSteps: 16, rollup: 11, summary: 20 },
    summary: { no: 6, task: 11, measure: 44, units: 18, rollup: 11, summary: 52 },
  },
} as const;

/** Where a row of the summary mode stands for the measure as a whole (no single unit). */
export const WHOLE_MEASURE_UNIT = '*';

export function consolidatedColumns(paper: PaperSize, mode: 'rows' | 'summary', sheetKeyHeader: string): LayoutColumn[] {
  const key = column({ id: 'key', header: sheetKeyHeader, kind: 'key', width: 12, hidden: true, wrap: false });
  // 序号, 主要任务, 具体举措, 责任单位 lead both modes; only their widths differ.
  const measureColumns = (w: (id: 'no' | 'task' | 'measure' | 'units') => number) => [
    column({ id: 'no', header: '序号', kind: 'no', width: w('no'), align: 'center' }),
    column({ id: 'task', header: '主要任务', kind: 'task', width: w('task') }),
    column({ id: 'measure', header: '具体举措', kind: 'measure', width: w('measure') }),
    column({ id: 'units', header: '责任单位', kind: 'units', width: w('units'), align: 'center' }),
  ];
  if (mode === 'summary') {
    const w = (id: keyof (typeof CONSOLIDATED_WIDTHS)['A3']['summary']) => CONSOLIDATED_WIDTHS[paper].summary[id];
    return [
      ...measureColumns(w),
      column({ id: 'rollup', header: '完成状态', kind: 'rollup', width: w('rollup'), align: 'center' }),
      column({ id: 'summary', header: '汇总进展', kind: 'summary', width: w('summary') }),
      key,
    ];
  }
  const w = (id: keyof (typeof CONSOLIDATED_WIDTHS)['A3']['rows']) => CONSOLIDATED_WIDTHS[paper].rows[id];
  return [
    ...measureColumns(w),
    column({ id: 'status', header: '完成状态', kind: 'field', field: 'status', width: w('status'), align: 'center' }),
    column({ id: 'progress', header: '进展情况', kind: 'field', field: 'progress', width: w('progress') }),
    column({ id: 'problems', header: '存在问题', kind: 'field', field: 'problems', width: w('problems') }),
    column({ id: 'nextSteps', header: '下步计划', kind: 'field', field: 'nextSteps', width: w('nextSteps') }),
    column({ id: 'rollup', header: '汇总状态', kind: 'rollup', width: w('rollup'), align: 'center' }),
    column({ id: 'summary', header: '汇总进展', kind: 'summary', width: w('summary') }),
    key,
  ];
}

export function filterMeasures(measures: ConsolidatedMeasure[], filter: ConsolidatedFilter = {}): ConsolidatedMeasure[] {
  const tasks = filter.taskNos?.length ? new Set(filter.taskNos) : null;
  const out: ConsolidatedMeasure[] = [];
  for (const m of measures) {
    if (tasks && !tasks.has(m.taskNo)) continue;
    if (filter.onlyLagging && m.rollup !== '滞后') continue;
    if (filter.unitId) {
      const units = m.units.filter((u) => u.unitId === filter.unitId);
      if (!units.length) continue;
      out.push({ ...m, units });
    } else out.push(m);
  }
  return out;
}

function filterText(input: ConsolidatedSheetInput): string {
  const f = input.filter ?? {};
  const parts: string[] = [];
  if (f.unitId) {
    const name = input.measures.flatMap((m) => m.units).find((u) => u.unitId === f.unitId)?.unitName ?? f.unitId;
    parts.push(`责任单位：${name}`);
  }
  if (f.taskNos?.length) parts.push(`任务序号：${f.taskNos.join('、')}`);
  if (f.onlyLagging) parts.push('仅列滞后举措');
  return parts.map((p) => `　　${p}`).join('');
}

export function buildConsolidatedSheet(input: ConsolidatedSheetInput): SheetLayout {
  const paper = input.paper ?? 'A3';
  const mode = input.mode ?? 'rows';
  const { period } = input;
  // Always the several-units key (u:*), even filtered to one unit: a read-only export is never taken for that unit's template.
  const columns = consolidatedColumns(paper, mode, encodeSheetKey({ periodId: period.id, unitId: null }));
  const n = columns.length;
  const lastVisible = n - 2;
  const textRow = (kind: LayoutRow['kind'], text: string): LayoutRow => {
    const cells = new Array<string>(n).fill('');
    cells[0] = text;
    return { kind, cells, heightPt: 0 };
  };
  const rows: LayoutRow[] = [
    textRow('title', `${planBaseTitle(input.planTitle)}落实情况汇总表`),
    textRow('subtitle', `填报期次：${period.name}${filterText(input)}`),
    textRow('note', `说明：${mode === 'summary' ? '完成状态为各责任单位填报状态的汇总。' : ''}${ROLLUP_RULE_TEXT}`),
    { kind: 'header', cells: columns.map((c) => c.header), heightPt: 0 },
  ];
  const headerRow = 3;
  const firstDataRow = headerRow + 1;
  const merges: Merge[] = [0, 1, 2].map((r) => ({ top: r, left: 0, bottom: r, right: lastVisible }));
  const measures = filterMeasures(input.measures, input.filter);

  for (const m of measures) {
    if (mode === 'summary') {
      const cells = [m.taskNo, m.taskTitle, m.measureText, m.units.map((u) => u.unitName).join('、'), m.rollup, m.summary];
      cells.push(encodeRowKey({ periodId: period.id, measureKey: m.measureKey, unitId: WHOLE_MEASURE_UNIT, baseRevs: {} }));
      rows.push({ kind: 'data', cells, heightPt: 0, measureKey: m.measureKey });
      continue;
    }
    const units = m.units.length ? m.units : [null];
    for (const u of units) {
      const cells = [
        m.taskNo,
        m.taskTitle,
        m.measureText,
        u?.unitName ?? '',
        u?.status ?? '',
        u?.progress ?? '',
        u?.problems ?? '',
        u?.nextSteps ?? '',
        m.rollup,
        m.summary,
        // Read-only sheet: base revisions are not carried, so anything edited comes back as a conflict, never an overwrite.
        u ? encodeRowKey({ periodId: period.id, measureKey: m.measureKey, unitId: u.unitId, baseRevs: {} }) : '',
      ];
      rows.push({ kind: 'data', cells, heightPt: 0, measureKey: m.measureKey, unitId: u?.unitId });
    }
  }
  if (measures.length === 0) {
    rows.push(textRow('note', '（没有符合条件的举措）'));
    merges.push({ top: rows.length - 1, left: 0, bottom: rows.length - 1, right: lastVisible });
  } else {
    const taskOf = (r: LayoutRow) => r.cells[0];
    for (const m of runMerges(rows, firstDataRow, taskOf, [0, 1])) merges.push(m);
    if (mode === 'rows') {
      const measureOf = (r: LayoutRow) => r.measureKey ?? ''; // measure keys are unique in a plan
      const cols = ['measure', 'rollup', 'summary'].map((id) => columns.findIndex((c) => c.id === id));
      for (const m of runMerges(rows, firstDataRow, measureOf, cols)) merges.push(m);
    }
  }

  return withHeights({
    kind: 'consolidated',
    sheetName: mode === 'summary' ? '汇总进展' : '汇总表',
    columns,
    rows,
    merges,
    fonts: FONTS,
    print: printSettings(paper, headerRow),
    freeze: { rows: firstDataRow, columns: 0 },
    validations: [],
    protect: true,
    headerRow,
    firstDataRow,
  });
}
