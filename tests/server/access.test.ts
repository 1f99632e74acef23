// Access: codes per unit, units write only their own entries, revoked/expired codes, coordinator
// routes, rate-limited failed sign-ins, CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes';
import { api, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let linyi: string;
let mk: string; // a measure of 临沂市政府 shared with other units
const LY = '临沂市人民政府';

beforeAll(async () => {
  s = await startTestServer();
  linyi = await s.issueUnitCode(LY);
  const a = await api(s.url, linyi, 'GET', `/api/periods/${s.periodId}/assignments`);
  mk = a.body.assignments[0].measureKey;
});
afterAll(() => s.close());

const change = (unitId: string, measureKey = mk) => ({
  changes: [{ changeId: `acc-${Math.random().toString(36).slice(2)}`, measureKey, unitId, field: 'status', baseRev: 0, value: '推进中' }],
});

describe('access', () => {
  it('a unit sees itself and only its own measures', async () => {
    const me = await api(s.url, linyi, 'GET', '/api/me');
    expect(me.body).toMatchObject({ role: 'unit', unit: { id: LY, shortName: '临沂市政府' } });
    const a = await api(s.url, linyi, 'GET', `/api/periods/${s.periodId}/assignments`);
    expect(a.body.unitId).toBe(LY);
    expect(a.body.assignments.length).toBeGreaterThan(0);
    for (const x of a.body.assignments) expect(x.unitsText).toContain('临沂市政府');
  });

  it("writing another unit's entry is refused with 403 and changes nothing", async () => {
    const plan = await api(s.url, linyi, 'GET', `/api/plans/${s.planId}`);
    const m = plan.body.plan.tasks.flatMap((t: any) => t.measures).find((x: any) => x.key === mk);
    const other = m.assignments.find((a: any) => a.unitId !== LY).unitId;
    const r = await api(s.url, linyi, 'POST', `/api/periods/${s.periodId}/changes`, {
      changes: [...change(LY).changes, ...change(other).changes],
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('NOT_YOUR_ENTRY');
    expect(r.body.error.message).toMatch(/本单位/);
    const h = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history`);
    expect(h.body.items).toHaveLength(0); // not even the unit's own change in the same batch
  });

  it("a unit reads only its own measures' entries (all units of them)", async () => {
    const own = await api(s.url, linyi, 'POST', `/api/periods/${s.periodId}/changes`, change(LY));
    expect(own.body.results[0].outcome).toBe('accepted');
    const heze = await s.issueUnitCode('菏泽市人民政府');
    const hezeMeasures = (await api(s.url, heze, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments.map((a: any) => a.measureKey);
    const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
    const notHeze = plan.tasks.flatMap((t: any) => t.measures).find((m: any) => !hezeMeasures.includes(m.key) && m.assignments.length > 0);
    const unitOfIt = notHeze.assignments[0].unitId;
    const c = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, change(unitOfIt, notHeze.key));
    expect(c.body.results[0].outcome).toBe('accepted');
    const e = await api(s.url, heze, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    expect(e.body.entries.every((x: any) => hezeMeasures.includes(x.measureKey))).toBe(true);
    const all = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    expect(all.body.entries.some((x: any) => x.measureKey === notHeze.key)).toBe(true);
  });

  it("another unit reusing a change id does not get (or overwrite) the first unit's result", async () => {
    const first = await api(s.url, linyi, 'POST', `/api/periods/${s.periodId}/changes`, {
      changes: [{ changeId: 'shared-id-123', measureKey: mk, unitId: LY, field: 'problems', baseRev: 0, value: '临沂的问题' }],
    });
    expect(first.body.results[0].outcome).toBe('accepted');
    const other = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan.tasks
      .flatMap((t: any) => t.measures).find((m: any) => m.key === mk).assignments.find((a: any) => a.unitId !== LY).unitId;
    const code = await s.issueUnitCode(other);
    const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, {
      changes: [{ changeId: 'shared-id-123', measureKey: mk, unitId: other, field: 'problems', baseRev: 0, value: '另一单位' }],
    });
    expect(r.body.results[0]).toEqual({ changeId: 'shared-id-123', outcome: 'rejected', reason: { code: 'DUPLICATE_CHANGE_ID', message: expect.any(String) } });
    expect(JSON.stringify(r.body)).not.toContain('临沂的问题');
  });

  it('coordinator-only routes refuse unit codes', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/admin/codes', undefined],
      ['POST', '/api/admin/codes', { unitId: LY }],
      ['POST', '/api/admin/periods', { name: '2027年上半年' }],
      ['GET', `/api/periods/${s.periodId}/status`, undefined],
      ['POST', `/api/admin/periods/${s.periodId}/close`, undefined],
    ] as const) {
      const r = await api(s.url, linyi, method, path, body);
      expect(r.status, path).toBe(403);
      expect(r.body.error.code).toBe('COORDINATOR_ONLY');
    }
  });

  it('every route the route table declares for the office refuses a unit code before it reads anything', async () => {
    const office = Object.entries(routes).filter(([, r]) => r.access === 'office');
    expect(office.length).toBeGreaterThan(20);
    for (const [name, r] of office) {
      const path = r.path.replace(':periodId', s.periodId).replace(':unitId', encodeURIComponent(LY)).replace(/:[A-Za-z]+/g, 'x');
      const res = await api(s.url, linyi, r.method.toUpperCase(), path, r.method === 'post' ? {} : undefined);
      expect([name, res.status, res.body?.error?.code]).toEqual([name, 403, 'COORDINATOR_ONLY']);
    }
  });

  it('codes are stored only as hashes; revoked and expired codes are refused', async () => {
    const issued = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/codes', { unitId: '济宁市人民政府', person: '赵六' });
    expect(issued.status).toBe(200);
    const code: string = issued.body.code;
    expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    const raw = await s.ctx.store.raw.read('access_codes', { limit: 10_000 });
    expect(JSON.stringify(raw)).not.toContain(code);
    expect(JSON.stringify(raw)).not.toContain(code.replace(/-/g, ''));
    const list = await api(s.url, s.coordinatorCode, 'GET', '/api/admin/codes');
    expect(JSON.stringify(list.body)).not.toContain(code);
    expect((await api(s.url, code.toLowerCase(), 'GET', '/api/me')).status).toBe(200); // typing case-insensitive
    const rv = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/codes/${issued.body.info.id}/revoke`);
    expect(rv.body.revokedAt).toBeTruthy();
    const after = await api(s.url, code, 'GET', '/api/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('BAD_CODE');
    const expired = await s.issueUnitCode('枣庄市人民政府', { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect((await api(s.url, expired, 'GET', '/api/me')).body.error.code).toBe('BAD_CODE');
    expect((await api(s.url, null, 'GET', '/api/me')).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('several coordinator codes work side by side', async () => {
    const r = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/codes', { unitId: null, person: '办公室二' });
    const me = await api(s.url, r.body.code, 'GET', '/api/me');
    expect(me.body).toMatchObject({ role: 'coordinator', person: '办公室二' });
    expect((await api(s.url, s.coordinatorCode, 'GET', '/api/me')).status).toBe(200);
  });

  it('allows CORS from the add-in origin', async () => {
    const res = await fetch(`${s.url}/api/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('limits failed sign-ins per address (429) without locking out the codes already working behind it', async () => {
    let clock = Date.now();
    const t = await startTestServer({ config: { authFailLimit: 5, authFailWindowMs: 60_000 }, now: () => new Date(clock) });
    try {
      const good = await t.issueUnitCode(LY);
      const colleague = await t.issueUnitCode('枣庄市人民政府');
      // successful requests never count, however many
      for (let i = 0; i < 20; i++) expect((await api(t.url, good, 'GET', '/api/me')).status).toBe(200);
      expect((await api(t.url, t.coordinatorCode, 'GET', '/api/me')).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await api(t.url, `WRONG-${i}`, 'GET', '/api/me')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const limited = await api(t.url, 'WRONG-X', 'GET', '/api/me');
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      // the codes in use behind this address (an office NAT) keep working
      expect((await api(t.url, good, 'GET', '/api/me')).status).toBe(200);
      expect((await api(t.url, t.coordinatorCode, 'GET', '/api/me')).status).toBe(200);
      // a code new to this address waits for the bucket (12 s per failure here), then signs in
      const wait = await api(t.url, colleague, 'GET', '/api/me');
      expect(wait.status).toBe(429);
      clock += 12_500;
      expect((await api(t.url, colleague, 'GET', '/api/me')).status).toBe(200);
      // a success takes no token: the refilled one still allows one more check, then 429 again
      expect((await api(t.url, 'WRONG-Y', 'GET', '/api/me')).status).toBe(401);
      expect((await api(t.url, 'WRONG-Z', 'GET', '/api/me')).status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
