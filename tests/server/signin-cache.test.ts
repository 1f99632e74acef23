// Sign-ins are cached (server/auth.ts), yet a code stops working the moment it is revoked — also
// when another process revokes it in the same database file (`fengong admin reset-code` beside a
// running server) — and the moment it expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite';
import { api, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let clock = Date.now();

beforeAll(async () => {
  s = await startTestServer({ now: () => new Date(clock), backend: 'sqlite' }); // a second connection to the file below
});
afterAll(() => s.close());

describe('sign-in cache', () => {
  it('a revoke written by another connection refuses the code on the next request', async () => {
    const code = await s.issueUnitCode('临沂市人民政府');
    for (let i = 0; i < 3; i++) expect((await api(s.url, code, 'GET', '/api/me')).status).toBe(200);
    const other = new SqliteStore(s.dbPath);
    try {
      await other.transaction(async (tx) => {
        await tx.codes.revokeCoordinators(new Date(clock).toISOString());
        const id = (await tx.codes.list()).find((c) => c.unitId === '临沂市人民政府' && !c.revokedAt)!.id;
        await tx.codes.revoke(id, new Date(clock).toISOString());
      });
    } finally {
      await other.close();
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
    const unit = (await s.ctx.store.units.get('枣庄市人民政府'))!;
    await s.ctx.store.transaction((tx) => tx.units.upsert({ ...unit, shortName: '枣庄新名' }));
    const m = (await s.ctx.store.plans.get(s.planId))!.plan.tasks.flatMap((t) => t.measures).find((x) => x.assignments.some((a) => a.unitId === '枣庄市人民政府'))!;
    const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, {
      changes: [{ changeId: 'rename-check-1', measureKey: m.key, unitId: '枣庄市人民政府', field: 'progress', baseRev: 0, value: '已推进。' }],
    });
    expect(r.status).toBe(200);
    const h = (await s.history({ unitId: '枣庄市人民政府' })).at(-1)!;
    expect(h.by).toBe('枣庄新名');
  });
});
