// No single request may stall the service (docs/rules.md "Bounds"): a zip bomb is inflated and
// refused in file-guard's worker thread, so the event loop keeps answering others meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { loopGaps } from '../helpers/loop-gaps';
import { zipBomb } from '../helpers/zip-bomb';
import { postMerge, storeSnapshot } from '../workbooks/helpers';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('uploads off the event loop', () => {
  it('while a zip bomb is being refused, the event loop is never held for long and health checks answer', async () => {
    const snap = await storeSnapshot(s);
    await postMerge(s, [{ name: 'warm-up.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]) }]); // the worker is started
    const bomb = zipBomb(); // built before measuring: deflating 16 MB is work of the test itself
    const gaps = loopGaps();
    const t0 = performance.now();
    let done = false;
    const pending = postMerge(s, [{ name: 'bomb.xlsx', bytes: bomb }]).finally(() => (done = true));
    let answered = 0;
    while (!done) {
      if ((await fetch(`${s.url}/api/health`)).ok) answered++;
    }
    const r = await pending;
    const took = performance.now() - t0;
    const held = await gaps.stop();
    expect(r.status).toBe(400); // a single refused file answers with its error
    expect(r.body.error).toMatchObject({ code: 'ZIP_BOMB' });
    expect(await storeSnapshot(s)).toBe(snap);
    expect(answered).toBeGreaterThan(3); // answered while the bomb was being refused
    // inflating 150 MB takes a while; the loop was free for all but a small part of it
    expect(held).toBeLessThan(Math.max(100, took / 3));
  });
});
