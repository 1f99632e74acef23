// Finding the header row of a returned or hand-made table by column names and their synonyms.
// Units re-type headers (工作进展 for 进展情况, 下步打算 for 下步计划 …), add title rows above them and
// merge cells, so the header row is searched for near the top and each cell classified by name.
// A name is only a first guess at a column's meaning: columns.ts weighs it with the column's cells.
import type { Field } from '../model/progress';

export type ColumnRole = 'no' | 'task' | 'measure' | 'units' | 'reporter' | 'office' | Field;

/** Names people give each column, most specific first. Compared after normalizeHeader. */
export const HEADER_SYNONYMS: Record<ColumnRole, string[]> = {
  no: ['序号', '编号', '序'],
  task: ['主要任务', '重点任务', '任务'],
  measure: ['具体举措', '具体措施', '主要举措', '举措', '措施', '工作任务', '工作内容', '任务内容'],
  units: ['责任单位', '牵头单位', '责任部门', '承办单位', '落实单位'],
  reporter: ['填报单位', '报送单位'],
  office: ['汇总进展', '汇总状态', '汇总意见', '备注说明'],
  status: ['完成状态', '状态', '完成进度', '进度状态', '推进状态', '完成情况状态', '进度', '是否完成', '是否已完成', '推进进度'],
  progress: [
    '进展情况',
    '工作进展',
    '落实情况',
    '推进情况',
    '进展',
    '工作进展情况',
    '完成情况',
    '进展及成效',
    '工作开展情况',
    '贯彻落实情况',
  ],
  problems: ['存在问题', '困难问题', '存在的问题', '问题', '存在困难', '困难和问题', '存在的困难和问题', '问题及困难'],
  nextSteps: ['下步计划', '下一步工作', '下步打算', '下一步计划', '下步工作', '下一步打算', '下步工作计划', '下一步工作计划'],
  contact: ['联系人/电话', '联系人', '联系电话', '联系人及电话', '联系方式'],
};

/** Roles that are progress fields (the point of a returned table). */
export const FIELD_ROLES: readonly ColumnRole[] = ['status', 'progress', 'problems', 'nextSteps', 'contact'];

/** Strip spaces (具 体 举 措), line breaks, brackets and punctuation people add to headers. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^）)]*[）)]/g, '') // 进展情况（截至6月底）
    .replace(/[*＊:：、,，.。;；"“”'‘’\[\]【】]/g, '')
    .replace(/／/g, '/');
}

const EXACT = new Map<string, ColumnRole>();
for (const [role, names] of Object.entries(HEADER_SYNONYMS) as [ColumnRole, string[]][]) {
  for (const n of names) if (!EXACT.has(normalizeHeader(n))) EXACT.set(normalizeHeader(n), role);
}

/** The role of one header cell, or null. Exact synonym first, then a contained synonym (longest wins). */
const classified = new Map<string, ColumnRole | null>();

export function classifyHeader(text: string): ColumnRole | null {
  if (text.length > 60) return null; // long text is data, not a header
  let r = classified.get(text);
  if (r === undefined) {
    r = classifyUncached(text);
    if (classified.size > 10_000) classified.clear();
    classified.set(text, r);
  }
  return r;
}

function classifyUncached(text: string): ColumnRole | null {
  const h = normalizeHeader(text);
  if (!h || h.length > 20) return null; // long text is data, not a header
  const exact = EXACT.get(h);
  if (exact) return exact;
  let best: { role: ColumnRole; len: number } | null = null;
  for (const [name, role] of EXACT) {
    if (name.length < 2) continue; // '序' alone must not match inside words
    if (h.includes(name) && (!best || name.length > best.len)) best = { role, len: name.length };
  }
  return best?.role ?? null;
}

export interface HeaderMatch {
  row: number; // 0-based row index in the grid
  /** role → 0-based column index (the first column of a cell merged across). */
  columns: Partial<Record<ColumnRole, number>>;
  /** Header texts of columns that matched no role (reported if they hold data). */
  unknown: { col: number; text: string }[];
}

/**
 * The header row among the first `scanRows` rows: the row naming the most roles, with at least one
 * progress field and something to match rows by (序号 or 具体举措). A two-row header (a merged group
 * title above the names) is handled because each row is scored on its own and the names win.
 */
/** Classify one row's cells as header names. */
export function readHeaderRow(row: readonly string[]): Omit<HeaderMatch, 'row'> {
  const columns: Partial<Record<ColumnRole, number>> = {};
  const unknown: { col: number; text: string }[] = [];
  let prev = '';
  for (let c = 0; c < row.length; c++) {
    const text = (row[c] ?? '').trim();
    if (!text) {
      prev = '';
      continue;
    }
    if (text === prev) continue; // the same text repeated across a horizontal merge
    prev = text;
    const role = classifyHeader(text);
    if (role && columns[role] === undefined) columns[role] = c;
    else if (!role) unknown.push({ col: c, text });
  }
  return { columns, unknown };
}

/** Does this row name a progress field and something to match rows by (序号 or 具体举措)? */
export function isHeaderLike(columns: Partial<Record<ColumnRole, number>>): boolean {
  const roles = Object.keys(columns) as ColumnRole[];
  const hasField = roles.some((x) => FIELD_ROLES.includes(x));
  return hasField && (columns.no !== undefined || columns.measure !== undefined);
}

/**
 * The header row among the first `scanRows` rows: the row naming the most roles, with at least one
 * progress field and something to match rows by (序号 or 具体举措). A two-row header (a merged group
 * title above the names) is handled because each row is scored on its own and the names win.
 */
export function findHeaderRow(grid: readonly (readonly string[])[], scanRows = 30): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  let bestScore = 0;
  const limit = Math.min(grid.length, scanRows);
  for (let r = 0; r < limit; r++) {
    const m = readHeaderRow(grid[r] ?? []);
    if (!isHeaderLike(m.columns)) continue;
    const score = Object.keys(m.columns).length;
    if (score > bestScore) {
      best = { row: r, ...m };
      bestScore = score;
    }
  }
  return best;
}
