// History tells the truth (docs/rules.md "History"): the actor comes from the access code (holder,
// role, code id), what the client says about the typing person is kept beside it as declared, a
// unit cannot claim another source's label, and the history API is paged with a cursor — never cut
// off silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, measuresOf, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let code: string;
let mk: string;
const U = '省交通运输厅';
let n = 0;

beforeAll(async () => {
  s = await startTestServer();
  code = await s.issueUnitCode(U); // no person on the code: its holder is the unit
  [mk] = await measuresOf(s, code);
});
afterAll(() => s.close());

const change = (o: object = {}) => ({ changeId: `hist-test-${++n}`, measureKey: mk, unitId: U, field: 'progress', baseRev: 0, value: `第${n}次。`, ...o });
const history = (q = '') => api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history${q}`);

describe('history', () => {
  it('a unit claiming to be the office is recorded as itself, the claim labelled as declared', async () => {
    const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [change()], source: 'addin', person: '协调办公室' });
    expect(r.body.results[0].outcome).toBe('accepted');
    const item = (await history()).body.items.at(-1);
    expect(item).toMatchObject({ by: '省交通运输厅', role: 'unit', declaredPerson: '协调办公室', source: 'addin' });
    const row = (await s.history()).at(-1)!;
    expect(row.codeId).toMatch(/^code_/); // the code that acted, kept in the store
    const entry = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/entries?since=0`)).body.entries.find((e: any) => e.measureKey === mk);
    expect(entry.fields.progress.updatedBy).toBe('省交通运输厅');
  });

  it("a unit cannot claim the console's or a returned workbook's label", async () => {
    const before = (await s.history()).length;
    for (const source of ['console', 'workbook', 'carryover', 'import']) {
      const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [change({ baseRev: 1 })], source });
      expect(r.status, source).toBe(403);
      expect(r.body.error.code).toBe('SOURCE_NOT_ALLOWED');
    }
    expect((await s.history()).length).toBe(before);
    const fill = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [change({ baseRev: 1 })], source: 'fill' });
    expect(fill.body.results[0].outcome).toBe('accepted');
  });

  it('is read in pages with a cursor; every row comes back exactly once, none cut off', async () => {
    const { store } = s.ctx;
    const at = new Date().toISOString();
    await store.transaction((tx) =>
      tx.entries.write(
        s.periodId,
        Array.from({ length: 2500 }, (_, i) => ({
          measureKey: mk, unitId: U, field: 'contact' as const, oldValue: '', value: `${i}`, rev: i + 1, at, by: 't',
          actor: { codeId: null, role: 'coordinator' as const }, source: 'console' as const, late: false, autoMerged: false,
          changeId: `bulk-${i}`, changedAfterSubmit: false,
        })),
      ),
    );
    const all = await s.history();
    const seen: number[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const r = await history(`?after=${after}&limit=1000`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(1000);
      seen.push(...r.body.items.map((i: any) => i.seq));
      pages++;
      if (r.body.next === null) break;
      after = r.body.next;
    }
    expect(pages).toBe(Math.ceil(all.length / 1000));
    expect(seen).toEqual(all.map((h) => h.seq));
    const first = await history();
    expect(first.body.items).toHaveLength(1000); // the default page
    expect(first.body.next).toBe(first.body.items[999].seq);
    expect((await history('?limit=5001')).body.error.code).toBe('INVALID_REQUEST');
  });
});
