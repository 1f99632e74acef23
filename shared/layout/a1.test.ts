import { describe, expect, it } from 'vitest';
import { areaA1, cellA1, colLetter } from './a1';

describe('A1 addresses', () => {
  it('names columns past Z and ZZ', () => {
    expect([0, 25, 26, 51, 701, 702].map(colLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });
  it('gives cells and areas', () => {
    expect(cellA1(0, 0)).toBe('A1');
    expect(areaA1({ top: 1, left: 1, bottom: 8, right: 3 })).toBe('B2:D9');
    expect(areaA1({ top: 4, left: 2, bottom: 4, right: 2 })).toBe('C5');
  });
});
