import { describe, expect, it } from 'vitest';
import { decodeRowKey, decodeSheetKey, encodeRowKey, encodeSheetKey, isKeyHeader } from './keys';

describe('sheet key scheme', () => {
  it('round-trips a row key with odd characters', () => {
    const k = { periodId: 'p-1', measureKey: 'm|x:1', unitId: '省委党校（山东行政学院）', baseRevs: { status: 3, progress: 7 } };
    const text = encodeRowKey(k);
    expect(text.startsWith('FG1|')).toBe(true);
    expect(decodeRowKey(text)).toEqual({ ...k, baseRevs: { status: 3, progress: 7, problems: 0, nextSteps: 0, contact: 0 } });
  });
  it('round-trips sheet keys, including the several-units form', () => {
    expect(decodeSheetKey(encodeSheetKey({ periodId: 'p1', unitId: '省交通运输厅' }))).toEqual({ periodId: 'p1', unitId: '省交通运输厅' });
    expect(decodeSheetKey(encodeSheetKey({ periodId: 'p1', unitId: null }))).toEqual({ periodId: 'p1', unitId: null });
    expect(isKeyHeader(encodeSheetKey({ periodId: 'p1', unitId: null }))).toBe(true);
  });
  it('rejects damaged keys instead of guessing', () => {
    expect(decodeRowKey('FG1|p:p1|m:|u:x|r:1')).toBeNull();
    expect(decodeRowKey('FG1|p:p1|m:a|u:x|r:1,-2')).toBeNull();
    expect(decodeRowKey('hello')).toBeNull();
    expect(decodeRowKey(42)).toBeNull();
    expect(decodeSheetKey('序号')).toBeNull();
  });
});
