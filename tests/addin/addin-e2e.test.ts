// The add-in's code against the strict fake Excel and the real service in-process (stories 3, 4, 7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { colOf, measureRows, openInstance, switchableFetch, type Instance } from './harness';
import { CONFLICT_FILL } from '../../addin/sheet/sheet-ops';
import { FakeExcelError } from '../../addin/fake-excel/fake-excel';
import { isKeyHeader } from '../../shared/layout/keys';
import type { Entry } from '../../shared/model/progress';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

async function serverEntry(unitId: string, measureKey: string): Promise<Entry | undefined> {
  const r = await api<{ entries: Entry[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/entries?since=0&unit=${encodeURIComponent(unitId)}`);
  return r.body.entries.find((e) => e.measureKey === measureKey && e.unitId === unitId);
}

async function keyOf(inst: Instance, no: string): Promise<string> {
  const { assignments } = await inst.session.api.assignments(inst.session.period.id);
  return assignments.find((a) => a.measureNo === no)!.measureKey;
}

const SHEET = '省交通运输厅';

describe('story 3: 省交通运输厅 lays out, fills, syncs, works offline', () => {
  let a: Instance;
  let rows: Map<string, number>;
  let col: (h: string) => number;

  it('lays out only its measures 1.1–1.4 and 7.1, protected, with a status drop-down and print setup', async () => {
    a = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'));
    const rep = await a.session.layout();
    expect(rep.sheetName).toBe(SHEET);
    rows = await measureRows(a, SHEET);
    expect([...rows.keys()].sort()).toEqual(['1.1', '1.2', '1.3', '1.4', '7.1']);
    col = (h) => colOf(a.fake, SHEET, h);
    const s = a.fake.mustSheet(SHEET);
    expect(['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划'].map((h) => col(h))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(String(s.valueAt(0, 0))).toContain('落实情况填报表');
    // locked task columns, unlocked wrapped entry columns, list validation on 完成状态
    const r11 = rows.get('1.1')!;
    expect(s.cell(r11, col('具体举措')).locked).toBe(true);
    expect(s.cell(r11, col('进展情况')).locked).toBe(false);
    expect(s.cell(r11, col('进展情况')).format.wrap).toBe(true);
    expect(s.cell(r11, col('完成状态')).validation).toEqual(['未启动', '推进中', '已完成', '滞后']);
    // task cells merged as in the source: task 1 spans its four measures
    expect(s.merges).toContainEqual({ top: rows.get('1.1')!, left: 0, bottom: rows.get('1.4')!, right: 0 });
    expect(s.frozenRows).toBe(4);
    expect(s.protected).toBe(true);
    const keyCol = [...Array(12).keys()].find((c) => isKeyHeader(s.valueAt(3, c)))!;
    expect(s.hiddenCols.has(keyCol)).toBe(true);
    expect(s.pageLayout).toMatchObject({ orientation: 'Landscape', paperSize: 'A3', printTitleRows: '$4:$4', centerFooter: '&"宋体,Regular"&14— &P —' });
    expect(s.pageLayout.zoom.horizontalFitToPages).toBe(1);
    expect(s.colWidths.get(col('进展情况'))).toBeGreaterThan(s.colWidths.get(col('序号'))!);
    // a person cannot type over the task text; a status outside the list is refused
    expect(() => a.fake.type(SHEET, r11, col('具体举措'), 'x')).toThrow(FakeExcelError);
    expect(() => a.fake.type(SHEET, r11, col('完成状态'), '差不多')).toThrow(/数据验证/);
    // constant requests: read + write (+ the connect's settings write)
    expect(rep.syncs).toBe(2);
  });

  it('two filled rows arrive on the server after 同步', async () => {
    const r11 = rows.get('1.1')!;
    const r72 = rows.get('7.1')!;
    a.fake.type(SHEET, r11, col('完成状态'), '推进中');
    a.fake.type(SHEET, r11, col('进展情况'), '鲁南高铁曲阜至菏泽段已完成主体工程。');
    a.fake.type(SHEET, r72, col('完成状态'), '已完成');
    // a paste: no drop-down check, no onChanged — the snapshot diff still finds it
    a.fake.paste(SHEET, r72, col('进展情况'), [['城乡基础设施一体化规划已印发。', '资金缺口较大', '=争取专项债']]);
    expect((await a.session.status()).pending).toBe(6);
    const rep = await a.session.sync();
    expect(rep).toMatchObject({ offline: false, pushed: 6, accepted: 6, pending: 0 });
    expect(rep.conflicts).toEqual([]);
    expect(rep.syncs).toBe(2);
    const e = await serverEntry('省交通运输厅', await keyOf(a, '1.1'));
    expect(e?.fields.status?.value).toBe('推进中');
    expect(e?.fields.progress?.value).toBe('鲁南高铁曲阜至菏泽段已完成主体工程。');
    const e7 = await serverEntry('省交通运输厅', await keyOf(a, '7.1'));
    expect(e7?.fields.nextSteps?.value).toBe('=争取专项债'); // text stays text (cells are formatted as text)
    // the key cell carries the new base revisions
    const s = a.fake.mustSheet(SHEET);
    const keyCell = String(s.valueAt(r11, 9));
    expect(keyCell).toMatch(/\|r:[1-9]/);
    expect((await a.session.status()).pending).toBe(0);
  });

  it('edits made offline persist with the workbook and go out on the next sync after reopening', async () => {
    const net = switchableFetch();
    const code = await srv.issueUnitCode('省交通运输厅');
    const b = await openInstance(srv.url, code, { fetch: net.fetch, fake: a.fake });
    net.offline.on = true;
    a.fake.type(SHEET, rows.get('1.2')!, col('进展情况'), '临淄至沂南高速已开工建设。');
    const off = await b.session.sync();
    expect(off).toMatchObject({ offline: true, pending: 1 });
    expect(b.session.offline).toBe(true);
    // persisted in the workbook's settings — never the access code
    const stored = JSON.stringify([...a.fake.workbook.settings.values()]);
    expect(stored).toContain('临淄至沂南高速已开工建设。');
    expect(stored).not.toContain(code);
    // "reopen": a fresh session on the same workbook, back online
    const c = await openInstance(srv.url, code, { fake: a.fake });
    expect((await c.session.status()).pending).toBe(1);
    const on = await c.session.sync();
    expect(on).toMatchObject({ offline: false, accepted: 1, pending: 0 });
    expect((await serverEntry('省交通运输厅', await keyOf(a, '1.2')))?.fields.progress?.value).toBe('临淄至沂南高速已开工建设。');
  });

  it('a retried push (lost response) applies once: change ids are stable', async () => {
    const r13 = rows.get('1.3')!;
    a.fake.type(SHEET, r13, col('进展情况'), '运河主航道升级工程完成80%。');
    // send the pending change by hand, as if the response had been lost …
    const st = await a.session.status();
    expect(st.pending).toBe(1);
    const doc = a.fake.workbook.settings.get([...a.fake.workbook.settings.keys()].find((k) => k.startsWith('fengong.sync'))!) as { clientId: string };
    const { pendingChanges } = await import('../../shared/sync/diff');
    const { readSheet } = await import('../../addin/sheet/read-sheet');
    const s = a.fake.mustSheet(SHEET);
    const used = s.usedRange(true)!;
    const grid = [...Array(used.bottom + 1).keys()].map((r) => [...Array(used.right + 1).keys()].map((c) => s.valueAt(r, c)));
    const pend = pendingChanges(readSheet(grid)!.rows, a.fake.workbook.settings.get(`fengong.sync.${srv.periodId}.省交通运输厅`) as never);
    expect(pend[0].changeId.startsWith(doc.clientId)).toBe(true);
    const first = await a.session.api.changes(srv.periodId, pend);
    expect(first.results[0].outcome).toBe('accepted');
    // … then the add-in's own sync sends the same change again: same id, applied once
    const rep = await a.session.sync();
    expect(rep.pending).toBe(0);
    const hist = await api<{ items: { changeId: string }[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/history?unit=${encodeURIComponent('省交通运输厅')}&measure=${encodeURIComponent(await keyOf(a, '1.3'))}`);
    expect(hist.body.items.filter((h) => h.changeId === pend[0].changeId)).toHaveLength(1);
  });

  it('laying out again keeps unsynced edits and writes in what others synced', async () => {
    const r14 = rows.get('1.4')!;
    a.fake.type(SHEET, r14, col('存在问题'), '机场用地指标紧张。');
    const other = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'));
    await other.session.layout();
    const orows = await measureRows(other, SHEET);
    other.fake.type(SHEET, orows.get('1.4')!, col('下步计划'), '协调用地报批。');
    await other.session.sync();
    const rep = await a.session.layout();
    expect(rep.keptEdits).toBe(1);
    expect(a.fake.text(SHEET, r14, col('存在问题'))).toBe('机场用地指标紧张。');
    expect(a.fake.text(SHEET, r14, col('下步计划'))).toBe('协调用地报批。');
    expect(a.fake.text(SHEET, rows.get('1.1')!, col('进展情况'))).toBe('鲁南高铁曲阜至菏泽段已完成主体工程。');
    expect((await a.session.status()).pending).toBe(1);
    expect(await a.session.sync()).toMatchObject({ accepted: 1, pending: 0 });
    expect((await serverEntry('省交通运输厅', await keyOf(a, '1.4')))?.fields.problems?.value).toBe('机场用地指标紧张。');
  });

  it('报送 marks the unit submitted', async () => {
    const at = await a.session.submit();
    expect(Date.parse(at)).toBeGreaterThan(0);
    const st = await api<{ units: { unitId: string; submitted: boolean }[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/status`);
    expect(st.body.units.find((u) => u.unitId === '省交通运输厅')?.submitted).toBe(true);
  });
});

describe('story 4: two colleagues of one unit', () => {
  const UNIT = '枣庄市人民政府';
  let x: Instance;
  let y: Instance;
  let sheet: string;
  let rows: Map<string, number>;

  beforeAll(async () => {
    x = await openInstance(srv.url, await srv.issueUnitCode(UNIT, { person: '张三' }));
    y = await openInstance(srv.url, await srv.issueUnitCode(UNIT, { person: '李四' }));
    sheet = (await x.session.layout()).sheetName;
    await y.session.layout();
    rows = await measureRows(x, sheet);
  });

  it('different fields of one entry: both kept', async () => {
    const no = [...rows.keys()][0];
    const r = rows.get(no)!;
    x.fake.type(sheet, r, colOf(x.fake, sheet, '进展情况'), '张三写的进展。');
    y.fake.type(sheet, r, colOf(y.fake, sheet, '存在问题'), '李四写的问题。');
    expect(await x.session.sync()).toMatchObject({ accepted: 1, conflicts: [] });
    const ry = await y.session.sync();
    expect(ry).toMatchObject({ accepted: 1, conflicts: [] });
    expect(y.fake.text(sheet, r, colOf(y.fake, sheet, '进展情况'))).toBe('张三写的进展。');
    await x.session.sync();
    expect(x.fake.text(sheet, r, colOf(x.fake, sheet, '存在问题'))).toBe('李四写的问题。');
  });

  it('the same field: the second sync shows a conflict with both texts, and a person chooses', async () => {
    const no = [...rows.keys()][1];
    const r = rows.get(no)!;
    const c = colOf(x.fake, sheet, '下步计划');
    x.fake.type(sheet, r, c, '张三：下步加快推进。');
    y.fake.type(sheet, r, c, '李四：下步完成验收。');
    expect(await x.session.sync()).toMatchObject({ accepted: 1 });
    const ry = await y.session.sync();
    expect(ry.conflicts).toHaveLength(1);
    expect(ry.conflicts[0]).toMatchObject({ field: 'nextSteps', mine: '李四：下步完成验收。', theirs: '张三：下步加快推进。' });
    // both values kept: mine in the cell (marked), theirs on the server
    expect(y.fake.text(sheet, r, c)).toBe('李四：下步完成验收。');
    expect(y.fake.mustSheet(sheet).cell(r, c).format.fill).toBe(CONFLICT_FILL);
    // a sync while the conflict is open does not push mine over theirs
    expect(await y.session.sync()).toMatchObject({ pushed: 0 });
    const open = await y.session.serverConflicts();
    expect(open.map((k) => k.id)).toContain(ry.conflicts[0].id);
    // the person edits a combined text
    const combined = '张三：下步加快推进。李四：下步完成验收。';
    await y.session.resolve(ry.conflicts[0].id, combined);
    expect(y.fake.text(sheet, r, c)).toBe(combined);
    expect(y.fake.mustSheet(sheet).cell(r, c).format.fill).toBeNull();
    expect((await y.session.status()).conflicts).toEqual([]);
    await x.session.sync();
    expect(x.fake.text(sheet, r, c)).toBe(combined);
  });
});

describe('临沂市人民政府 and the coordinator (story 7 from Excel)', () => {
  it('lays out every measure of 临沂市人民政府', async () => {
    const inst = await openInstance(srv.url, await srv.issueUnitCode('临沂市人民政府'));
    const rep = await inst.session.layout();
    const { assignments } = await inst.session.api.assignments(srv.periodId);
    expect(assignments.length).toBeGreaterThan(5);
    expect(rep.rows).toBe(assignments.length);
    expect((await measureRows(inst, rep.sheetName)).size).toBe(assignments.length);
    expect(rep.syncs).toBe(2);
  });

  it('the coordinator lays out the consolidated table: read-only, ready to print', async () => {
    const inst = await openInstance(srv.url, srv.coordinatorCode);
    const rep = await inst.session.layout();
    const s = inst.fake.mustSheet(rep.sheetName);
    const cons = await inst.session.api.consolidated(srv.periodId);
    expect(rep.rows).toBe(cons.measures.reduce((n, m) => n + Math.max(1, m.units.length), 0));
    expect(String(s.valueAt(0, 0))).toContain('汇总表');
    expect(s.protected).toBe(true);
    expect([...s.cells.values()].some((c) => !c.locked)).toBe(false);
    // (the consolidated table: title, then the header row)
    expect(s.pageLayout).toMatchObject({ orientation: 'Landscape', paperSize: 'A3', printTitleRows: '$2:$2', centerFooter: '&"宋体,Regular"&14— &P —' });
    // the text 省交通运输厅 synced above is in the consolidated table
    const texts = [...s.cells.values()].map((c) => String(c.value));
    expect(texts).toContain('鲁南高铁曲阜至菏泽段已完成主体工程。');
    await expect(inst.session.sync()).rejects.toThrow(/只读/);
  });
});

describe('feature detection on an ExcelApi 1.7 host', () => {
  it('lays out without list validation (1.8) and page layout (1.9), which the host would refuse', async () => {
    const inst = await openInstance(srv.url, await srv.issueUnitCode('省发展改革委'), { apiVersion: '1.7' });
    const rep = await inst.session.layout();
    expect(rep.features).toEqual({ validation: false, pageLayout: false });
    const s = inst.fake.mustSheet(rep.sheetName);
    expect([...s.cells.values()].some((c) => c.validation)).toBe(false);
    expect(s.pageLayout.printTitleRows).toBeNull();
    expect(s.protected).toBe(true);
    // and the sync path stays within ExcelApi 1.7
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
    expect(Math.max(...split.fake.payloads)).toBeLessThanOrEqual(4_000);
    const again = await openInstance(srv.url, code, { requestBudget: 2_000, payloadLimit: 4_000 });
    await again.session.layout();
    expect(again.fake.payloads).toEqual(split.fake.payloads);
    const dump = (i: Instance) => JSON.stringify([...i.fake.mustSheet(r1.sheetName).cells.entries()].sort()) + JSON.stringify(i.fake.mustSheet(r1.sheetName).merges);
    expect(dump(split)).toBe(dump(whole));
  });
});
