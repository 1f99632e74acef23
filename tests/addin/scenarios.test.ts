// One scenario suite, run against both strict fakes — Excel (Office.js) and WPS 表格 (WPS JS API) —
// through the same port the product uses, with the real service in-process (stories 3, 4, 7, 9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { colOf, HOSTS, measureRows, openInstance, switchableFetch, type Instance } from './harness';
import { CONFLICT_FILL } from '../../addin/sheet/sheet-ops';
import { WAITING_FOR_CELL_EDIT } from '../../addin/core/port';
import { isKeyHeader } from '../../shared/layout/keys';
import { stateKey } from '../../shared/sync/state';
import type { Entry } from '../../shared/model/progress';

let srv: TestServer;

async function serverEntry(unitId: string, measureKey: string): Promise<Entry | undefined> {
  const r = await api<{ entries: Entry[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/entries?since=0&unit=${encodeURIComponent(unitId)}`);
  return r.body.entries.find((e) => e.measureKey === measureKey && e.unitId === unitId);
}

async function keyOf(inst: Instance, no: string): Promise<string> {
  const { assignments } = await inst.session.api.assignments(inst.session.period.id);
  return assignments.find((a) => a.measureNo === no)!.measureKey;
}

const SHEET = '省交通运输厅';

describe.each(HOSTS)('%s', (host) => {
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.close();
  });

  describe('story 3 — 省交通运输厅 lays out, fills, syncs, works offline', () => {
    let a: Instance;
    let rows: Map<string, number>;
    let col: (h: string) => number;

    it('lays out exactly 1.1–1.4 and 7.1: locked reference columns, unlocked entry columns, drop-down, merges, frozen header, hidden key, print setup', async () => {
      a = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { host });
      const rep = await a.session.layout();
      expect(rep.sheetName).toBe(SHEET);
      rows = await measureRows(a, SHEET);
      expect([...rows.keys()].sort()).toEqual(['1.1', '1.2', '1.3', '1.4', '7.1']);
      col = (h) => colOf(a.fake, SHEET, h);
      const s = a.fake.mustSheet(SHEET);
      expect(['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划'].map((h) => col(h))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(String(s.valueAt(0, 0))).toContain('落实情况填报表');
      const r11 = rows.get('1.1')!;
      expect(s.cell(r11, col('具体举措')).locked).toBe(true);
      expect(s.cell(r11, col('进展情况')).locked).toBe(false);
      expect(s.cell(r11, col('进展情况')).format.wrap).toBe(true);
      expect(s.cell(r11, col('完成状态')).validation).toEqual(['未启动', '推进中', '已完成', '滞后']);
      // task cells merged as in the source: task 1 spans its four measures, its text in the top cell
      expect(s.merges).toContainEqual({ top: rows.get('1.1')!, left: 0, bottom: rows.get('1.4')!, right: 0 });
      expect(String(s.valueAt(r11, 0))).toBe('1');
      expect(s.frozenRows).toBe(4);
      expect(s.protected).toBe(true);
      const keyCol = [...Array(12).keys()].find((c) => isKeyHeader(s.valueAt(3, c)))!;
      expect(s.hiddenCols.has(keyCol)).toBe(true);
      expect(s.pageLayout).toMatchObject({ orientation: 'Landscape', paperSize: 'A3', printTitleRows: '$4:$4', centerFooter: '&"宋体,Regular"&14— &P —' });
      expect(s.pageLayout.zoom.horizontalFitToPages).toBe(1);
      expect(s.colWidths.get(col('进展情况'))).toBeGreaterThan(s.colWidths.get(col('序号'))!);
      expect(s.cell(3, 0).format.fill).toBe('#F2F2F2');
      // a person cannot type over the task text; a status outside the list is refused
      expect(() => a.fake.type(SHEET, r11, col('具体举措'), 'x')).toThrow();
      expect(() => a.fake.type(SHEET, r11, col('完成状态'), '差不多')).toThrow();
      // constant requests: read + write (Excel: context.sync calls; WPS: one synchronous run)
      expect(rep.syncs).toBe(2);
    });

    it('fills two rows (one by pasting a block) and 同步: everything arrives, dates as the person saw them', async () => {
      const r11 = rows.get('1.1')!;
      const r71 = rows.get('7.1')!;
      a.fake.type(SHEET, r11, col('完成状态'), '推进中');
      a.fake.type(SHEET, r11, col('进展情况'), '鲁南高铁曲阜至菏泽段已完成主体工程。');
      a.fake.type(SHEET, r71, col('完成状态'), '已完成');
      // a paste: no drop-down check, no change event — the snapshot diff still finds it
      a.fake.paste(SHEET, r71, col('进展情况'), [['城乡基础设施一体化规划已印发。', '资金缺口较大', '=争取专项债']]);
      // a date pasted from another workbook brings its format: the host hands back a serial number
      a.fake.paste(SHEET, r71, col('联系人/电话'), [[46296]], false, 'yyyy-mm-dd');
      expect((await a.session.status()).pending).toBe(7);
      const rep = await a.session.sync();
      expect(rep).toMatchObject({ offline: false, pushed: 7, accepted: 7, pending: 0 });
      expect(rep.conflicts).toEqual([]);
      expect(rep.syncs).toBe(2);
      const e = await serverEntry('省交通运输厅', await keyOf(a, '1.1'));
      expect(e?.fields.status?.value).toBe('推进中');
      expect(e?.fields.progress?.value).toBe('鲁南高铁曲阜至菏泽段已完成主体工程。');
      const e7 = await serverEntry('省交通运输厅', await keyOf(a, '7.1'));
      expect(e7?.fields.nextSteps?.value).toBe('=争取专项债'); // text stays text (cells are formatted as text)
      expect(e7?.fields.contact?.value).toBe('2026-10-01');
      const keyCell = String(a.fake.mustSheet(SHEET).valueAt(r11, 9));
      expect(keyCell).toMatch(/\|r:[1-9]/);
      expect((await a.session.status()).pending).toBe(0);
    });

    it('edits made offline stay with the workbook and go out on the next sync after reopening', async () => {
      const net = switchableFetch();
      const code = await srv.issueUnitCode('省交通运输厅');
      const b = await openInstance(srv.url, code, { fetch: net.fetch, fake: a.fake });
      net.offline.on = true;
      a.fake.type(SHEET, rows.get('1.2')!, col('进展情况'), '临淄至沂南高速已开工建设。');
      const off = await b.session.sync();
      expect(off).toMatchObject({ offline: true, pending: 1 });
      expect(b.session.offline).toBe(true);
      // the workbook holds the text and the state — never the access code
      expect(a.fake.text(SHEET, rows.get('1.2')!, col('进展情况'))).toBe('临淄至沂南高速已开工建设。');
      const state = await b.port.getValue(stateKey(srv.periodId, '省交通运输厅'));
      expect(state).toMatchObject({ v: 2, periodId: srv.periodId, unitId: '省交通运输厅' });
      expect(JSON.stringify(state)).not.toContain(code);
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
      // the first push reaches the service but its answer is lost on the way back …
      let lost = false;
      const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const res = await fetch(input, init);
        if (!lost && String(input).endsWith('/changes')) {
          lost = true;
          throw new TypeError('connection reset'); // …twice, so even the client's one retry fails
        }
        return res;
      }) as typeof fetch;
      const b = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { fake: a.fake, fetch: flaky });
      const first = await b.session.sync();
      expect(first.pending).toBe(0); // the client's own retry got the answer: applied, not twice
      const hist = await api<{ items: { changeId: string; newValue: string }[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/history?unit=${encodeURIComponent('省交通运输厅')}&measure=${encodeURIComponent(await keyOf(a, '1.3'))}`);
      expect(hist.body.items.filter((h) => h.newValue === '运河主航道升级工程完成80%。')).toHaveLength(1);
      // and the add-in's own next sync sends nothing again
      expect(await a.session.sync()).toMatchObject({ pushed: 0, pending: 0 });
    });

    it('laying out again keeps unsynced edits and writes in what a colleague synced', async () => {
      const r14 = rows.get('1.4')!;
      a.fake.type(SHEET, r14, col('存在问题'), '机场用地指标紧张。');
      const other = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { host });
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

    it('text typed while a sync talks to the service is never overwritten by a pulled value', async () => {
      const r = rows.get('1.2')!;
      const c = col('下步计划');
      const other = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { host });
      await other.session.layout();
      other.fake.type(SHEET, (await measureRows(other, SHEET)).get('1.2')!, c, '同事：下步开展交工验收。');
      await other.session.sync();
      // a's sync reads the sheet (cell still as synced), pushes, then pulls the colleague's value —
      // and just before the pull answers, the person types into that very cell
      const net = switchableFetch();
      const b = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { fake: a.fake, fetch: net.fetch });
      net.before.fn = (url) => {
        if (url.includes('/entries?since=') && net.before.fn) {
          net.before.fn = null;
          a.fake.type(SHEET, r, c, '本人：下步完成竣工决算。');
        }
      };
      const rep = await b.session.sync();
      expect(a.fake.text(SHEET, r, c)).toBe('本人：下步完成竣工决算。');
      expect(rep.keptLocal).toBeGreaterThanOrEqual(1);
      expect(rep.pending).toBe(1);
      // the next sync meets the colleague's value as a conflict: both kept, a person decides
      const next = await b.session.sync();
      expect(next.conflicts).toHaveLength(1);
      expect(next.conflicts[0]).toMatchObject({ mine: '本人：下步完成竣工决算。', theirs: '同事：下步开展交工验收。' });
      expect(a.fake.text(SHEET, r, c)).toBe('本人：下步完成竣工决算。');
      const res = await b.session.resolve(next.conflicts[0].id, '同事：下步开展交工验收。本人：下步完成竣工决算。');
      expect(res).toEqual({ resolved: true });
      expect(a.fake.text(SHEET, r, c)).toBe('同事：下步开展交工验收。本人：下步完成竣工决算。');
    });

    it('cell-edit mode during a sync: the pane is told to finish editing, the sync then completes, nothing lost', async () => {
      const waits: (string | null)[] = [];
      const b = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { fake: a.fake, onWait: (m) => waits.push(m) });
      a.fake.type(SHEET, rows.get('1.3')!, col('存在问题'), '航道疏浚资金待落实。');
      // editing while the sync starts (its read is refused) …
      a.fake.editing = true;
      setTimeout(() => (a.fake.editing = false), 150);
      const rep = await b.session.sync();
      expect(waits).toContain(WAITING_FOR_CELL_EDIT);
      expect(waits.at(-1)).toBeNull();
      expect(rep).toMatchObject({ accepted: 1, pending: 0 });
      // … and editing again between the push and the write-back: the write waits, the push is not lost
      a.fake.type(SHEET, rows.get('1.3')!, col('下步计划'), '争取省级专项资金。');
      const net = switchableFetch();
      const c = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { fake: a.fake, fetch: net.fetch });
      net.before.fn = (url) => {
        if (url.includes('/entries?since=')) {
          a.fake.editing = true;
          setTimeout(() => (a.fake.editing = false), 150);
        }
      };
      expect(await c.session.sync()).toMatchObject({ accepted: 1, pending: 0 });
      expect((await a.session.status()).pending).toBe(0);
      expect((await serverEntry('省交通运输厅', await keyOf(a, '1.3')))?.fields.nextSteps?.value).toBe('争取省级专项资金。');
    });

    it('a person who stays in the cell: 请先结束单元格编辑, and the next 同步 sends the change once', async () => {
      const b = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { fake: a.fake, editWaitMs: 150 });
      a.fake.type(SHEET, rows.get('1.4')!, col('进展情况'), '机场改扩建前期工作加快。');
      a.fake.editing = true;
      await expect(b.session.sync()).rejects.toThrow(/请先结束单元格编辑/);
      a.fake.editing = false;
      expect(await b.session.sync()).toMatchObject({ accepted: 1, pending: 0 });
    });

    it('报送 marks the unit submitted (审签 asked)', async () => {
      await expect(a.session.submit('  ')).rejects.toThrow(/请填写审签人/);
      const at = await a.session.submit('李主任');
      expect(Date.parse(at)).toBeGreaterThan(0);
      const st = await api<{ units: { unitId: string; submitted: boolean }[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/status`);
      expect(st.body.units.find((u) => u.unitId === '省交通运输厅')?.submitted).toBe(true);
    });
  });

  describe('story 4 — two colleagues of one unit', () => {
    const UNIT = host === 'wps' ? '济宁市人民政府' : '枣庄市人民政府';
    let x: Instance;
    let y: Instance;
    let sheet: string;
    let rows: Map<string, number>;

    beforeAll(async () => {
      x = await openInstance(srv.url, await srv.issueUnitCode(UNIT, { person: '张三' }), { host });
      y = await openInstance(srv.url, await srv.issueUnitCode(UNIT, { person: '李四' }), { host });
      sheet = (await x.session.layout()).sheetName;
      await y.session.layout();
      rows = await measureRows(x, sheet);
    });

    it('different fields of one entry: both kept', async () => {
      const r = rows.get([...rows.keys()][0])!;
      x.fake.type(sheet, r, colOf(x.fake, sheet, '进展情况'), '张三写的进展。');
      y.fake.type(sheet, r, colOf(y.fake, sheet, '存在问题'), '李四写的问题。');
      expect(await x.session.sync()).toMatchObject({ accepted: 1, conflicts: [] });
      expect(await y.session.sync()).toMatchObject({ accepted: 1, conflicts: [] });
      expect(y.fake.text(sheet, r, colOf(y.fake, sheet, '进展情况'))).toBe('张三写的进展。');
      await x.session.sync();
      expect(x.fake.text(sheet, r, colOf(x.fake, sheet, '存在问题'))).toBe('李四写的问题。');
    });

    it('the same field: the second sync shows a conflict with both texts; the card finds the cell; a person chooses', async () => {
      const no = [...rows.keys()][1];
      const r = rows.get(no)!;
      const c = colOf(x.fake, sheet, '下步计划');
      x.fake.type(sheet, r, c, '张三：下步加快推进。');
      y.fake.type(sheet, r, c, '李四：下步完成验收。');
      expect(await x.session.sync()).toMatchObject({ accepted: 1 });
      const ry = await y.session.sync();
      expect(ry.conflicts).toHaveLength(1);
      expect(ry.conflicts[0]).toMatchObject({ field: 'nextSteps', mine: '李四：下步完成验收。', theirs: '张三：下步加快推进。' });
      expect(y.fake.text(sheet, r, c)).toBe('李四：下步完成验收。');
      expect(y.fake.mustSheet(sheet).cell(r, c).format.fill).toBe(CONFLICT_FILL);
      // 定位: the card selects the measure's cell
      expect(await y.session.locate(ry.conflicts[0])).toBe(true);
      expect(y.fake.selection).toEqual({ sheet, area: { top: r, left: c, bottom: r, right: c } });
      // a sync while the conflict is open does not push mine over theirs
      expect(await y.session.sync()).toMatchObject({ pushed: 0 });
      expect((await y.session.serverConflicts()).map((k) => k.id)).toContain(ry.conflicts[0].id);
      const combined = '张三：下步加快推进。李四：下步完成验收。';
      expect(await y.session.resolve(ry.conflicts[0].id, combined)).toEqual({ resolved: true });
      expect(y.fake.text(sheet, r, c)).toBe(combined);
      expect(y.fake.mustSheet(sheet).cell(r, c).format.fill).toBeNull();
      expect((await y.session.status()).conflicts).toEqual([]);
      await x.session.sync();
      expect(x.fake.text(sheet, r, c)).toBe(combined);
    });

    it('resolving against a value that moved (CONFLICT_MOVED): nothing written, the newer value shown, decided again against its revision', async () => {
      const r = rows.get([...rows.keys()][2])!;
      const c = colOf(x.fake, sheet, '存在问题');
      x.fake.type(sheet, r, c, '张三：问题一。');
      y.fake.type(sheet, r, c, '李四：问题二。');
      await x.session.sync();
      const ry = await y.session.sync();
      const conflict = ry.conflicts[0];
      // the colleague saves again while 李四 is deciding: the field moves to serverRev + 1
      x.fake.type(sheet, r, c, '张三：问题一（已更新）。');
      expect(await x.session.sync()).toMatchObject({ accepted: 1 });
      // The service's side (409 CONFLICT_MOVED) lands from branch i9; until it is merged, its first
      // answer is played here exactly as the agreed contract has it (once merged, drop this stand-in).
      const sent: { baseRev: number }[] = [];
      let moved = false;
      const fetchMoved = (async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input).includes('/resolve')) {
          sent.push(JSON.parse(String(init?.body)));
          if (!moved) {
            moved = true;
            const field = { value: '张三：问题一（已更新）。', rev: conflict.serverRev + 1, updatedAt: new Date().toISOString(), updatedBy: '张三' };
            return new Response(JSON.stringify({ error: { code: 'CONFLICT_MOVED', message: '该内容已被他人修改，请重新选择。', details: { field } } }), { status: 409 });
          }
        }
        return fetch(input, init);
      }) as typeof fetch;
      const z = await openInstance(srv.url, await srv.issueUnitCode(UNIT, { person: '李四' }), { fake: y.fake, fetch: fetchMoved });
      const first = await z.session.resolve(conflict.id, '李四：问题二。');
      expect(first).toEqual({ resolved: false, theirs: '张三：问题一（已更新）。', updatedBy: '张三' });
      expect(y.fake.text(sheet, r, c)).toBe('李四：问题二。'); // nothing written over mine
      const st = await z.session.status();
      expect(st.conflicts[0]).toMatchObject({ id: conflict.id, theirs: '张三：问题一（已更新）。', serverRev: conflict.serverRev + 1 });
      expect(await z.session.resolve(conflict.id, '李四：问题二。')).toEqual({ resolved: true });
      expect(sent.map((b) => b.baseRev)).toEqual([conflict.serverRev, conflict.serverRev + 1]);
      // decided against what the person saw: the colleague's next sync brings the choice
      await x.session.sync();
      expect(x.fake.text(sheet, r, c)).toBe('李四：问题二。');
    });
  });

  describe('periods', () => {
    it('a closed period refuses with the reason and keeps the change pending; the next period gets its own sheet', async () => {
      const local = await startTestServer();
      try {
        const code = await local.issueUnitCode('省交通运输厅');
        const a = await openInstance(local.url, code, { host });
        const sheet = (await a.session.layout()).sheetName;
        const rows = await measureRows(a, sheet);
        const c = colOf(a.fake, sheet, '进展情况');
        a.fake.type(sheet, rows.get('1.1')!, c, '上半年完成可研批复。');
        await a.session.sync();
        a.fake.type(sheet, rows.get('1.2')!, c, '截止后才写的内容。');
        expect((await api(local.url, local.coordinatorCode, 'POST', `/api/admin/periods/${local.periodId}/close`)).status).toBe(200);
        const rep = await a.session.sync();
        expect(rep.rejected).toHaveLength(1);
        expect(rep.rejected[0].message).toContain('本期填报已关闭');
        expect(rep.pending).toBe(1);
        expect(a.fake.text(sheet, rows.get('1.2')!, c)).toBe('截止后才写的内容。');
        const opened = await api<{ id: string }>(local.url, local.coordinatorCode, 'POST', '/api/admin/periods', { name: '2027年上半年', carryOver: true });
        expect(opened.status).toBe(200);
        const b = await openInstance(local.url, code, { fake: a.fake });
        expect(b.session.period.name).toBe('2027年上半年');
        const next = await b.session.layout();
        expect(next.sheetName).toContain('2027年上半年');
        const nrows = await measureRows(b, next.sheetName);
        expect(a.fake.text(next.sheetName, nrows.get('1.1')!, colOf(a.fake, next.sheetName, '进展情况'))).toBe('上半年完成可研批复。');
        expect(a.fake.text(sheet, rows.get('1.2')!, c)).toBe('截止后才写的内容。');
      } finally {
        await local.close();
      }
    });
  });

  describe('re-layout after the office changed the assignments', () => {
    it('refuses to drop unsynced text of a measure no longer assigned to the unit', async () => {
      const local = await startTestServer();
      try {
        const a = await openInstance(local.url, await local.issueUnitCode('省交通运输厅'), { host });
        const sheet = (await a.session.layout()).sheetName;
        const rows = await measureRows(a, sheet);
        const c = colOf(a.fake, sheet, '存在问题');
        a.fake.type(sheet, rows.get('7.1')!, c, '尚未同步的问题描述。');
        const { assignments } = await a.session.api.assignments(a.session.period.id);
        const m71 = assignments.find((x) => x.measureNo === '7.1')!;
        const plan = await api<{ plan: { tasks: { measures: { key: string; assignments: { unitId: string }[] }[] }[] } }>(local.url, local.coordinatorCode, 'GET', `/api/plans/${local.planId}`);
        const units = plan.body.plan.tasks.flatMap((t) => t.measures).find((m) => m.key === m71.measureKey)!.assignments.map((x) => x.unitId);
        const edit = await api(local.url, local.coordinatorCode, 'POST', `/api/admin/plans/${local.planId}/assignments`, { measureKey: m71.measureKey, unitIds: units.filter((u) => u !== '省交通运输厅'), leads: 1 });
        expect(edit.status).toBe(200);
        await expect(a.session.layout()).rejects.toThrow(/1 处未同步的修改/);
        expect(a.fake.text(sheet, rows.get('7.1')!, c)).toBe('尚未同步的问题描述。');
      } finally {
        await local.close();
      }
    });
  });

  describe('the coordinator (story 7)', () => {
    it('lays out the consolidated table: read-only, ready to print, with the units’ text', async () => {
      const inst = await openInstance(srv.url, srv.coordinatorCode, { host });
      const rep = await inst.session.layout();
      const s = inst.fake.mustSheet(rep.sheetName);
      const cons = await inst.session.api.consolidated(srv.periodId);
      expect(rep.rows).toBe(cons.measures.reduce((n, m) => n + Math.max(1, m.units.length), 0));
      expect(String(s.valueAt(0, 0))).toContain('汇总表');
      expect(s.protected).toBe(true);
      expect([...s.cells.values()].some((c) => !c.locked)).toBe(false);
      // (the consolidated table: the title, then the header row; page number in 四号 宋体)
      expect(s.pageLayout).toMatchObject({ orientation: 'Landscape', paperSize: 'A3', printTitleRows: '$2:$2', centerFooter: '&"宋体,Regular"&14— &P —' });
      expect([...s.cells.values()].map((c) => String(c.value))).toContain('鲁南高铁曲阜至菏泽段已完成主体工程。');
      // laid out again over the old one: same table
      const again = await inst.session.layout();
      expect(again.rows).toBe(rep.rows);
      await expect(inst.session.sync()).rejects.toThrow(/只读/);
    });
  });

});
