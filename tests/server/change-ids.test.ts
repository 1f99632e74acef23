// A change id names one change (docs/rules.md "Change ids"): reused with another payload, twice in
// one batch with different values, in another period or for another entry, it is refused with a
// clear reason — never answered "accepted" while nothing is written. Only a true retry (same id,
// same change) answers as the first time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, measuresOf, startTestServer, storeCounts, type TestServer } from '../helpers/server';

let s: TestServer;
let code: string;
let mk: string;
let mk2: string;
const U = '省交通运输厅';
let n = 0;

beforeAll(async () => {
  s = await startTestServer();
  code = await s.issueUnitCode(U);
  [mk, mk2] = await measuresOf(s, code);
});
afterAll(() => s.close());

const P = () => `/api/periods/${s.periodId}/changes`;
const change = (o: object = {}) => ({ changeId: `cid-test-${++n}`, measureKey: mk, unitId: U, field: 'progress', baseRev: 0, value: '第一次。', ...o });
const send = (changes: object[], period = s.periodId) => api(s.url, code, 'POST', `/api/periods/${period}/changes`, { changes });
const refused = { outcome: 'rejected', reason: { code: 'DUPLICATE_CHANGE_ID', message: expect.stringMatching(/变更编号/) } };
const fingerprint = async () => await storeCounts(s);

describe('change ids', () => {
  it('a true retry answers as the first time', async () => {
    const c = change({ field: 'status', value: '推进中' });
    const first = await send([c]);
    expect(first.body.results[0]).toMatchObject({ outcome: 'accepted', rev: 1 });
    const before = await fingerprint();
    expect((await send([c])).body.results).toEqual(first.body.results);
    expect(await fingerprint()).toBe(before);
  });

  it('the same id with another value, base or entry is refused and writes nothing', async () => {
    const c = change({ field: 'problems', value: '资金不足' });
    expect((await send([c])).body.results[0].outcome).toBe('accepted');
    const before = await fingerprint();
    for (const other of [{ value: '资金已到位' }, { baseRev: 1, value: '资金不足' }, { measureKey: mk2 }, { field: 'nextSteps' }]) {
      const r = await send([{ ...c, ...other }]);
      expect(r.status).toBe(200);
      expect(r.body.results[0]).toEqual({ changeId: c.changeId, ...refused });
    }
    expect(await fingerprint()).toBe(before);
    expect((await s.field(mk2, U, 'problems'))).toBeUndefined();
    expect((await s.field(mk, U, 'problems'))).toMatchObject({ value: '资金不足', rev: 1 });
  });

  it('the same id twice in one batch: the same change is answered once, different values are refused', async () => {
    const a = change({ field: 'contact', value: '张三 1' });
    const r = await send([a, { ...a }, { ...a, value: '李四 2' }]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'accepted', rev: 1, value: '张三 1' });
    expect(r.body.results[1]).toEqual(r.body.results[0]);
    expect(r.body.results[2]).toEqual({ changeId: a.changeId, ...refused });
    expect((await s.field(mk, U, 'contact'))).toMatchObject({ value: '张三 1', rev: 1 });
  });

  it('an id from another period is refused there, and the other period is untouched', async () => {
    const c = change({ field: 'nextSteps', value: '下一步。' });
    expect((await send([c])).body.results[0].outcome).toBe('accepted');
    const other = (await api(s.url, s.coordinatorCode, 'POST', '/api/admin/periods', { name: '另一期', carryOver: false })).body.id;
    const before = await fingerprint();
    const r = await send([c], other);
    expect(r.body.results[0]).toEqual({ changeId: c.changeId, ...refused });
    expect(await fingerprint()).toBe(before);
    expect((await s.field(mk, U, 'nextSteps', other))).toBeUndefined();
  });
});
