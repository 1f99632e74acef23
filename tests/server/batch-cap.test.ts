// The batch cap (shared/sync/change-batches.ts): a sync batch whose text adds up to more than
// MAX_BATCH_TEXT is refused whole with BATCH_TOO_LARGE and a Chinese message, and nothing is stored;
// a batch at the cap is taken. Clients split (tests: change-batches.test.ts, add-in and fill page).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_LENGTH } from '../../shared/api/contract';
import { MAX_BATCH_TEXT } from '../../shared/sync/change-batches';
import { api, measuresOf, startTestServer, storeCounts, type TestServer } from '../helpers/server';

let s: TestServer;
let code: string;
let fields: { unitId: string; measureKey: string; field: string }[] = [];

beforeAll(async () => {
  s = await startTestServer();
  code = s.coordinatorCode; // the office may write for several units in one batch
  for (const unitId of ['省交通运输厅', '菏泽市人民政府']) {
    const keys = await measuresOf(s, await s.issueUnitCode(unitId));
    fields.push(...keys.flatMap((measureKey) => ['progress', 'problems', 'nextSteps', 'contact'].map((field) => ({ unitId, measureKey, field }))));
  }
  expect(fields.length).toBeGreaterThan(26);
});
afterAll(() => s.close());

const batch = (tag: string, n: number, len = MAX_FIELD_LENGTH) => ({
  source: 'console',
  changes: fields.slice(0, n).map((f, i) => ({ changeId: `cap-${tag}-${i}`, ...f, baseRev: 0, value: `${i}`.padEnd(len, '进') })),
});

describe('batch text cap', () => {
  it('a batch over the cap is refused with BATCH_TOO_LARGE and changes nothing', async () => {
    const before = await storeCounts(s);
    const entries = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/entries?since=0`)).body;
    const over = batch('over', 26);
    const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, over);
    expect(r.status).toBe(413);
    expect(Object.keys(r.body)).toEqual(['error']);
    expect(r.body.error.code).toBe('BATCH_TOO_LARGE');
    expect(r.body.error.message).toMatch(/文字过多/);
    expect(r.body.error.message).toContain(String(MAX_BATCH_TEXT));
    expect(await storeCounts(s)).toBe(before);
    // the entries are as they were; the cursor may move (on PostgreSQL it is the database's transaction
    // horizon, which other writers move), but nothing new is waiting above the old one
    expect((await api(s.url, code, 'GET', `/api/periods/${s.periodId}/entries?since=0`)).body.entries).toEqual(entries.entries);
    expect((await api(s.url, code, 'GET', `/api/periods/${s.periodId}/entries?since=${entries.cursor}`)).body.entries).toEqual([]);
    // a retry of the refused batch is refused again (no change id was used up)
    expect((await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, over)).body.error.code).toBe('BATCH_TOO_LARGE');
  });

  it('a batch at the cap is taken whole', async () => {
    const at = batch('at', 25);
    const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, at);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { outcome: string }) => x.outcome)).toEqual(Array(25).fill('accepted'));
    const entries = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/entries?since=0`)).body.entries;
    for (const c of at.changes) expect(entries.find((e: any) => e.measureKey === c.measureKey && e.unitId === c.unitId).fields[c.field].value).toBe(c.value);
  });
});
