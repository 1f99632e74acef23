import { describe, expect, it } from 'vitest';
import { matchRows, normalizeNo } from './match-rows';
import { textSimilarity } from './similarity';

const cands = [
  { measureKey: 'a', measureNo: '1.1', taskNo: '1', measureText: '加快鲁南高铁曲阜至菏泽至兰考段、京雄商高铁山东段等项目建设。' },
  { measureKey: 'b', measureNo: '1.2', taskNo: '1', measureText: '建设临淄至沂南延至鲁苏界高速、济南至微山高速等高速公路项目。' },
  { measureKey: 'c', measureNo: '7.1', taskNo: '7', measureText: '推动鲁南地区港口与内河航运协同发展，完善集疏运体系。' },
];

describe('matchRows', () => {
  it('normalises 序号', () => {
    expect(normalizeNo(' 1．2 ')).toBe('1.2');
    expect(normalizeNo('１-２')).toBe('1.2');
    expect(normalizeNo('（3）')).toBe('3');
    expect(normalizeNo('一')).toBe('');
  });
  it('matches by 序号 + text, by text after sorting, and by task + text', () => {
    const m = matchRows(
      [
        { row: 5, no: '7.1', measureText: '推动鲁南地区港口与内河航运协同发展，完善集疏运体系。' },
        { row: 6, no: '', measureText: '建设临淄至沂南延至鲁苏界高速、济南至微山高速等高速公路项目' },
        { row: 7, no: '1', measureText: '加快鲁南高铁曲阜至菏泽至兰考段、京雄商高铁山东段等项目建设' },
      ],
      cands,
    );
    expect(m.map((x) => x.measureKey)).toEqual(['c', 'b', 'a']);
    expect(m[0].method).toBe('no+text');
    expect(m[0].confidence).toBe(1);
    expect(m[2].method).toBe('task+text');
    expect(m.every((x) => x.confidence >= 0.6)).toBe(true);
  });
  it('leaves unknown or ambiguous rows unmatched with a reason, and never gives one measure two rows', () => {
    const m = matchRows(
      [
        { row: 1, no: '', measureText: '完全无关的一段文字内容，比如会议安排' },
        { row: 2, no: '1.1', measureText: '' },
        { row: 3, no: '1.1', measureText: '加快鲁南高铁曲阜至菏泽至兰考段、京雄商高铁山东段等项目建设。' },
      ],
      cands,
    );
    expect(m[0].measureKey).toBeNull();
    expect(m[0].reason).toMatch(/不相符/);
    expect(m[2].measureKey).toBe('a');
    expect(m[1].measureKey).toBeNull();
    expect(m[1].reason).toMatch(/同一条举措/);
  });
  it('similarity ignores punctuation and spaces', () => {
    expect(textSimilarity('先行 先试，推进。', '先行先试推进')).toBe(1);
    expect(textSimilarity('甲乙丙丁', '戊己庚辛')).toBe(0);
  });
});
