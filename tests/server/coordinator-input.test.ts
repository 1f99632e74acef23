// Coordinator input is validated too: each of these once gave a 500, stored something it should not
// have, or answered 200 for nothing. Every one now gets a clear 4xx with a stable code and leaves
// the store as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, measuresOf, startTestServer, storeCounts, type TestServer } from '../helpers/server';

let s: TestServer;
let mk: string;
let code: string;
const U = '省交通运输厅';

beforeAll(async () => {
  s = await startTestServer();
  code = await s.issueUnitCode(U);
  [mk] = await measuresOf(s, code);
});
afterAll(() => s.close());

const storeState = async () => await storeCounts(s);

async function refused(method: string, path: string, body: unknown, status: number, errorCode: string, headers: Record<string, string> = {}) {
  const before = await storeState();
  const res = await fetch(s.url + path, {
    method,
    headers: { authorization: `Bearer ${s.coordinatorCode}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const r = { status: res.status, body: await res.json() };
  expect(r.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body.error.code).toBe(errorCode);
  expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(await storeState(), path).toBe(before);
}

describe('coordinator input', () => {
  it('a resolution reusing a change id is a 400, not a 500', async () => {
    await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [{ changeId: 'coord-used-1', measureKey: mk, unitId: U, field: 'status', baseRev: 0, value: '推进中' }] });
    await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [{ changeId: 'coord-used-2', measureKey: mk, unitId: U, field: 'contact', baseRev: 0, value: '甲' }] });
    const c = (await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [{ changeId: 'coord-used-3', measureKey: mk, unitId: U, field: 'contact', baseRev: 0, value: '乙' }] })).body.results[0];
    await refused('POST', `/api/conflicts/${c.conflict.id}/resolve`, { value: '丙', changeId: 'coord-used-1', baseRev: c.conflict.serverRev }, 400, 'DUPLICATE_CHANGE_ID');
  });

  it('submit names one unit by a string id', async () => {
    await refused('POST', `/api/periods/${s.periodId}/submit`, { unitId: { id: U } }, 400, 'INVALID_REQUEST');
    await refused('POST', `/api/periods/${s.periodId}/submit`, { unitId: [U, '临沂市人民政府'] }, 400, 'INVALID_REQUEST');
    await refused('POST', `/api/periods/${s.periodId}/submit`, { unitId: '火星市' }, 400, 'UNKNOWN_UNIT');
    const ok = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/submit`, { unitId: U });
    expect(ok.body).toMatchObject({ unitId: U });
  });

  it('a malformed percent-encoded X-File-Name is a 400', async () => {
    await refused('POST', '/api/admin/plans/import', 'x', 400, 'INVALID_REQUEST', { 'content-type': 'text/plain', 'x-file-name': '%E4%B8' });
    await refused('POST', `/api/periods/${s.periodId}/merge`, 'x', 400, 'INVALID_REQUEST', { 'content-type': 'application/octet-stream', 'x-file-name': '%zz' });
  });

  it('unit ids and names, period names: bounded length, no characters unsafe in file names and URLs', async () => {
    const unit = { id: '新单位', name: '新单位', shortName: '新单位', kind: 'other' };
    for (const id of ['a/b', '..', 'a\\b', 'x?y', 'x#y', ' 前后空格 ', '', '长'.repeat(65)]) await refused('POST', '/api/admin/units', { ...unit, id }, 400, 'INVALID_REQUEST');
    await refused('POST', '/api/admin/units', { ...unit, name: '名'.repeat(101) }, 400, 'INVALID_REQUEST');
    await refused('POST', '/api/admin/units', { ...unit, shortName: '' }, 400, 'INVALID_REQUEST');
    const ok = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/units', { ...unit, id: '省新设厅（试点）' });
    expect(ok.status).toBe(200);
    await refused('POST', '/api/admin/periods', { name: '期'.repeat(51) }, 400, 'INVALID_REQUEST');
    await refused('POST', '/api/admin/periods', { name: '   ' }, 400, 'INVALID_REQUEST');
    await refused('POST', `/api/admin/periods/${s.periodId}`, { name: '期'.repeat(51) }, 400, 'INVALID_REQUEST');
  });

  it('an assignment cannot claim more leads than units', async () => {
    await refused('POST', `/api/admin/plans/${s.planId}/assignments`, { measureKey: mk, unitIds: [U], leads: 2 }, 400, 'INVALID_REQUEST');
    await refused('POST', `/api/admin/plans/${s.planId}/assignments`, { measureKey: mk, unitIds: [U, U], leads: 2 }, 400, 'INVALID_REQUEST');
  });

  it('resolve-group only resolves a placeholder group, never a real unit', async () => {
    await refused('POST', `/api/admin/plans/${s.planId}/resolve-group`, { groupUnitId: U, unitIds: ['临沂市人民政府'] }, 400, 'NOT_A_GROUP');
    const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
    expect(plan.tasks.flatMap((t: any) => t.measures).some((m: any) => m.assignments.some((a: any) => a.unitId === U))).toBe(true);
  });

  it('reviewed on an unknown measure, or an entry of a unit not assigned to it, is a 400', async () => {
    await refused('POST', `/api/periods/${s.periodId}/reviewed`, { measureKey: 'no-such-measure', unitId: U, field: 'progress' }, 400, 'UNKNOWN_MEASURE');
    await refused('POST', `/api/periods/${s.periodId}/reviewed`, { measureKey: mk, unitId: '菏泽市人民政府', field: 'progress' }, 400, 'NOT_ASSIGNED');
  });
});
