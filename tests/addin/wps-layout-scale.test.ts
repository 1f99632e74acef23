// WPS 表格 layout at scale: the adapter packs merges and row heights into multi-area ranges
// (addin/wps/wps-batch.ts), so its object-model calls barely grow with the table — and the sheet it
// renders is exactly the one the commands run one at a time render (tests/addin/wps-per-command.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePlan, startTestServer, type TestServer } from '../helpers/server';
import { FakeWpsHost } from '../fakes/wps/host';
import { wpsPort } from '../../addin/wps/wps-port';
import { AddinSession } from '../../addin/core/session';
import { scaledPlan } from './scaled-plan';
import { dumpWorkbook, firstDifference } from './sheet-dump';
import { recordingPort, replayPerCommand, type Change } from './wps-per-command';
import type { SheetOp } from '../../addin/sheet/sheet-ops';

const servers = {} as Record<'1×' | '100×', TestServer>;
beforeAll(async () => {
  servers['1×'] = await startTestServer();
  servers['100×'] = await startTestServer({ plan: scaledPlan(referencePlan(), 100) });
}, 300_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.close()));
});

async function wpsSession(srv: TestServer, code: string) {
  const fake = new FakeWpsHost();
  const rec = recordingPort(wpsPort(fake.application() as never));
  const session = await AddinSession.connect(rec.port, srv.url, code);
  return { fake, session, changes: rec.changes };
}

/** Where the workbook differs from the one the same changes make one command at a time (null: nowhere). */
function differenceFromPerCommand(fake: FakeWpsHost, changes: Change[]): string | null {
  const reference = new FakeWpsHost();
  replayPerCommand(reference.application() as never, changes);
  return firstDifference(dumpWorkbook(fake.workbook), dumpWorkbook(reference.workbook));
}

/** Object-model calls one layout makes. */
async function layoutCalls(srv: TestServer, code: string): Promise<number> {
  const { fake, session } = await wpsSession(srv, code);
  fake.resetCounters();
  await session.layout();
  return fake.calls;
}

describe('WPS 表格 layout, packed', () => {
  it('the consolidated table (13,700 rows) is cell for cell, merge for merge what one command at a time made — in at most 5,000 calls', async () => {
    const srv = servers['100×'];
    const { fake, session, changes } = await wpsSession(srv, srv.coordinatorCode);
    fake.resetCounters();
    const rep = await session.layout();
    // every merge and row-height run still needs its address, and an address holds ≤ 255
    // characters (~18 areas): 16,000 merges take ~800 ranges (one at a time: 172,039 calls in all)
    expect(fake.calls).toBeLessThanOrEqual(5_000);
    expect(differenceFromPerCommand(fake, changes)).toBeNull();
    // the comparison covers what matters: thousands of merges and row heights, locking, protection
    const s = fake.mustSheet(rep.sheetName);
    expect(s.usedRange(true)!.bottom).toBeGreaterThan(13_000);
    expect(s.merges.length).toBeGreaterThan(10_000);
    expect(s.rowHeights.size).toBeGreaterThan(13_000);
    expect(s.protected).toBe(true);
    // a merged task shows its text once, in the top cell
    const m = s.merges.find((x) => x.left === 1 && x.bottom > x.top)!;
    expect(String(s.valueAt(m.top, 1))).not.toBe('');
    expect(s.cell(m.top + 1, 1).value).toBe('');
  }, 300_000);

  it('laid out again over the old sheet (its merges undone first), the unit table and the consolidated one come out the same too', async () => {
    const srv = servers['1×'];
    for (const code of [await srv.issueUnitCode('省交通运输厅'), srv.coordinatorCode]) {
      const { fake, session, changes } = await wpsSession(srv, code);
      const rep = await session.layout();
      await session.layout();
      expect(differenceFromPerCommand(fake, changes)).toBeNull();
      expect(fake.mustSheet(rep.sheetName).merges.length).toBeGreaterThan(3);
    }
  });

  it('on command lists no layout makes — merges over filled cells without a reset, text into merged cells, overlapping row heights — the same as one at a time', async () => {
    const fake = new FakeWpsHost();
    const rec = recordingPort(wpsPort(fake.application() as never));
    const area = (r: number, c: number, rows: number, cols: number) => ({ r, c, rows, cols });
    const lists: SheetOp[][] = [
      [
        { op: 'values', r: 0, c: 0, values: [['甲', '乙'], ['甲', '丙'], ['甲', '丙']] },
        { op: 'merge', area: area(0, 0, 3, 1) },
        { op: 'merge', area: area(1, 1, 2, 1) },
        { op: 'rowHeight', row: 0, rows: 3, points: 20 },
        { op: 'rowHeight', row: 1, rows: 1, points: 31 },
      ],
      [{ op: 'values', r: 0, c: 0, values: [['丁', '戊'], ['己', '庚']] }],
      [
        { op: 'values', r: 4, c: 0, values: [['题', '题', '题']] },
        { op: 'reset', area: area(0, 0, 3, 2), validation: true },
        { op: 'values', r: 0, c: 0, values: [['新', '新'], ['新', '新']] },
        { op: 'merge', area: area(0, 0, 1, 2) },
        { op: 'merge', area: area(4, 0, 1, 3) },
        { op: 'merge', area: area(1, 0, 2, 2) },
      ],
    ];
    for (const ops of lists) await rec.port.write({ name: '试验', exists: true }, ops);
    expect(differenceFromPerCommand(fake, rec.changes)).toBeNull();
    const s = fake.mustSheet('试验');
    expect(s.merges).toHaveLength(3);
    expect(s.rowHeights.get(1)).toBe(31);
  });

  it('object-model calls stay within a fixed bound at 1× and 100×: a unit sheet, the consolidated table at 1×', async () => {
    // Before packing: unit 422 → 3,293 calls, consolidated 2,056 at 1× (each merge, each row-height run its own).
    for (const srv of [servers['1×'], servers['100×']]) expect(await layoutCalls(srv, await srv.issueUnitCode('省交通运输厅'))).toBeLessThanOrEqual(500);
    expect(await layoutCalls(servers['1×'], servers['1×'].coordinatorCode)).toBeLessThanOrEqual(500);
  }, 300_000);
});
