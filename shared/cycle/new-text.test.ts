import { describe, expect, it } from 'vitest';
import { hasNewText, markNewText } from './new-text';

const marked = (prev: string, cur: string) => markNewText(prev, cur).map((p) => (p.isNew ? `[${p.text}]` : p.text)).join('');

describe('本期 vs 上期: new sentences marked', () => {
  it('marks exactly the sentences that were not there last period', () => {
    const prev = '已召开专题会议。明确任务分工；制定实施方案。';
    const cur = '已召开专题会议。明确任务分工；完成3个项目签约。制定实施方案。新增投资5亿元！';
    expect(marked(prev, cur)).toBe('已召开专题会议。明确任务分工；[完成3个项目签约。]制定实施方案。[新增投资5亿元！]');
    const pieces = markNewText(prev, cur);
    expect(pieces.map((p) => p.text).join('')).toBe(cur); // the text is given back exactly
  });

  it('a changed sentence is new; spacing changes are not; a repeated sentence counts as often as it was there', () => {
    expect(marked('计划完成80%。', '计划完成90%。')).toBe('[计划完成90%。]');
    expect(marked('已 完成 验收。', '已完成验收。')).toBe('已完成验收。');
    expect(marked('推进中。', '推进中。推进中。')).toBe('推进中。[推进中。]');
  });

  it('line breaks stay with their text; nothing new when unchanged or emptied; all new when last period was empty', () => {
    expect(marked('一、已开工。\n二、已验收。', '一、已开工。\n二、已验收。\n三、已投产。')).toBe('一、已开工。\n二、已验收。\n[三、已投产。]');
    expect(hasNewText(markNewText('a。', 'a。'))).toBe(false);
    expect(markNewText('a。', '')).toEqual([]);
    expect(marked('', '首次填报。')).toBe('[首次填报。]');
  });
});
