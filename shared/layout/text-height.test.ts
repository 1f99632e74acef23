import { describe, expect, it } from 'vitest';
import { capHeight, cellHeightPt, charEm, estimateRowHeights, MAX_ROW_HEIGHT_PT, textLines } from './text-height';
import type { FontSpec } from './model';

const body: FontSpec = { family: ['仿宋'], sizePt: 11 };

describe('text height (CJK-aware)', () => {
  it('counts a CJK glyph as a full em and Latin as about half', () => {
    expect(charEm('推')).toBe(1);
    expect(charEm('，')).toBe(1);
    expect(charEm('a')).toBeLessThan(0.8);
    expect(charEm('5')).toBeLessThan(0.8);
  });

  it('wraps 40 CJK characters into about two lines in a 40-unit column at 11 pt', () => {
    // 40 units ≈ 280 px ≈ 18 glyphs of 11 pt 仿宋 (15 px each) per line
    expect(textLines('推'.repeat(18), 40, 11)).toBe(1);
    expect(textLines('推'.repeat(40), 40, 11)).toBe(3);
    expect(textLines('a'.repeat(40), 40, 11)).toBe(2); // the same count of Latin letters takes half the room
  });

  it('counts explicit line breaks as lines', () => {
    expect(textLines('一\n二\r\n三', 40, 11)).toBe(3);
    expect(textLines('', 40, 11)).toBe(1);
  });

  it('caps at 409 pt', () => {
    expect(cellHeightPt('推'.repeat(5000), 20, 11)).toBeGreaterThan(MAX_ROW_HEIGHT_PT);
    expect(capHeight(cellHeightPt('推'.repeat(5000), 20, 11))).toBe(MAX_ROW_HEIGHT_PT);
  });

  it('takes the tallest cell of a row and spreads a merged cell over its rows', () => {
    const columns = [
      { width: 10, hidden: false, wrap: true },
      { width: 10, hidden: false, wrap: true },
      { width: 10, hidden: true, wrap: false },
    ];
    const long = '推'.repeat(60); // ~ 15 lines in a 10-unit column
    const rows = [
      { kind: 'data' as const, cells: [long, '短', '隐藏列的长文本'.repeat(100)] },
      { kind: 'data' as const, cells: ['', '短', ''] },
      { kind: 'data' as const, cells: ['', '推'.repeat(12), ''] },
    ];
    const single = estimateRowHeights({ columns, rows, merges: [], fontFor: () => body });
    expect(single[0]).toBeCloseTo(cellHeightPt(long, 10, 11), 0);
    expect(single[2]).toBeGreaterThan(single[1]);
    const merged = estimateRowHeights({ columns, rows, merges: [{ top: 0, left: 0, bottom: 2, right: 0 }], fontFor: () => body });
    const total = merged.reduce((s, h) => s + h, 0);
    expect(total).toBeGreaterThanOrEqual(cellHeightPt(long, 10, 11) - 1);
    expect(merged[0]).toBeLessThan(single[0]); // spread, not all on the first row
    expect(merged[2]).toBeGreaterThanOrEqual(single[2]);
  });
});
