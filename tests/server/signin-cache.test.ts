// Sign-ins are cached (server/auth.ts), yet a code stops working the moment it is revoked — also
// when another process revokes it in the same database file (`fengong admin reset-code` beside a
// running server) — and the moment it expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../server/store';
import { api, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let clock = Date.now();

beforeAll(async () => {
  s = await startTestServer({ now: () => new Date(clock) });
});
afterAll(() => s.close());

describe('sign-in cache', () => {
  it('a revoke written by another connection refuses the code on the next request', async () => {
    const code = await s.issueUnitCode('临沂市人民政府');
    for (let i = 0; i < 3; i++) expect((await api(s.url, code, 'GET', '/api/me')).status).toBe(200);
    const other = new Store(s.dbPath);
    try {
      other.revokeCoordinatorCodes(new Date(clock).toISOString());
      const id = other.listCodes().find((c) => c.unitId === '临沂市人民政府' && !c.revokedAt)!.id;
      other.revokeCode(id, new Date(clock).toISOString());
    } finally {
      other.close();
    }
    const after = await api(s.url, code, 'GET', '/api/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('BAD_CODE');
    expect((await api(s.url, s.coordinatorCode, 'GET', '/api/me')).status).toBe(401);
  });

  it('a code signed in a moment ago is refused once its expiry passes', async () => {
    const code = await s.issueUnitCode('济宁市人民政府', { expiresAt: new Date(clock + 60_000).toISOString() });
    expect((await api(s.url, code, 'GET', '/api/me')).status).toBe(200);
    expect((await api(s.url, code, 'GET', '/api/me')).status).toBe(200);
    clock += 61_000;
    const after = await api(s.url, code, 'GET', '/api/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('BAD_CODE');
  });

  it('a unit renamed after sign-in writes history under its new name', async () => {
    const code = await s.issueUnitCode('枣庄市人民政府');
    expect((await api(s.url, code, 'GET', '/api/me')).status).toBe(200);
    const unit = s.ctx.store.getUnit('枣庄市人民政府')!;
    s.ctx.store.upsertUnit({ ...unit, shortName: '枣庄新名' });
    const m = s.ctx.store.getPlan(s.planId)!.plan.tasks.flatMap((t) => t.measures).find((x) => x.assignments.some((a) => a.unitId === '枣庄市人民政府'))!;
    const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, {
      changes: [{ changeId: 'rename-check-1', measureKey: m.key, unitId: '枣庄市人民政府', field: 'progress', baseRev: 0, value: '已推进。' }],
    });
    expect(r.status).toBe(200);
    const h = s.ctx.store.listHistory(s.periodId, { unitId: '枣庄市人民政府' }).at(-1)!;
    expect(h.by).toBe('枣庄新名');
  });
});
