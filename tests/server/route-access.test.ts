// Who may call what comes from the route table (shared/api/routes.ts `access`), applied where the
// routes are mounted (server/routes/mount.ts) — checked here for every route, over real HTTP:
// without a code every non-public route is 401; with a unit's code every office route is 403
// before its body is read; an unknown :periodId is 404 UNKNOWN_PERIOD on every route that has one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paramNames, routes, type RouteName } from '../../shared/api/routes';
import { api, startTestServer, type TestServer } from '../helpers/server';

const names = Object.keys(routes) as RouteName[];
let s: TestServer;
let unitCode: string;
let unitId: string;

beforeAll(async () => {
  s = await startTestServer();
  const units = (await api(s.url, s.coordinatorCode, 'GET', '/api/admin/units')).body.units as { id: string; kind: string }[];
  unitId = units.find((u) => u.kind !== 'placeholder_group')!.id;
  unitCode = await s.issueUnitCode(unitId);
});
afterAll(() => s?.close());

/** The route's path with real ids (or the given period), parameters encoded. */
function pathOf(name: RouteName, periodId = s.periodId): string {
  const ids: Record<string, string> = { periodId, planId: s.planId, unitId, codeId: 'no-such-code', conflictId: 'no-such-conflict' };
  let path: string = routes[name].path;
  for (const p of paramNames(path)) path = path.replace(`:${p}`, encodeURIComponent(ids[p]));
  return path;
}

describe('route access from the table', () => {
  it('every route that is not public answers 401 without a code', async () => {
    for (const n of names.filter((x) => routes[x].access !== 'public')) {
      const r = await api(s.url, null, routes[n].method.toUpperCase(), pathOf(n));
      expect([n, r.status, r.body?.error?.code]).toEqual([n, 401, 'UNAUTHENTICATED']);
    }
  });

  it('public routes answer without a code', async () => {
    expect((await api(s.url, null, 'GET', pathOf('health'))).status).toBe(200);
    expect((await api(s.url, null, 'GET', pathOf('openapi'))).status).toBe(200);
    expect((await api(s.url, null, 'POST', pathOf('noop'), {})).status).toBe(200);
  });

  it("every office route refuses a unit's code with 403, before reading the body", async () => {
    for (const n of names.filter((x) => routes[x].access === 'office')) {
      const method = routes[n].method.toUpperCase();
      // a body that would be 400 BAD_JSON if it were parsed
      const r = await api(s.url, unitCode, method, pathOf(n), method === 'POST' ? '{not json' : undefined);
      expect([n, r.status, r.body?.error?.code]).toEqual([n, 403, 'COORDINATOR_ONLY']);
    }
  });

  it('a signed-in route is open to a unit (its handler narrows the data)', async () => {
    for (const n of ['me', 'periods', 'period', 'assignments', 'entries', 'consolidated', 'template'] as RouteName[]) {
      const r = await fetch(s.url + pathOf(n), { headers: { authorization: `Bearer ${unitCode}` } });
      expect([n, r.status]).toEqual([n, 200]);
    }
  });

  it('an unknown :periodId is 404 UNKNOWN_PERIOD on every route that has one', async () => {
    for (const n of names.filter((x) => paramNames(routes[x].path).includes('periodId'))) {
      const method = routes[n].method.toUpperCase();
      const r = await api(s.url, s.coordinatorCode, method, pathOf(n, 'no-such-period'), method === 'POST' ? {} : undefined);
      expect([n, r.status, r.body?.error?.code]).toEqual([n, 404, 'UNKNOWN_PERIOD']);
    }
  });
});
