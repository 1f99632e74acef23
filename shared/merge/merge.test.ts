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

// Bounded merge (docs/rules.md "Bounds"): texts at the field limit made of thousands of short or
// repeated sentences merge (or give up as a conflict) in linear time × the edit bound. Before the
// bound, node-diff3's LCS over 10,000 sentences took minutes; the timeouts below are only a fence.
import { MAX_FIELD_LENGTH } from '../api/contract';
import { MAX_EDIT_SENTENCES, MERGE_BUDGET_UNITS, newMergeBudget } from './index';

describe('bounded merge at the field limit', () => {
  const n = MAX_FIELD_LENGTH / 2;
  const sentences = Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + i) + '。');
  const base = sentences.join('');
  const insertEvery = (k: number, at: number, word: string) => sentences.map((s, i) => (i % k === at ? s + word : s)).join('');

  it('10,000 repeated sentences edited at both ends: a conflict at once (the LCS took 35 s for 2,000)', () => {
    const same = '甲。'.repeat(n);
    expect(mergeText(same, '乙。' + same.slice(2), same.slice(0, -2) + '丙。')).toBeNull(); // ambiguous alignment → a person decides
  }, 10_000);

  it('merges 10,000 distinct sentences edited in ~100 places on each side', () => {
    const mine = insertEvery(101, 7, '甲。');
    const theirs = insertEvery(101, 60, '乙。');
    const both = sentences.map((s, i) => s + (i % 101 === 7 ? '甲。' : '') + (i % 101 === 60 ? '乙。' : '')).join('');
    expect(mergeText(base, mine, theirs)).toBe(both);
  }, 10_000);

  it('past the edit bound the texts are a conflict for a person, not more work', () => {
    const many = insertEvery(Math.floor(n / (MAX_EDIT_SENTENCES + 1)), 3, '甲。'); // one more edit than the bound
    expect(mergeText(base, many, base.replace('一。', '一改。'))).toBeNull();
    expect(mergeText('a。'.repeat(n), 'b。'.repeat(n), 'c。'.repeat(n))).toBeNull();
    expect(mergeText('\n'.repeat(MAX_FIELD_LENGTH), '\n'.repeat(MAX_FIELD_LENGTH - 150), '\n'.repeat(MAX_FIELD_LENGTH - 1) + 'x')).toBeNull();
  }, 10_000);

  it('a batch shares one budget: past it, stale text edits are conflicts', () => {
    const budget = newMergeBudget();
    const o = { field: 'progress' as const, baseRev: 1, baseValue: base, currentRev: 2, currentValue: insertEvery(101, 60, '乙。') };
    let merged = 0;
    let conflicts = 0;
    for (let i = 0; i < 20; i++) {
      const d = decideField({ ...o, newValue: insertEvery(101, 7, `甲${i}。`) }, budget);
      if (d.kind === 'merged') merged++;
      if (d.kind === 'conflict') conflicts++;
    }
    expect(merged).toBeGreaterThan(0);
    expect(conflicts).toBeGreaterThan(0);
    expect(merged + conflicts).toBe(20);
    expect(budget.units).toBeLessThan(MERGE_BUDGET_UNITS);
  }, 10_000);
});
