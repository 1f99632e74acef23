// The consolidated table as a sheet layout — the one builder behind the .xlsx, the .docx, the print
// view and the add-in's sheet. One row per (measure, unit), lead first, 序号/主要任务 merged across the
// task's rows and 具体举措 / 汇总状态 / 汇总进展 across the measure's rows (one cell holding seven
// units' text would outgrow Excel's 409-pt row); or, in 'summary' mode, one row per measure. Above
// the table: an optional 附件 mark, the title in 小标宋 and （截至…）; below it, the 说明. Paged
// (paginate.ts): continued tasks and measures carry their cells again on the next page.
import { parseDeadline } from '../model/deadline';
import type { ConsolidatedMeasure } from '../api/contract';
import { entryKey } from '../model/consolidate';
import { ROLLUP_RULE_TEXT } from '../model/rollup';
import type { Period } from '../model/progress';
import { newTextKey } from '../cycle/new-text';
import { compareText } from '../cycle/labels';
import { columnsFor, LATE_LABEL, UNREVIEWED_LABEL, type ConsolidatedColumn, type ConsolidatedMode } from './consolidated-columns';
import { encodeRowKey, encodeSheetKey } from './keys';
import type { LayoutColumn, LayoutRow, MarkedRun, Merge, PageNumbers, PaperSize, SheetLayout } from './model';
import { paginate } from './paginate';
import { column, fontsFor, planBaseTitle, printSettings } from './style';
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
  mode?: ConsolidatedMode;
  filter?: ConsolidatedFilter;
  /** The （截至…） date, YYYY-MM-DD (see asOfDate); none: no such line. */
  asOf?: string;
  /** 附件 mark at the top left, e.g. "附件" or "附件2"; none: no mark. */
  attachment?: string;
  pageNumbers?: PageNumbers;
  /** Entries changed after closing (entryKey), shown labelled 补报; set only when they were asked for. */
  late?: ReadonlySet<string>;
  /** 办结 entries (entryKey): their status is printed with （已办结）. */
  closed?: ReadonlySet<string>;
  /**
   * 本期 vs 上期 (对比上期): the previous period's name and each entry field's pieces (newTextKey),
   * the new sentences printed underlined. None: no comparison.
   */
  compare?: { previousName: string | null; pieces: ReadonlyMap<string, MarkedRun[]> };
  /** Limited to reviewed submissions (shared/cycle/reviewed-only.ts): the rows of units not approved (entryKey). */
  unreviewed?: ReadonlySet<string>;
  /** false: no computed page breaks (default true). */
  paged?: boolean;
  /**
   * Protect the sheet (default true: the add-in's live sheet, laid out again on each refresh, where
   * typing would be lost). The office's downloaded .xlsx is not protected: its own file to annotate.
   */
  protect?: boolean;
}

/** Where a row of the summary mode stands for the measure as a whole (no single unit). */
export const WHOLE_MEASURE_UNIT = '*';

export const EMPTY_TABLE_TEXT = '（没有符合条件的举措）';

export function consolidatedColumns(specs: ConsolidatedColumn[], paper: PaperSize, sheetKeyHeader: string): LayoutColumn[] {
  return [
    ...specs.map((c) =>
      column({ id: c.id, header: c.label, kind: c.kind, field: c.field, width: c.widths[paper], align: c.align }),
    ),
    column({ id: 'key', header: sheetKeyHeader, kind: 'key', width: 12, hidden: true, wrap: false }),
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

/** "2026-12-31" → "（截至2026年12月31日）". */
export function asOfText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `（截至${y}年${m}月${d}日）`;
}

/**
 * The date the table stands at: the period's deadline once it has passed or the period is closed,
 * else today (the office's date, YYYY-MM-DD).
 */
export function asOfDate(period: Period, today: string): string {
  const deadline = parseDeadline(period.deadline)?.date ?? null; // the office's date, also of an old instant
  if (!deadline) return period.closedAt && period.state === 'closed' ? period.closedAt.slice(0, 10) : today;
  return period.state === 'closed' || today >= deadline ? deadline : today;
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
  return parts.join('　　');
}

/** The text columns' new sentences, when the pieces still spell the cell (a closed period's snapshot may differ: then unmarked). */
function newTextRuns(specs: ConsolidatedColumn[], cells: string[], pieces: ReadonlyMap<string, MarkedRun[]>, measureKey: string, unitId: string): Record<number, MarkedRun[]> | undefined {
  const runs: Record<number, MarkedRun[]> = {};
  let any = false;
  specs.forEach((c, i) => {
    if (!c.field) return;
    const p = pieces.get(newTextKey(measureKey, unitId, c.field));
    if (!p || !p.some((x) => x.isNew) || p.map((x) => x.text).join('') !== cells[i]) return;
    runs[i] = p;
    any = true;
  });
  return any ? runs : undefined;
}

export function buildConsolidatedSheet(input: ConsolidatedSheetInput): SheetLayout {
  const paper = input.paper ?? 'A3';
  const mode = input.mode ?? 'rows';
  const { period } = input;
  const measures = filterMeasures(input.measures, input.filter);
  const specs = columnsFor(mode, measures);
  // Always the several-units key (u:*), even filtered to one unit: a read-only export is never taken for that unit's template.
  const columns = consolidatedColumns(specs, paper, encodeSheetKey({ periodId: period.id, unitId: null }));
  const n = columns.length;
  const lastVisible = n - 2;
  const merges: Merge[] = [];
  const rows: LayoutRow[] = [];
  const textRow = (kind: LayoutRow['kind'], text: string) => {
    const cells = new Array<string>(n).fill('');
    cells[0] = text;
    merges.push({ top: rows.length, left: 0, bottom: rows.length, right: lastVisible });
    rows.push({ kind, cells, heightPt: 0 });
  };

  if (input.attachment) textRow('attachment', input.attachment);
  textRow('title', `${planBaseTitle(input.planTitle)}落实情况汇总表`);
  if (input.asOf) textRow('subtitle', asOfText(input.asOf));
  const filters = filterText(input);
  if (filters) textRow('subtitle', filters);
  if (input.unreviewed) textRow('subtitle', `仅含审核通过的报送；未通过审核的单位标注“${UNREVIEWED_LABEL.replace(/[（）]/g, '')}”，不列其填报内容`);
  if (input.compare) textRow('subtitle', compareText(input.compare.previousName));
  if (input.late?.size) textRow('subtitle', `本表含期次关闭后补报的内容，已标注“${LATE_LABEL.replace(/[（）]/g, '')}”`);
  const headerRow = rows.length;
  rows.push({ kind: 'header', cells: columns.map((c) => c.header), heightPt: 0 });
  const firstDataRow = headerRow + 1;

  for (const m of measures) {
    if (mode === 'summary') {
      const cells = specs.map((c) => c.value(m, null, { late: false }));
      cells.push(encodeRowKey({ periodId: period.id, measureKey: m.measureKey, unitId: WHOLE_MEASURE_UNIT, baseRevs: {} }));
      rows.push({ kind: 'data', cells, heightPt: 0, measureKey: m.measureKey });
      continue;
    }
    for (const u of m.units.length ? m.units : [null]) {
      const key = u ? entryKey(m.measureKey, u.unitId) : '';
      const marks = { late: !!u && !!input.late?.has(key), closed: !!u && !!input.closed?.has(key), unreviewed: !!u && !!input.unreviewed?.has(key) };
      const cells = specs.map((c) => c.value(m, u, marks));
      const runs = u && input.compare ? newTextRuns(specs, cells, input.compare.pieces, m.measureKey, u.unitId) : undefined;
      // Read-only sheet: base revisions are not carried, so anything edited comes back as a conflict, never an overwrite.
      cells.push(u ? encodeRowKey({ periodId: period.id, measureKey: m.measureKey, unitId: u.unitId, baseRevs: {} }) : '');
      rows.push({ kind: 'data', cells, heightPt: 0, measureKey: m.measureKey, unitId: u?.unitId, ...(runs ? { runs } : {}) });
    }
  }
  if (measures.length === 0) textRow('note', EMPTY_TABLE_TEXT);
  else {
    const spanned = (by: 'task' | 'measure') => specs.flatMap((c, i) => (c.spanBy === by ? [i] : []));
    for (const g of runMerges(rows, firstDataRow, (r) => r.cells[0], spanned('task'))) merges.push(g);
    // measure keys are unique in a plan
    for (const g of runMerges(rows, firstDataRow, (r) => r.measureKey ?? '', spanned('measure'))) merges.push(g);
  }
  textRow('footnote', `说明：${mode === 'summary' ? '汇总状态为各责任单位填报状态的汇总。' : ''}${ROLLUP_RULE_TEXT}`);

  const fonts = fontsFor(paper);
  const paged = input.paged ?? true;
  const layout: SheetLayout = {
    kind: 'consolidated',
    sheetName: mode === 'summary' ? '汇总进展' : '汇总表',
    columns,
    rows,
    merges,
    fonts,
    print: printSettings(paper, headerRow, fonts, { pageNumbers: input.pageNumbers, paged }),
    freeze: { rows: firstDataRow, columns: 0 },
    validations: [],
    protect: input.protect ?? true,
    headerRow,
    firstDataRow,
    pageBreaks: [],
  };
  return paged ? paginate(layout, (r) => layout.rows[r].measureKey ?? '') : withHeights(layout);
}
