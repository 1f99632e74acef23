// Bad input → one JSON error shape with a stable code and a Chinese message, and the store unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, storeCounts, type TestServer } from '../helpers/server';

let s: TestServer;
let mk: string;

beforeAll(async () => {
  s = await startTestServer({ config: { bodyLimit: '64kb' } });
  const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
  mk = plan.tasks[0].measures[0].key;
});
afterAll(() => s.close());

function dbFingerprint() {
  return storeCounts(s, ['history', 'entry_fields', 'entries', 'conflicts', 'change_results']);
}

const good = (o: object = {}) => ({
  changes: [{ changeId: `err-${Math.random().toString(36).slice(2)}`, measureKey: mk, unitId: '省交通运输厅', field: 'status', baseRev: 0, value: '推进中', ...o }],
});

async function raw(path: string, body: string, type = 'application/json') {
  const res = await fetch(s.url + path, { method: 'POST', headers: { authorization: `Bearer ${s.coordinatorCode}`, 'content-type': type }, body });
  return { status: res.status, body: (await res.json()) as any };
}

describe('errors', () => {
  it('each bad request gets a clear 4xx in the one error shape and changes nothing', async () => {
    const before = await dbFingerprint();
    const P = `/api/periods/${s.periodId}/changes`;
    const cases: [Promise<{ status: number; body: any }>, number, string][] = [
      [raw(P, '{"changes": [ {'), 400, 'BAD_JSON'],
      [raw(P, JSON.stringify({ changes: 'nope' })), 400, 'INVALID_REQUEST'],
      [raw(P, JSON.stringify(good({ baseRev: -1 }))), 400, 'INVALID_REQUEST'],
      [raw(P, JSON.stringify(good({ field: 'colour' }))), 400, 'INVALID_REQUEST'],
      [raw(P, JSON.stringify(good({ value: 'x'.repeat(20_001) }))), 400, 'INVALID_REQUEST'],
      [raw(P, JSON.stringify({ changes: [] })), 400, 'INVALID_REQUEST'],
      [raw(P, JSON.stringify({ changes: [1, 2, 3].flatMap(() => good({ field: 'progress', value: '长'.repeat(19_000) }).changes) })), 413, 'PAYLOAD_TOO_LARGE'],
      [raw(P, JSON.stringify(good({ measureKey: 'no-such-measure' }))), 400, 'UNKNOWN_MEASURE'],
      [raw(P, JSON.stringify(good({ unitId: '火星市人民政府' }))), 400, 'UNKNOWN_UNIT'],
      [raw('/api/periods/per_nope/changes', JSON.stringify(good())), 404, 'UNKNOWN_PERIOD'],
      [api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=999999`), 409, 'STALE_CURSOR'],
      [api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=abc`), 400, 'INVALID_REQUEST'],
      [api(s.url, s.coordinatorCode, 'GET', '/api/no/such/route'), 404, 'NOT_FOUND'],
      [api(s.url, s.coordinatorCode, 'POST', '/api/conflicts/cf_nope/resolve', { value: 'x', changeId: 'abcdefgh1', baseRev: 0 }), 404, 'UNKNOWN_CONFLICT'],
    ];
    for (const [p, status, code] of cases) {
      const r = await p;
      expect(r.status, code).toBe(status);
      expect(Object.keys(r.body)).toEqual(['error']);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/); // Chinese message
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    expect(await dbFingerprint()).toBe(before);
    // a batch with one bad change applies none of its good ones
    const mixed = await raw(P, JSON.stringify({ changes: [...good().changes, ...good({ measureKey: 'missing' }).changes] }));
    expect(mixed.status).toBe(400);
    expect(await dbFingerprint()).toBe(before);
  });

  it('serves a health check and the OpenAPI document generated from the contract', async () => {
    expect((await api(s.url, null, 'GET', '/api/health')).body).toMatchObject({ ok: true });
    const doc = (await api(s.url, null, 'GET', '/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/api/periods/{periodId}/changes'].post;
    expect(op.requestBody.content['application/json'].schema.properties.changes.items.properties.field.enum).toEqual([
      'status', 'progress', 'problems', 'nextSteps', 'contact',
    ]);
    expect(op.responses['200'].content['application/json'].schema.properties.results).toBeTruthy();
    expect(doc.paths['/api/admin/codes'].post).toBeTruthy();
  });
});
