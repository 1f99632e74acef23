import { describe, expect, it } from 'vitest';
import { describeMerge, emptyMergeReport, failedMergeReport, mergeVerdict } from './merge-report';

const ok = (counts: Partial<ReturnType<typeof emptyMergeReport>['counts']>) => {
  const r = emptyMergeReport('a.xlsx');
  return { ...r, ok: true, counts: { ...r.counts, ...counts } };
};

describe('the merge report in plain words', () => {
  it('已合并 only when something merged', () => {
    expect(mergeVerdict(ok({ merged: 1, unmatchedRows: 2 })).label).toBe('已合并');
    expect(mergeVerdict(ok({ conflicts: 1 })).label).toBe('有冲突待处理');
    expect(mergeVerdict(ok({ unchanged: 4 })).label).toBe('没有新内容');
    expect(mergeVerdict(ok({ unchanged: 4, ignoredCells: 1 })).label).toBe('没有新内容，有未导入项');
    expect(mergeVerdict(ok({ unmatchedRows: 3 })).label).toBe('未合并任何内容');
    expect(mergeVerdict(ok({})).label).toBe('文件中没有填写内容');
    expect(mergeVerdict(failedMergeReport('a.xlsx', 'NOT_A_WORKBOOK', '…')).label).toBe('未合并');
    expect(mergeVerdict(failedMergeReport('a.xlsx', 'UNIT_AMBIGUOUS_IN_FILE', '…', { candidates: [], seen: [] })).label).toBe('请选择填报单位');
  });

  it('says whose file, how that was known, and what happened', () => {
    const r = { ...ok({ merged: 3, unchanged: 1, unmatchedRows: 1 }), format: 'docx' as const, convertedFrom: 'doc' as const, unitName: '省交通运输厅', unitFrom: 'title' as const, unitEvidence: '标题行“省交通运输厅进展”' };
    expect(describeMerge(r)).toEqual([
      'Word 表格（由 .doc 转换） · 单位自制表格',
      '填报单位：省交通运输厅（依据标题行“省交通运输厅进展”）',
      '合并 3 项，无变化 1 项，1 行未能对应到举措（内容未丢失，见下表）。',
    ]);
  });
});
