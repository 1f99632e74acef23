// No single request may stall the service (docs/rules.md "Bounds"): a large returned workbook and a
// large plan file are checked AND parsed in file-guard's worker thread (file-jobs.ts), so while one
// is being read the event loop keeps answering others. The bound: the loop is never held for more
// than LOOP_BOUND_MS, or a quarter of the request on a machine too busy to give it a core (before
// this change, all of the request). The main thread only receives the parse and the plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { loopGaps } from '../helpers/loop-gaps';
import { largeWorkbook } from '../helpers/large-workbook';
import { postMerge, storeSnapshot } from '../workbooks/helpers';

const LOOP_BOUND_MS = 250;
/** On a busy shared machine a thread also waits for a core: the loop free for all but a small part of the request. */
const bound = (took: number) => Math.max(LOOP_BOUND_MS, took / 4);
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await postMerge(s, [{ name: 'warm-up.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]) }]); // the worker is started
});
afterAll(() => s.close());

/** Runs `request` while health checks go out one after another; how long the loop was held at most. */
async function whileAnswering<T>(request: () => Promise<T>): Promise<{ out: T; held: number; took: number; answered: number }> {
  const gaps = loopGaps();
  const t0 = performance.now();
  let done = false;
  const pending = request().finally(() => (done = true));
  let answered = 0;
  while (!done) if ((await fetch(`${s.url}/api/health`)).ok) answered++;
  const out = await pending;
  const took = performance.now() - t0;
  const held = await gaps.stop();
  if (process.env.SHOW_GAPS) console.log(`took ${took.toFixed(0)} ms, held ${held.toFixed(0)} ms, ${answered} answered`);
  return { out, held, took, answered };
}

describe('parsing uploads off the event loop', () => {
  it('a returned workbook of 40,000 rows is read and matched while health checks keep answering', async () => {
    const snap = await storeSnapshot(s);
    const big = largeWorkbook(40_000); // built before measuring: the test's own work
    const r = await whileAnswering(() => postMerge(s, [{ name: '大表.xlsx', bytes: big }]));
    expect(r.out.status).toBe(400); // read and matched whole, then: no unit named anywhere in it
    expect(r.out.body.error?.code).toBe('UNIT_UNKNOWN_IN_FILE');
    expect(await storeSnapshot(s)).toBe(snap);
    expect(r.took).toBeGreaterThan(500); // real work: all of it on the loop before this change
    expect(r.answered).toBeGreaterThan(5);
    expect(r.held).toBeLessThan(bound(r.took));
  });

  const importPlan = (bytes: Buffer, name: string) =>
    fetch(`${s.url}/api/admin/plans/import?name=${encodeURIComponent(name)}&new=1`, {
      method: 'POST', headers: { authorization: `Bearer ${s.coordinatorCode}` }, body: new Uint8Array(bytes),
    }).then(async (res) => ({ status: res.status, body: await res.json() }));

  it('a plan file of 2,500 measures is imported (preview) while health checks keep answering', async () => {
    const big = largeWorkbook(2_501);
    const r = await whileAnswering(() => importPlan(big, '大分工表.xlsx'));
    expect(r.out.status).toBe(200);
    expect(r.out.body).toMatchObject({ preview: true, planId: null });
    expect(r.out.body.counts.measures).toBe(2_500);
    expect(r.answered).toBeGreaterThan(5);
    expect(r.held).toBeLessThan(bound(r.took));
  });

  it('a plan file of 19,000 rows is parsed in the worker and refused there (PLAN_TOO_LARGE), the loop free throughout', async () => {
    const snap = await storeSnapshot(s);
    const big = largeWorkbook(19_000);
    const r = await whileAnswering(() => importPlan(big, '超大分工表.xlsx'));
    expect(r.out.status).toBe(413);
    expect(r.out.body.error.code).toBe('PLAN_TOO_LARGE');
    expect(r.out.body.error.message).toMatch(/分工表过大.*18999 条/);
    expect(await storeSnapshot(s)).toBe(snap);
    expect(r.took).toBeGreaterThan(1000); // exceljs reads it all first: seconds
    expect(r.answered).toBeGreaterThan(5);
    expect(r.held).toBeLessThan(bound(r.took));
  });
});
