import { describe, expect, it } from 'vitest';
import { decideField, mergeText, splitSentences } from './index';

describe('splitSentences', () => {
  it('splits after 。；！？ and at line breaks, keeping every character', () => {
    const text = '一、已开工。完成投资10亿元；进度正常！是否提前？\n二、下步推进';
    const parts = splitSentences(text);
    expect(parts).toEqual(['一、已开工。', '完成投资10亿元；', '进度正常！', '是否提前？', '\n', '二、下步推进']);
    expect(parts.join('')).toBe(text);
  });
  it('never splits inside a sentence (no character-level pieces)', () => {
    expect(splitSentences('无标点的一句话')).toEqual(['无标点的一句话']);
    expect(splitSentences('')).toEqual([]);
  });
});

describe('mergeText', () => {
  const base = '第一句。第二句。第三句。';
  it('merges edits to different sentences', () => {
    expect(mergeText(base, '第一句改。第二句。第三句。', '第一句。第二句。第三句改。')).toBe('第一句改。第二句。第三句改。');
  });
  it('refuses edits to the same sentence', () => {
    expect(mergeText(base, '第一句甲。第二句。第三句。', '第一句乙。第二句。第三句。')).toBeNull();
  });
  it('refuses two different insertions at the same place', () => {
    expect(mergeText(base, base + '甲补充。', base + '乙补充。')).toBeNull();
  });
  it('takes the side that changed when the other did not', () => {
    expect(mergeText(base, base, '新。')).toBe('新。');
    expect(mergeText(base, '新。', base)).toBe('新。');
  });
});

describe('decideField', () => {
  const common = { field: 'progress' as const, baseValue: 'A。B。', currentValue: 'A。B。', currentRev: 3 };
  it('accepts when the base is current', () => {
    expect(decideField({ ...common, baseRev: 3, newValue: 'X' })).toEqual({ kind: 'accept', value: 'X' });
  });
  it('is unchanged when the value equals the current one, whatever the base', () => {
    expect(decideField({ ...common, baseRev: 1, newValue: 'A。B。' })).toEqual({ kind: 'unchanged' });
  });
  it('conflicts on a stale base for a short field', () => {
    expect(decideField({ field: 'status', baseRev: 1, baseValue: '未启动', currentRev: 2, currentValue: '推进中', newValue: '已完成' })).toEqual({ kind: 'conflict' });
  });
  it('merges a stale long text when sentences differ, conflicts when they overlap', () => {
    const o = { field: 'progress' as const, baseRev: 1, baseValue: 'A。B。', currentRev: 2, currentValue: 'A1。B。' };
    expect(decideField({ ...o, newValue: 'A。B1。' })).toEqual({ kind: 'merged', value: 'A1。B1。' });
    expect(decideField({ ...o, newValue: 'A2。B。' })).toEqual({ kind: 'conflict' });
  });
  it('conflicts when the base revision is unknown or ahead of the server', () => {
    expect(decideField({ ...common, baseRev: 9, newValue: 'X' })).toEqual({ kind: 'conflict' });
    expect(decideField({ ...common, baseRev: 1, baseValue: null, newValue: 'X' })).toEqual({ kind: 'conflict' });
  });
});

import fc from 'fast-check';

describe('mergeText property', () => {
  it('edits to disjoint sentence sets always merge to both edits applied', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('甲', '乙', '丙', '丁', '戊'), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom(0, 1, 2), { minLength: 8, maxLength: 8 }),
        (words, who) => {
          const base = words.map((w, i) => `${w}${i}。`);
          const mine = base.map((s, i) => (who[i] === 1 ? s.replace('。', '改A。') : s));
          const theirs = base.map((s, i) => (who[i] === 2 ? s.replace('。', '改B。') : s));
          const both = base.map((s, i) => (who[i] === 1 ? mine[i] : who[i] === 2 ? theirs[i] : s));
          expect(mergeText(base.join(''), mine.join(''), theirs.join(''))).toBe(both.join(''));
        },
      ),
    );
  });
});
