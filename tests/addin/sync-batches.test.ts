// The add-in's 同步 splits a large push into batches the service takes (shared/sync/change-batches.ts):
// 省发展改革委 fills 30 fields at the field limit (600,000 characters, over the batch cap), one 同步
// sends them in several requests, each within the cap, and every one of them arrives as typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_LENGTH } from '../../shared/api/contract';
import { batchText, MAX_BATCH_TEXT } from '../../shared/sync/change-batches';
import type { Entry } from '../../shared/model/progress';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { colOf, measureRows, openInstance } from './harness';

const U = '省发展改革委';
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv?.close());

describe('add-in sync over the batch cap', () => {
  it('one 同步 of 600,000 characters goes out in batches within the cap, and everything arrives', async () => {
    const pushes: number[] = [];
    const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/changes') && init?.method === 'POST') pushes.push(batchText(JSON.parse(String(init.body)).changes));
      return fetch(input, init);
    }) as typeof fetch;
    const a = await openInstance(srv.url, await srv.issueUnitCode(U), { fetch: counting });
    await a.session.layout();
    const rows = [...(await measureRows(a, U)).values()];
    expect(rows.length).toBeGreaterThanOrEqual(24);
    const typed: { row: number; header: string; text: string }[] = [];
    rows.forEach((row, i) => typed.push({ row, header: '进展情况', text: `进展${i}`.padEnd(MAX_FIELD_LENGTH, '推') }));
    rows.slice(0, 6).forEach((row, i) => typed.push({ row, header: '存在问题', text: `问题${i}`.padEnd(MAX_FIELD_LENGTH, '难') }));
    for (const t of typed) a.fake.type(U, t.row, colOf(a.fake, U, t.header), t.text);

    const rep = await a.session.sync();
    expect(rep).toMatchObject({ offline: false, pushed: typed.length, accepted: typed.length, pending: 0, rejected: [] });
    expect(pushes.length).toBeGreaterThan(1);
    expect(pushes.reduce((x, y) => x + y, 0)).toBe(typed.length * MAX_FIELD_LENGTH);
    for (const n of pushes) expect(n).toBeLessThanOrEqual(MAX_BATCH_TEXT);

    const entries = (await api<{ entries: Entry[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/entries?since=0&unit=${encodeURIComponent(U)}`)).body.entries;
    const values = entries.flatMap((e) => [e.fields.progress?.value, e.fields.problems?.value]).filter(Boolean);
    expect(values.sort()).toEqual(typed.map((t) => t.text).sort());
  });
});
