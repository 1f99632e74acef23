// A returned file's merge report in plain words, for every place that shows one (console inbox,
// task pane, CLI): the verdict ("已合并" only when something merged), where the unit came from, and
// one sentence of counts. The report itself is the contract's MergeFileReport.
import type { MergeFileReport, UnitQuestionDetails } from '../api/contract';
import { ROLE_LABELS } from './columns';
import { UNIT_FROM_LABELS } from './find-unit';

export function emptyMergeReport(file: string, late = false): MergeFileReport {
  return {
    file,
    ok: false,
    unitId: null,
    unitName: null,
    unitFrom: null,
    kind: null,
    late,
    sheets: [],
    counts: { merged: 0, unchanged: 0, conflicts: 0, unmatchedRows: 0, ignoredCells: 0, rejected: 0, formulaCells: 0 },
    merged: [],
    conflicts: [],
    unmatchedRows: [],
    ignoredCells: [],
    rejected: [],
    formulaCells: [],
    links: [],
    matches: [],
  };
}

/** A file the client could not get a report for (network, a refusal answered as an error). */
export function failedMergeReport(file: string, code: string, message: string, details?: UnitQuestionDetails): MergeFileReport {
  return { ...emptyMergeReport(file), error: { code, message, ...(details ? { details } : {}) } };
}

export const needsUnitChoice = (r: MergeFileReport) => r.error?.code === 'UNIT_UNKNOWN_IN_FILE' || r.error?.code === 'UNIT_AMBIGUOUS_IN_FILE';

export type VerdictTone = 'ok' | 'warn' | 'bad' | 'muted';

/** The one-word verdict: 已合并 only when at least one field was merged. */
export function mergeVerdict(r: MergeFileReport): { label: string; tone: VerdictTone } {
  if (!r.ok) return needsUnitChoice(r) ? { label: '请选择填报单位', tone: 'warn' } : { label: '未合并', tone: 'bad' };
  const c = r.counts;
  if (c.merged > 0) return { label: '已合并', tone: 'ok' };
  if (c.conflicts > 0) return { label: '有冲突待处理', tone: 'warn' };
  const notTaken = c.unmatchedRows + c.ignoredCells + c.rejected > 0;
  if (c.unchanged > 0) return notTaken ? { label: '没有新内容，有未导入项', tone: 'warn' } : { label: '没有新内容', tone: 'muted' };
  if (notTaken) return { label: '未合并任何内容', tone: 'warn' };
  return { label: '文件中没有填写内容', tone: 'muted' };
}

const FORMAT_LABELS: Record<string, string> = { xlsx: 'Excel 工作簿', docx: 'Word 表格' };

/** Plain sentences a person can act on: whose file, how that was known, what happened. */
export function describeMerge(r: MergeFileReport): string[] {
  if (!r.ok) return [r.error?.message ?? '文件未能合并。'];
  const out: string[] = [];
  const format = r.format ? `${FORMAT_LABELS[r.format]}${r.convertedFrom ? `（由 .${r.convertedFrom} 转换）` : ''}` : '';
  const kind = r.kind === 'template' ? '离线模板' : '单位自制表格';
  out.push(`${format ? `${format} · ` : ''}${kind}${r.late ? ' · 补报（本期已关闭）' : ''}`);
  if (r.unitName) out.push(`填报单位：${r.unitName}（${r.unitEvidence ? `依据${r.unitEvidence}` : UNIT_FROM_LABELS[r.unitFrom ?? 'request']}）`);
  const c = r.counts;
  const parts = [`合并 ${c.merged} 项`, `无变化 ${c.unchanged} 项`];
  if (c.conflicts) parts.push(`冲突 ${c.conflicts} 处（两份内容都已保留，请到冲突处理中选择）`);
  if (c.unmatchedRows) parts.push(`${c.unmatchedRows} 行未能对应到举措（内容未丢失，见下表）`);
  if (c.ignoredCells) parts.push(`${c.ignoredCells} 个单元格未导入（原因见下表）`);
  if (c.rejected) parts.push(`${c.rejected} 项被拒绝`);
  if (c.formulaCells) parts.push(`${c.formulaCells} 个公式单元格按计算结果作为文字读取`);
  if (r.links.length) parts.push(`${r.links.length} 个超链接的地址已附在文字后`);
  out.push(`${parts.join('，')}。`);
  return out;
}

/** "E 列“完成情况” → 完成状态：表头…" for each column of each read sheet. */
export function describeColumns(r: MergeFileReport): { sheet: string; column: string; header: string; meaning: string; reason: string }[] {
  return r.sheets.flatMap((s) =>
    (s.columns ?? []).map((c) => ({
      sheet: s.name,
      column: c.column,
      header: c.header,
      meaning: c.meaning === null ? '未导入' : c.meaning === 'key' ? '系统行键' : ROLE_LABELS[c.meaning],
      reason: c.reason,
    })),
  );
}
