import { describe, expect, it } from 'vitest';
import { classifyHeader, findHeaderRow } from './headers';

describe('classifyHeader', () => {
  it('knows the names and synonyms units type', () => {
    expect(classifyHeader('进展情况')).toBe('progress');
    expect(classifyHeader('工作进展')).toBe('progress');
    expect(classifyHeader('完成情况')).toBe('progress');
    expect(classifyHeader('落实情况')).toBe('progress');
    expect(classifyHeader('进展情况（截至6月底）')).toBe('progress');
    expect(classifyHeader('存在问题')).toBe('problems');
    expect(classifyHeader('困难问题')).toBe('problems');
    expect(classifyHeader('下一步工作')).toBe('nextSteps');
    expect(classifyHeader('下步打算')).toBe('nextSteps');
    expect(classifyHeader('完成状态')).toBe('status');
    expect(classifyHeader('完成进度')).toBe('status');
    expect(classifyHeader('序 号')).toBe('no');
    expect(classifyHeader('具 体 举 措')).toBe('measure');
    expect(classifyHeader('工作任务')).toBe('measure');
    expect(classifyHeader('责任单位')).toBe('units');
    expect(classifyHeader('填报单位')).toBe('reporter');
    expect(classifyHeader('汇总进展')).toBe('office');
    expect(classifyHeader('备注')).toBeNull();
    expect(classifyHeader('加快鲁南高铁曲阜至菏泽至兰考段等项目建设，持续推进进展情况')).toBeNull();
  });
});

describe('findHeaderRow', () => {
  it('finds the header below title rows and skips a merged group title above it', () => {
    const grid = [
      ['2026年上半年重点任务落实情况', '2026年上半年重点任务落实情况', ''],
      ['填报单位：枣庄市人民政府', '', ''],
      ['', '', '', '落实情况', '落实情况'],
      ['序号', '工作任务', '牵头单位', '工作进展', '困难问题', '下步打算'],
      ['1', '加快建设', '枣庄市', '已完成', '', ''],
    ];
    const h = findHeaderRow(grid)!;
    expect(h.row).toBe(3);
    expect(h.columns).toMatchObject({ no: 0, measure: 1, units: 2, progress: 3, problems: 4, nextSteps: 5 });
  });
  it('needs a field column and something to match rows by', () => {
    expect(findHeaderRow([['序号', '主要任务', '具体举措', '责任单位']])).toBeNull();
    expect(findHeaderRow([['进展情况', '存在问题']])).toBeNull();
  });
});
