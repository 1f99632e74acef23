// Periods from Excel: a closed period refuses the unit's changes with a clear message (kept in the
// sheet as pending), and the next period is laid out on its own sheet, carried-over text included,
// without touching the old one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { colOf, measureRows, openInstance } from './harness';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('periods in the add-in', () => {
  it('closed period: rejected with the reason, kept pending; the next period gets its own sheet', async () => {
    const code = await srv.issueUnitCode('省交通运输厅');
    const a = await openInstance(srv.url, code);
    const sheet = (await a.session.layout()).sheetName;
    const rows = await measureRows(a, sheet);
    const c = colOf(a.fake, sheet, '进展情况');
    a.fake.type(sheet, rows.get('1.1')!, c, '上半年完成可研批复。');
    await a.session.sync();
    a.fake.type(sheet, rows.get('1.2')!, c, '截止后才写的内容。');
    expect((await api(srv.url, srv.coordinatorCode, 'POST', `/api/admin/periods/${srv.periodId}/close`)).status).toBe(200);
    const rep = await a.session.sync();
    expect(rep.rejected).toHaveLength(1);
    expect(rep.rejected[0].message).toContain('本期填报已关闭');
    expect(rep.pending).toBe(1);
    expect(a.fake.text(sheet, rows.get('1.2')!, c)).toBe('截止后才写的内容。');

    const opened = await api<{ id: string; name: string }>(srv.url, srv.coordinatorCode, 'POST', '/api/admin/periods', { name: '2027年上半年', carryOver: true });
    expect(opened.status).toBe(200);
    const b = await openInstance(srv.url, code, { fake: a.fake });
    expect(b.session.period.name).toBe('2027年上半年');
    const next = await b.session.layout();
    expect(next.sheetName).not.toBe(sheet);
    expect(next.sheetName).toContain('2027年上半年');
    const nrows = await measureRows(b, next.sheetName);
    expect(a.fake.text(next.sheetName, nrows.get('1.1')!, colOf(a.fake, next.sheetName, '进展情况'))).toBe('上半年完成可研批复。');
    // the old period's sheet is untouched, its unsent text still there
    expect(a.fake.text(sheet, rows.get('1.2')!, c)).toBe('截止后才写的内容。');
    expect(a.fake.workbook.sheets.map((s) => s.name)).toEqual(['Sheet1', sheet, next.sheetName]);
  });

  it('re-layout refuses to drop unsynced text of a measure no longer assigned to the unit', async () => {
    const code = await srv.issueUnitCode('省交通运输厅');
    const a = await openInstance(srv.url, code);
    const sheet = (await a.session.layout()).sheetName;
    const rows = await measureRows(a, sheet);
    const c = colOf(a.fake, sheet, '存在问题');
    a.fake.type(sheet, rows.get('7.1')!, c, '尚未同步的问题描述。');
    const { assignments } = await a.session.api.assignments(a.session.period.id);
    const m71 = assignments.find((x) => x.measureNo === '7.1')!;
    const plan = await api<{ plan: { tasks: { measures: { key: string; assignments: { unitId: string }[] }[] }[] } }>(srv.url, srv.coordinatorCode, 'GET', `/api/plans/${srv.planId}`);
    const units = plan.body.plan.tasks.flatMap((t) => t.measures).find((m) => m.key === m71.measureKey)!.assignments.map((x) => x.unitId);
    const edit = await api(srv.url, srv.coordinatorCode, 'POST', `/api/admin/plans/${srv.planId}/assignments`, { measureKey: m71.measureKey, unitIds: units.filter((u) => u !== '省交通运输厅'), leads: 1 });
    expect(edit.status).toBe(200);
    await expect(a.session.layout()).rejects.toThrow(/1 处未同步的修改/);
    expect(a.fake.text(sheet, rows.get('7.1')!, c)).toBe('尚未同步的问题描述。');
  });
});
