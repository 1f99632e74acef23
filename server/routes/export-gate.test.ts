import { describe, expect, it } from 'vitest';
import { EXPORTS_AT_ONCE, Gate, MAX_WAITING_EXPORTS } from './export-gate';

describe('export gate', () => {
  it('runs one at a time, lets MAX_WAITING_EXPORTS wait in order, refuses one more with EXPORT_BUSY (503)', async () => {
    expect([EXPORTS_AT_ONCE, MAX_WAITING_EXPORTS]).toEqual([1, 4]);
    const gate = new Gate(1, 2);
    const order: string[] = [];
    await gate.enter();
    order.push('a');
    const b = gate.enter().then(() => order.push('b'));
    const c = gate.enter().then(() => order.push('c'));
    await expect(gate.enter()).rejects.toMatchObject({ code: 'EXPORT_BUSY', status: 503, message: expect.stringMatching(/其他导出/) });
    await Promise.resolve();
    expect(order).toEqual(['a']); // the waiting ones wait
    gate.leave();
    await b;
    expect(order).toEqual(['a', 'b']);
    gate.leave();
    await c;
    gate.leave();
    // all slots free again: the next goes at once
    await gate.enter();
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
