import { describe, expect, it } from 'vitest';
import { addressChunks, batchOps, hiddenParts, MAX_ADDRESS } from './wps-batch';
import type { Area, SheetOp } from '../sheet/sheet-ops';

const col = (c: number, r: number, rows: number): Area => ({ r, c, rows, cols: 1 });

describe('addressChunks', () => {
  it('joins areas with commas, each address at most 255 characters, every area once and in order', () => {
    const areas = Array.from({ length: 500 }, (_, i) => col(i % 3, 10_000 + i * 3, 3));
    const chunks = addressChunks(areas);
    expect(chunks.length).toBeGreaterThan(20);
    expect(Math.max(...chunks.map((x) => x.length))).toBeLessThanOrEqual(MAX_ADDRESS);
    expect(chunks.join(',').split(',')).toHaveLength(500);
    expect(chunks[0].startsWith('A10001:A10003,B10004:B10006,C10007:C10009,')).toBe(true);
    expect(addressChunks([col(0, 4, 1), { r: 0, c: 0, rows: 1, cols: 9 }])).toEqual(['A5,A1:I1']);
    expect(addressChunks([])).toEqual([]);
  });
});

describe('hiddenParts', () => {
  it('is every cell of a merge but the top-left one', () => {
    expect(hiddenParts(col(0, 4, 3))).toEqual([col(0, 5, 2)]);
    expect(hiddenParts({ r: 0, c: 0, rows: 1, cols: 9 })).toEqual([{ r: 0, c: 1, rows: 1, cols: 8 }]);
    expect(hiddenParts({ r: 2, c: 1, rows: 2, cols: 2 })).toEqual([{ r: 2, c: 2, rows: 1, cols: 1 }, { r: 3, c: 1, rows: 1, cols: 2 }]);
  });
});

describe('batchOps', () => {
  const values = (rows: string[][]): SheetOp => ({ op: 'values', r: 0, c: 0, values: rows });
  const merge = (a: Area): SheetOp => ({ op: 'merge', area: a });
  const reset: SheetOp = { op: 'reset', area: { r: 0, c: 0, rows: 10, cols: 3 }, validation: true };

  it('writes no text into cells a merge later in the list hides, and merges them all in one step with nothing left to clear', () => {
    const steps = batchOps([reset, values([['任务一', 'a'], ['任务一', 'b'], ['任务一', 'c']]), merge(col(0, 0, 3)), merge(col(1, 1, 2))]);
    expect(steps).toEqual([reset, values([['任务一', 'a'], ['', 'b'], ['', '']]), { op: 'merges', areas: [col(0, 0, 3), col(1, 1, 2)], clear: [] }]);
  });

  it('clears first what it cannot know empty: no reset before, a reset that does not cover it, or a guarded write since', () => {
    expect(batchOps([merge(col(0, 0, 3))])).toEqual([{ op: 'merges', areas: [col(0, 0, 3)], clear: [col(0, 1, 2)] }]);
    expect(batchOps([reset, merge(col(0, 8, 4))])).toEqual([reset, { op: 'merges', areas: [col(0, 8, 4)], clear: [col(0, 9, 3)] }]);
    const guarded: SheetOp = { op: 'values', r: 1, c: 0, values: [['x']], expect: '' };
    expect(batchOps([reset, guarded, merge(col(0, 0, 3))])).toEqual([reset, guarded, { op: 'merges', areas: [col(0, 0, 3)], clear: [col(0, 1, 2)] }]);
  });

  it('keeps text that a reset between it and the merge would otherwise need', () => {
    const early = values([['a'], ['b']]);
    expect(batchOps([early, reset, merge(col(0, 0, 2))])[0]).toBe(early);
  });

  it('row heights: one step per height over every run of it; a run that overlaps an earlier one starts anew', () => {
    const h = (row: number, rows: number, points: number): SheetOp => ({ op: 'rowHeight', row, rows, points });
    expect(batchOps([h(0, 2, 20), h(2, 1, 31), h(3, 4, 20)])).toEqual([
      { op: 'rowHeights', areas: [col(0, 0, 2), col(0, 3, 4)], points: 20 },
      { op: 'rowHeights', areas: [col(0, 2, 1)], points: 31 },
    ]);
    expect(batchOps([h(0, 3, 20), h(1, 1, 31)])).toEqual([
      { op: 'rowHeights', areas: [col(0, 0, 3)], points: 20 },
      { op: 'rowHeights', areas: [col(0, 1, 1)], points: 31 },
    ]);
  });
});
