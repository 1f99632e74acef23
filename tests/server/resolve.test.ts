// Resolving a conflict is a change with a base (docs/rules.md "Resolving a conflict"): the issue's
// repro — rev 2, a stale edit raises a conflict, the unit saves rev 3 "已完成", the office resolves
// with the old server value — must not replace "已完成". Retries answer as the first time; the
// change id reused for anything else is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, measuresOf, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let unit: string; // 省交通运输厅, person 张三
let colleague: string; // same unit, person 李四
let mk: string;
const U = '省交通运输厅';
let n = 0;
const cid = () => `res-${Date.now()}-${++n}`;

beforeAll(async () => {
  s = await startTestServer();
  unit = await s.issueUnitCode(U, { person: '张三' });
  colleague = await s.issueUnitCode(U, { person: '李四' });
  [mk] = await measuresOf(s, unit);
});
afterAll(() => s.close());

const send = (code: string, field: string, baseRev: number, value: string) =>
  api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [{ changeId: cid(), measureKey: mk, unitId: U, field, baseRev, value }] });
const resolve = (code: string, conflictId: string, body: object) => api(s.url, code, 'POST', `/api/conflicts/${conflictId}/resolve`, body);
const field = async (f: string) => (await s.field(mk, U, f as 'progress'));

/** A field at rev 2 and a conflict raised by a stale edit from rev 1. */
async function conflictOn(f: string, values: [string, string, string]) {
  expect((await send(unit, f, 0, values[0])).body.results[0].rev).toBe(1);
  expect((await send(unit, f, 1, values[1])).body.results[0].rev).toBe(2);
  const c = (await send(colleague, f, 1, values[2])).body.results[0];
  expect(c.outcome).toBe('conflict');
  return c.conflict as { id: string; serverRev: number; serverValue: string };
}

describe('resolving a conflict', () => {
  it("the issue's repro: a resolution decided against rev 2 does not overwrite the unit's rev 3", async () => {
    const c = await conflictOn('status', ['未启动', '推进中', '滞后']);
    expect(c.serverRev).toBe(2);
    expect((await send(unit, 'status', 2, '已完成')).body.results[0]).toMatchObject({ outcome: 'accepted', rev: 3 });
    const id = cid();
    const r = await resolve(s.coordinatorCode, c.id, { value: '推进中', changeId: id, baseRev: 2 });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'CONFLICT_MOVED', details: { field: { value: '已完成', rev: 3, updatedBy: '张三' } } });
    expect(r.body.error.message).toMatch(/已被他人修改/);
    expect(await field('status')).toMatchObject({ value: '已完成', rev: 3 }); // nothing written
    // the conflict stays open and now shows the newer value
    const open = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/conflicts?open=1`)).body.conflicts;
    expect(open.find((x: any) => x.id === c.id)).toMatchObject({ serverValue: '已完成', serverRev: 3, theirValue: '滞后', resolvedAt: null });
    // a retry of that very request answers exactly the same
    expect(await resolve(s.coordinatorCode, c.id, { value: '推进中', changeId: id, baseRev: 2 })).toEqual(r);
    // decided again against rev 3: resolved, a new revision
    const again = await resolve(s.coordinatorCode, c.id, { value: '滞后', changeId: cid(), baseRev: 3 });
    expect(again.status).toBe(200);
    expect(again.body.field).toMatchObject({ value: '滞后', rev: 4 });
    expect(again.body.conflict).toMatchObject({ resolvedBy: '协调办公室', resolution: '滞后' });
  });

  it('resolves when the field still holds the chosen value, even if its rev moved (no new revision)', async () => {
    const c = await conflictOn('contact', ['甲 1', '乙 2', '丙 3']);
    expect((await send(unit, 'contact', 2, '丁 4')).body.results[0].rev).toBe(3);
    const r = await resolve(s.coordinatorCode, c.id, { value: '丁 4', changeId: cid(), baseRev: 2 });
    expect(r.status).toBe(200);
    expect(r.body.field).toMatchObject({ value: '丁 4', rev: 3 });
    expect(r.body.conflict.resolvedAt).toBeTruthy();
  });

  it('a change id names one change: another payload, a field change, or another conflict is refused with 400', async () => {
    const c = await conflictOn('nextSteps', ['一。', '二。', '三。']);
    const id = cid();
    const first = await resolve(unit, c.id, { value: '二。三。', changeId: id, baseRev: 2 });
    expect(first.status).toBe(200);
    for (const body of [
      { value: '别的。', changeId: id, baseRev: 2 }, // other value
      { value: '二。三。', changeId: id, baseRev: 1 }, // other base
    ]) {
      const r = await resolve(unit, c.id, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('DUPLICATE_CHANGE_ID');
    }
    // the id of a field change cannot resolve a conflict (it used to answer 500)
    const synced = cid();
    await api(s.url, unit, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [{ changeId: synced, measureKey: mk, unitId: U, field: 'problems', baseRev: 0, value: '问题' }] });
    const c2 = await conflictOn('progress', ['甲。', '乙。', '丙。']);
    const reused = await resolve(s.coordinatorCode, c2.id, { value: '乙。', changeId: synced, baseRev: 2 });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('DUPLICATE_CHANGE_ID');
    // and a resolution's id cannot be replayed as a field change
    const asChange = await api(s.url, unit, 'POST', `/api/periods/${s.periodId}/changes`, {
      changes: [{ changeId: id, measureKey: mk, unitId: U, field: 'nextSteps', baseRev: 3, value: '二。三。' }],
    });
    expect(asChange.body.results[0]).toMatchObject({ outcome: 'rejected', reason: { code: 'DUPLICATE_CHANGE_ID' } });
    expect(await field('progress')).toMatchObject({ value: '乙。', rev: 2 });
    // the retry of the first resolution still answers as the first time
    expect(await resolve(unit, c.id, { value: '二。三。', changeId: id, baseRev: 2 })).toEqual(first);
  });

  it('baseRev is required', async () => {
    const r = await resolve(s.coordinatorCode, 'cf_any', { value: 'x', changeId: cid() });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_REQUEST');
  });
});
