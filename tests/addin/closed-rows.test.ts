// 办结 entries in the add-in's sheet, on both strict fakes: laid out, a closed row's fields are
// locked on the protected sheet (typing refused, as Excel and WPS refuse locked cells of a protected
// sheet — see tests/fakes/*/host.ts), the other rows stay editable; text typed there before the
// closure is refused by the service (MEASURE_CLOSED), reported with its code, and stays pending in
// the sheet and in the status (closedEdits) — never dropped. Reopened and laid out again, it is
// editable and the kept text goes out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { HOSTS, colOf, measureRows, openInstance } from './harness';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

const UNIT: Record<string, [string, string]> = { excel: ['省交通运输厅', '省交通运输厅'], wps: ['济宁市人民政府', '济宁市政府'] };

describe.each(HOSTS)('办结 rows on %s', (host) => {
  const [unit, sheet] = UNIT[host];
  it('locked when laid out; typed text before the closure is not sent, kept, and goes out once reopened', async () => {
    const inst = await openInstance(srv.url, await srv.issueUnitCode(unit), { host });
    await inst.session.layout();
    const rows = await measureRows(inst, sheet);
    const [[closedNo, closedRow], [openNo, openRow]] = [...rows.entries()];
    const { assignments } = await inst.session.api.assignments(inst.session.period.id);
    const mk = assignments.find((a) => a.measureNo === closedNo)!.measureKey;
    const c = colOf(inst.fake, sheet, '存在问题');
    const typed = `${closedNo}：尚有两处用地未落实。`;
    inst.fake.type(sheet, closedRow, c, typed);

    const close = await api(srv.url, srv.coordinatorCode, 'POST', `/api/admin/periods/${srv.periodId}/close-measure`, { measureKey: mk, unitId: unit });
    expect(close.status).toBe(200);
    const r = await inst.session.sync();
    expect(r.rejected).toEqual([expect.objectContaining({ measureKey: mk, field: 'problems', code: 'MEASURE_CLOSED' })]);
    expect(r.rejected[0].message).toContain('已办结');
    expect(r.pending).toBe(1);
    expect(await srv.field(mk, unit, 'problems')).toBeUndefined();
    expect(String(inst.fake.mustSheet(sheet).valueAt(closedRow, c))).toBe(typed);
    await inst.session.cycle();
    expect((await inst.session.status()).closedEdits).toEqual([{ measureKey: mk, field: 'problems', value: typed }]);

    const again = await inst.session.layout();
    expect(again.keptEdits).toBe(1);
    const s = inst.fake.mustSheet(sheet);
    expect(String(s.valueAt(closedRow, 2))).toContain('【已办结，不再填报】');
    expect(String(s.valueAt(closedRow, c))).toBe(typed);
    expect(() => inst.fake.type(sheet, closedRow, c, '改一下')).toThrow();
    expect(String(s.valueAt(closedRow, c))).toBe(typed);
    inst.fake.type(sheet, openRow, c, `${openNo}：无。`); // other rows stay editable

    // reopened: laid out again the row is editable, and the kept text is sent
    expect((await api(srv.url, srv.coordinatorCode, 'POST', `/api/admin/periods/${srv.periodId}/reopen-measure`, { measureKey: mk, unitId: unit })).status).toBe(200);
    await inst.session.layout();
    inst.fake.type(sheet, closedRow, c, `${typed}（已补充）`);
    const out = await inst.session.sync();
    expect(out.rejected).toEqual([]);
    expect((await srv.field(mk, unit, 'problems'))?.value).toBe(`${typed}（已补充）`);
    expect((await inst.session.status()).closedEdits).toEqual([]);
  });
});
