// Merge semantics through the real HTTP API over a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let code: string; // 省交通运输厅
let code2: string; // a second person of the same unit (another copy of the workbook)
let mk: string;
const U = '省交通运输厅';
let n = 0;
const cid = () => `t-${Date.now()}-${++n}`;

async function send(c: string, changes: object[], extra: object = {}) {
  return api(s.url, c, 'POST', `/api/periods/${s.periodId}/changes`, { changes, ...extra });
}
const ch = (field: string, baseRev: number, value: string, o: object = {}) => ({ changeId: cid(), measureKey: mk, unitId: U, field, baseRev, value, ...o });

beforeAll(async () => {
  s = await startTestServer();
  code = await s.issueUnitCode(U, { person: '张三' });
  code2 = await s.issueUnitCode(U, { person: '李四' });
  const a = await api(s.url, code, 'GET', `/api/periods/${s.periodId}/assignments`);
  mk = a.body.assignments[0].measureKey;
});
afterAll(() => s.close());

describe('merge cases', () => {
  it('accepts disjoint fields from two clients that started from the same revisions', async () => {
    const r1 = await send(code, [ch('status', 0, '推进中')]);
    const r2 = await send(code2, [ch('contact', 0, '张三 0531-1234567')]);
    expect(r1.body.results[0]).toMatchObject({ outcome: 'accepted', rev: 1, value: '推进中' });
    expect(r2.body.results[0]).toMatchObject({ outcome: 'accepted', rev: 1 });
    const e = await api(s.url, code, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    const entry = e.body.entries.find((x: any) => x.measureKey === mk && x.unitId === U);
    expect(entry.fields.status).toMatchObject({ value: '推进中', rev: 1, updatedBy: '张三' });
    expect(entry.fields.contact).toMatchObject({ value: '张三 0531-1234567', rev: 1, updatedBy: '李四' });
  });

  it('same field, different values from the same base → conflict that keeps both', async () => {
    const r1 = await send(code, [ch('nextSteps', 0, '加快施工')]);
    expect(r1.body.results[0].outcome).toBe('accepted');
    const r2 = await send(code2, [ch('nextSteps', 0, '完成验收')]);
    const res = r2.body.results[0];
    expect(res.outcome).toBe('conflict');
    expect(res.conflict).toMatchObject({ serverValue: '加快施工', serverRev: 1, mine: '完成验收', baseValue: '' });
    expect(res.value).toBe('加快施工'); // the server value is untouched
    const list = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/conflicts`);
    const c = list.body.conflicts.find((x: any) => x.id === res.conflict.id);
    expect(c).toMatchObject({ serverValue: '加快施工', theirValue: '完成验收', field: 'nextSteps', unitId: U, resolvedAt: null });
    expect(c.measureNo).toMatch(/^\d+\.\d+$/);
  });

  it('same value → unchanged, no new revision, no history', async () => {
    const before = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history`);
    const r = await send(code2, [ch('status', 0, '推进中')]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'unchanged', rev: 1, value: '推进中' });
    const after = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history`);
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('stale base on a short field → conflict, never last-writer-wins', async () => {
    await send(code, [ch('status', 1, '滞后')]); // rev 2
    const r = await send(code2, [ch('status', 1, '已完成')]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'conflict', rev: 2, value: '滞后' });
    expect(r.body.results[0].conflict).toMatchObject({ serverValue: '滞后', mine: '已完成', baseValue: '推进中' });
  });

  it('long text: edits in different sentences auto-merge (flagged), overlapping edits conflict', async () => {
    const base = '一、项目已开工。二、完成投资5亿元。三、征地完成八成。';
    const r0 = await send(code, [ch('progress', 0, base)]);
    const rev = r0.body.results[0].rev;
    const r1 = await send(code, [ch('progress', rev, base.replace('5亿元', '6亿元'))]);
    expect(r1.body.results[0].outcome).toBe('accepted');
    const r2 = await send(code2, [ch('progress', rev, base.replace('八成', '九成'))]);
    expect(r2.body.results[0]).toMatchObject({ outcome: 'merged', value: '一、项目已开工。二、完成投资6亿元。三、征地完成九成。' });
    const e = await api(s.url, code, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    const f = e.body.entries.find((x: any) => x.measureKey === mk && x.unitId === U).fields.progress;
    expect(f).toMatchObject({ value: '一、项目已开工。二、完成投资6亿元。三、征地完成九成。', autoMerged: true });
    const h = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history?measure=${mk}&unit=${encodeURIComponent(U)}`);
    expect(h.body.items.at(-1)).toMatchObject({ field: 'progress', autoMerged: true, by: '李四', oldValue: base.replace('5亿元', '6亿元') });
    // a person looks at it and clears the flag; the value and revision stay
    const reviewed = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/reviewed`, { measureKey: mk, unitId: U, field: 'progress' });
    expect(reviewed.body).toMatchObject({ value: f.value, rev: f.rev });
    expect(reviewed.body.autoMerged).toBeUndefined();
    // overlap: both edit sentence 二 from the same base
    const r3 = await send(code2, [ch('progress', rev, base.replace('5亿元', '7亿元'))]);
    expect(r3.body.results[0].outcome).toBe('conflict');
    expect(r3.body.results[0].conflict.mine).toBe(base.replace('5亿元', '7亿元'));
  });

  it('conflict resolution is a revisioned change recorded in history', async () => {
    const r = await send(code2, [ch('problems', 0, '资金缺口')]);
    expect(r.body.results[0].outcome).toBe('accepted');
    const c = await send(code, [ch('problems', 0, '用地指标不足')]);
    const conflictId = c.body.results[0].conflict.id;
    const baseRev = c.body.results[0].conflict.serverRev;
    const resolveId = cid();
    const value = '资金缺口；用地指标不足';
    const res = await api(s.url, code, 'POST', `/api/conflicts/${conflictId}/resolve`, { value, changeId: resolveId, baseRev });
    expect(res.status).toBe(200);
    expect(res.body.conflict).toMatchObject({ resolvedBy: '张三', resolution: value });
    expect(res.body.field).toMatchObject({ value, rev: 2 });
    // retry of the same resolution answers the same; another attempt is refused
    const again = await api(s.url, code, 'POST', `/api/conflicts/${conflictId}/resolve`, { value, changeId: resolveId, baseRev });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    const other = await api(s.url, code, 'POST', `/api/conflicts/${conflictId}/resolve`, { value: 'x', changeId: cid(), baseRev: 2 });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONFLICT_RESOLVED');
    const h = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history?measure=${mk}`);
    expect(h.body.items.filter((i: any) => i.field === 'problems').map((i: any) => [i.rev, i.newValue])).toEqual([
      [1, '资金缺口'],
      [2, value],
    ]);
    const open = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/conflicts?open=1`);
    expect(open.body.conflicts.some((x: any) => x.id === conflictId)).toBe(false);
  });

  it('a retried batch applies once and returns the same results', async () => {
    const batch = [ch('progress', 99, '整段重写。'), ch('contact', 1, '王五 0539-7654321')];
    const first = await send(code, batch);
    const histBefore = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history`);
    const conflictsBefore = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/conflicts`);
    const retry = await send(code, batch);
    expect(retry.body.results).toEqual(first.body.results);
    expect(first.body.results.map((r: any) => r.outcome)).toEqual(['conflict', 'accepted']);
    const histAfter = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history`);
    const conflictsAfter = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/conflicts`);
    expect(histAfter.body.items.length).toBe(histBefore.body.items.length);
    expect(conflictsAfter.body.conflicts.length).toBe(conflictsBefore.body.conflicts.length);
  });

  it('rejects an invalid status and a measure the unit is not assigned to, per change', async () => {
    const plan = await api(s.url, code, 'GET', `/api/plans/${s.planId}`);
    const foreign = plan.body.plan.tasks.flatMap((t: any) => t.measures).find((m: any) => !m.assignments.some((a: any) => a.unitId === U));
    const r = await send(code, [ch('status', 0, '差不多'), { ...ch('status', 0, '推进中'), measureKey: foreign.key }]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => [x.outcome, x.reason?.code])).toEqual([
      ['rejected', 'INVALID_STATUS'],
      ['rejected', 'NOT_ASSIGNED'],
    ]);
  });
});
