import { describe, expect, it } from 'vitest';
import { neutraliseCellText, restoreCellText } from './cell-text';

describe('formula-text neutralising', () => {
  it('prefixes text starting with = + - @ tab CR, and only that', () => {
    for (const t of ['=SUM(A1)', '+1', '-无', '@x', '\tx', '\rx']) {
      expect(neutraliseCellText(t)).toBe(`\u3000${t}`);
      expect(restoreCellText(neutraliseCellText(t))).toBe(t);
    }
    for (const t of ['推进中', ' =x', '1-2', '', '\u3000缩进']) {
      expect(neutraliseCellText(t)).toBe(t);
      expect(restoreCellText(t)).toBe(t);
    }
  });
});
