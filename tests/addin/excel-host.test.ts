// What only the Office.js adapter has to cope with: requirement sets below what layout would use,
// and Excel on the web's 5 MB request limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { colOf, measureRows, openInstance, type Instance } from './harness';
import type { FakeExcelHost } from '../fakes/excel/host';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

const excel = (i: Instance) => i.fake as FakeExcelHost;

describe('feature detection on an ExcelApi 1.7 host', () => {
  it('lays out without list validation (1.8) and page layout (1.9), which the host would refuse', async () => {
    const inst = await openInstance(srv.url, await srv.issueUnitCode('省发展改革委'), { apiVersion: '1.7' });
    const rep = await inst.session.layout();
    expect(rep.features).toEqual({ validation: false, pageLayout: false });
    const s = inst.fake.mustSheet(rep.sheetName);
    expect([...s.cells.values()].some((c) => c.validation)).toBe(false);
    expect(s.pageLayout.printTitleRows).toBeNull();
    expect(s.protected).toBe(true);
    const rows = await measureRows(inst, rep.sheetName);
    inst.fake.type(rep.sheetName, [...rows.values()][0], colOf(inst.fake, rep.sheetName, '进展情况'), '按计划推进。');
    expect(await inst.session.sync()).toMatchObject({ accepted: 1, pending: 0 });
  });
});

describe('the 5 MB request limit', () => {
  it('splits a layout deterministically into more requests and renders the same sheet', async () => {
    const code = await srv.issueUnitCode('临沂市人民政府');
    const whole = await openInstance(srv.url, code);
    const split = await openInstance(srv.url, code, { requestBudget: 2_000, payloadLimit: 4_000 });
    const r1 = await whole.session.layout();
    const r2 = await split.session.layout();
    expect(r1.requests).toBe(1);
    expect(r2.requests).toBeGreaterThan(3);
    expect(Math.max(...excel(split).payloads)).toBeLessThanOrEqual(4_000);
    const again = await openInstance(srv.url, code, { requestBudget: 2_000, payloadLimit: 4_000 });
    await again.session.layout();
    expect(excel(again).payloads).toEqual(excel(split).payloads);
    const dump = (i: Instance) => JSON.stringify([...i.fake.mustSheet(r1.sheetName).cells.entries()].sort()) + JSON.stringify(i.fake.mustSheet(r1.sheetName).merges);
    expect(dump(split)).toBe(dump(whole));
  });
});
