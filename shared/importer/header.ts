// Finds the table's header row (序号 / 主要任务 / 具体举措 / 责任单位, with the usual variants)
// among the first rows, and which column holds what.
import type { GridRow } from './grid';
import { compact } from './clean-text';

export interface Columns {
  no: number | null;
  task: number | null;
  measure: number;
  units: number;
}

/** How many leading rows may hold titles before the header. */
export const HEADER_SEARCH_ROWS = 12;

function label(row: GridRow, i: number): string {
  const c = row[i];
  if (!c || c.merged) return '';
  return compact(c.paras.join('')).replace(/[（(].*?[）)]/g, '').replace(/[：:。．.]/g, '');
}

function isNoLabel(s: string): boolean {
  return s === '序号' || s === '编号' || s === '序' || s === '序列';
}
function isTaskLabel(s: string): boolean {
  return s.length <= 8 && s.includes('任务');
}
function isMeasureLabel(s: string): boolean {
  return s.length <= 8 && (s.includes('举措') || s.includes('措施') || s === '工作内容' || s === '具体内容');
}
function isUnitsLabel(s: string): boolean {
  return s.length <= 10 && (s.includes('单位') || s.includes('部门'));
}

/** The columns if this row is a header row, else null. */
export function headerColumns(row: GridRow): Columns | null {
  let no: number | null = null;
  let task: number | null = null;
  let measure: number | null = null;
  let units: number | null = null;
  row.forEach((_, i) => {
    const s = label(row, i);
    if (!s) return;
    if (no === null && isNoLabel(s)) no = i;
    else if (task === null && isTaskLabel(s)) task = i;
    else if (measure === null && isMeasureLabel(s)) measure = i;
    else if (units === null && isUnitsLabel(s)) units = i;
  });
  if (measure === null || units === null) return null;
  if (no === null && task === null) return null;
  return { no, task, measure, units };
}

export function findHeader(rows: GridRow[]): { index: number; columns: Columns } | null {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const columns = headerColumns(rows[i]);
    if (columns) return { index: i, columns };
  }
  return null;
}
