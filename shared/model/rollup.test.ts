import { describe, expect, it } from 'vitest';
import { rollupStatus } from './rollup';

describe('rollupStatus', () => {
  it('is 未填报 when no unit has a status', () => expect(rollupStatus(['', undefined])).toBe('未填报'));
  it('is 滞后 when any unit lags', () => expect(rollupStatus(['已完成', '滞后', ''])).toBe('滞后'));
  it('is 已完成 only when every unit is done', () => {
    expect(rollupStatus(['已完成', '已完成'])).toBe('已完成');
    expect(rollupStatus(['已完成', ''])).toBe('推进中');
  });
  it('is 未启动 when every given status is 未启动', () => expect(rollupStatus(['未启动', ''])).toBe('未启动'));
  it('is 推进中 otherwise', () => expect(rollupStatus(['未启动', '已完成'])).toBe('推进中'));
});
