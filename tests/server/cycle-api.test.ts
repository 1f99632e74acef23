// The 督办 cycle over HTTP, on SQLite and on PGlite: liaisons, 审签/退回/重新报送/通过, lights and
// counts, an extension moving one unit's light, 办结, evidence (upload typed by content, download as
// an attachment with nosniff, a hostile file refused with nothing stored, the .zip), 本期 vs 上期.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strToU8 } from 'fflate';
import ExcelJS from 'exceljs';
import { api, startTestServer, type TestServer } from '../helpers/server';

const KEJI = '省科技厅';
const PDF = strToU8('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');

async function raw(s: TestServer, code: string, method: string, path: string, body?: Uint8Array, name?: string) {
  const res = await fetch(s.url + path, {
    method, body: body as BodyInit | undefined,
    headers: { authorization: `Bearer ${code}`, ...(name ? { 'x-file-name': encodeURIComponent(name), 'content-type': 'application/octet-stream' } : {}) },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

for (const backend of ['sqlite', 'pglite'] as const) {
  describe(`督办 cycle API on ${backend}`, () => {
    let s: TestServer;
    let now = new Date('2026-12-29T02:00:00.000Z'); // 2 days before the deadline: yellow
    let code: string;
    let p: string;
    let mk: string;
    beforeAll(async () => {
      s = await startTestServer({ backend, deadline: '2026-12-31', now: () => now });
      code = await s.issueUnitCode(KEJI, { person: '钱科员' });
      p = `/api/periods/${s.periodId}`;
      mk = (await api(s.url, code, 'GET', `${p}/assignments`)).body.assignments[0].measureKey;
    });
    afterAll(async () => s?.close());
    /** The cycle view; its counts are also what the counts-only route (the console's badges) answers. */
    const cycle = async () => {
      const view = (await api(s.url, s.coordinatorCode, 'GET', `/api/admin/periods/${s.periodId}/cycle`)).body;
      const counts = await api(s.url, s.coordinatorCode, 'GET', `/api/admin/periods/${s.periodId}/cycle/counts`);
      expect([counts.status, counts.body]).toEqual([200, { counts: view.counts }]);
      return view;
    };
    let assigned: { measureKey: string; measureText: string }[] = [];
    /** Per assigned measure, in order: whether the unit's .xlsx template marks it with the office's 退回 reason. */
    const templateMeasureTexts = async (unit: string) => {
      assigned = (await api(s.url, code, 'GET', `${p}/assignments`)).body.assignments;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from((await raw(s, code, 'GET', `${p}/templates/${encodeURIComponent(unit)}.xlsx`)).bytes) as unknown as ExcelJS.Buffer);
      const cells: string[] = [];
      wb.worksheets[0].eachRow((row) => cells.push(String(row.getCell(3).value ?? '')));
      return assigned.map((a) => {
        const cell = cells.find((c) => c.includes(a.measureText.slice(0, 12)));
        if (cell === undefined) throw new Error(`template lacks ${a.measureKey}`);
        return cell.includes('【退回意见：请补充共建实验室名单】');
      });
    };
    const unitOf = async (id = KEJI) => (await cycle()).units.find((u: { unitId: string }) => u.unitId === id);

    it('liaisons: set, listed, refused for a unit code and for text that cannot be stored', async () => {
      const r = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/units/${encodeURIComponent(KEJI)}/liaison`, { name: '孙主任', mobile: '13905310001' });
      expect(r.status).toBe(200);
      expect((await api(s.url, code, 'POST', `/api/admin/units/${encodeURIComponent(KEJI)}/liaison`, { name: 'x' })).status).toBe(403);
      const bad = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/units/${encodeURIComponent(KEJI)}/liaison`, { name: '孙\u0000' });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_TEXT']);
      expect((await unitOf()).liaisonLine).toBe('孙主任（手机 13905310001）');
    });

    it('lights: yellow near the deadline; an extension granted makes this unit normal; red after its deadline', async () => {
      expect((await unitOf()).light).toBe('yellow');
      const e = await api(s.url, code, 'POST', `${p}/extensions`, { requestedDeadline: '2027-01-15', reason: '统计数据1月10日发布' });
      expect(e.status).toBe(200);
      expect((await cycle()).counts.pendingExtensions).toBe(1);
      const d = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/extensions/${e.body.id}/decide`, { grant: true });
      expect(d.body).toMatchObject({ state: 'granted', grantedDeadline: '2027-01-15' });
      const u = await unitOf();
      expect([u.light, u.deadline]).toEqual(['normal', '2027-01-15']);
      expect((await unitOf('省交通运输厅')).light).toBe('yellow'); // others keep the period's deadline
      expect((await unitOf('省交通运输厅')).deadline).toBe('2026-12-31');
      now = new Date('2027-01-16T00:00:00.000Z');
      expect((await unitOf()).light).toBe('red');
      // the clock stays here (the sign-in limiter's clock only moves forward)
    });

    it('报送 with 审签 → 退回 with a reason → the unit reads it → 重新报送 → 通过; counts follow', async () => {
      const blank = await api(s.url, code, 'POST', `${p}/submit`, { signedBy: '  ' });
      expect(blank.body.error.code).toBe('SIGNOFF_REQUIRED');
      expect((await api(s.url, code, 'POST', `${p}/submit`, { signedBy: '李副厅长' })).body.signedBy).toBe('李副厅长');
      expect((await cycle()).counts.unreviewed).toBe(1);
      const ret = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/units/${encodeURIComponent(KEJI)}/review`, { decision: 'return', reason: '请补充共建实验室名单', measureKeys: [mk] });
      expect(ret.body.state).toBe('returned');
      expect((await api(s.url, code, 'GET', `${p}/review`)).body.returnedEntries).toEqual({ [mk]: '请补充共建实验室名单' });
      expect((await cycle()).counts).toMatchObject({ unreviewed: 0, returned: 1 });
      expect((await unitOf()).light).toBe('red');
      const reminder = (await api(s.url, s.coordinatorCode, 'GET', `/api/admin/periods/${s.periodId}/reminder?units=${encodeURIComponent(KEJI)}`)).body;
      expect(reminder.text).toContain('退回意见：请补充共建实验室名单');
      expect(reminder.text).toContain('截止时间2027年1月15日');
      // the unit's next template carries the reason on the returned entry only, in the .xlsx and the .docx
      const reasonMark = '【退回意见：请补充共建实验室名单】';
      expect(await templateMeasureTexts(KEJI)).toEqual(assigned.map((a) => a.measureKey === mk));
      const docx = Buffer.from((await raw(s, code, 'GET', `${p}/templates/${encodeURIComponent(KEJI)}.docx`)).bytes);
      const docXml = Buffer.from(unzipSync(docx)['word/document.xml']).toString();
      expect(docXml.split(reasonMark).length - 1).toBe(1);
      const again = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/units/${encodeURIComponent(KEJI)}/review`, { decision: 'approve' });
      expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_REVIEWED']);
      await api(s.url, code, 'POST', `${p}/submit`, { signedBy: '李副厅长' });
      const ok = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/units/${encodeURIComponent(KEJI)}/review`, { decision: 'approve' });
      expect(ok.body.steps.map((x: { kind: string }) => x.kind)).toEqual(['submit', 'return', 'submit', 'approve']);
      expect((await unitOf()).light).toBe('done');
      expect(await templateMeasureTexts(KEJI)).toEqual(assigned.map(() => false)); // resubmitted: the mark is gone
    });

    it('evidence: uploaded, downloaded as an attachment with nosniff; a hostile file refused, nothing stored; the .zip', async () => {
      const up = await raw(s, code, 'POST', `${p}/evidence?measure=${encodeURIComponent(mk)}`, PDF, '../共建实验室名单.pdf');
      expect(up.status).toBe(200);
      const row = JSON.parse(Buffer.from(up.bytes).toString());
      expect(row).toMatchObject({ name: '共建实验室名单.pdf', kind: 'pdf' });
      const html = await raw(s, code, 'POST', `${p}/evidence?measure=${encodeURIComponent(mk)}`, strToU8('<html><script>alert(1)</script>'), '照片.jpg');
      expect([html.status, JSON.parse(Buffer.from(html.bytes).toString()).error.code]).toEqual([400, 'EVIDENCE_TYPE']);
      expect((await api(s.url, code, 'GET', `${p}/evidence`)).body.evidence).toHaveLength(1);
      const other = await s.issueUnitCode('省交通运输厅');
      expect((await raw(s, other, 'GET', `/api/evidence/${row.id}`)).status).toBe(403);
      const dl = await raw(s, s.coordinatorCode, 'GET', `/api/evidence/${row.id}`);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-type')).toBe('application/pdf');
      expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
      expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(Buffer.from(dl.bytes).equals(Buffer.from(PDF))).toBe(true);
      const zip = await raw(s, s.coordinatorCode, 'GET', `${p}/evidence.zip`);
      expect(zip.status).toBe(200);
      const names = Object.keys(unzipSync(zip.bytes));
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(new RegExp(`/${KEJI}/共建实验室名单\\.pdf$`));
      expect((await raw(s, code, 'GET', `${p}/evidence.zip`)).status).toBe(403);
    });

    it('办结 takes a unit out of the 催报 list and is recorded; reopened it comes back', async () => {
      const before = (await cycle()).units.find((u: { unitId: string }) => u.unitId === '省交通运输厅');
      for (const m of before.measures) {
        expect((await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close-measure`, { measureKey: m.measureKey, unitId: '省交通运输厅', note: '已验收' })).status).toBe(200);
      }
      expect((await unitOf('省交通运输厅')).light).toBe('closed');
      const reminder = (await api(s.url, s.coordinatorCode, 'GET', `/api/admin/periods/${s.periodId}/reminder`)).body;
      expect(reminder.units).not.toContain('省交通运输厅');
      // still printed, with its status: 交通's rows say （已办结）, nobody else's
      const html = Buffer.from((await raw(s, s.coordinatorCode, 'GET', `${p}/print.html`)).bytes).toString();
      expect(html.match(/（已办结）/g)?.length).toBe(before.measures.length);
      const xlsx = await raw(s, s.coordinatorCode, 'GET', `${p}/export.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ExcelJS.Buffer);
      const marked: string[] = [];
      book.worksheets[0].eachRow((row) => row.eachCell((cell) => { if (String(cell.value).includes('（已办结）')) marked.push(String(row.getCell(4).value)); }));
      expect(marked).toEqual(before.measures.map(() => '省交通运输厅'));

      // a write to the closed entry is refused with a stable code and a Chinese reason, storing nothing
      const jt = await s.issueUnitCode('省交通运输厅', { person: '孙科员' });
      const closedKey = before.measures[0].measureKey;
      const entriesBefore = (await api(s.url, jt, 'GET', `${p}/entries?since=0`)).body.entries;
      const write = (value: string, n: number) => api(s.url, jt, 'POST', `${p}/changes`, { source: 'fill', changes: [{ changeId: `closed-${backend}-${n}`, measureKey: closedKey, unitId: '省交通运输厅', field: 'progress', baseRev: 0, value }] });
      const refused = await write('办结后又写的一句。', 1);
      expect(refused.status).toBe(200);
      expect(refused.body.results[0]).toMatchObject({ outcome: 'rejected', reason: { code: 'MEASURE_CLOSED', message: expect.stringContaining('已办结') } });
      expect((await api(s.url, jt, 'GET', `${p}/entries?since=0`)).body.entries).toEqual(entriesBefore);
      expect((await write('', 3)).body.results[0].outcome).toBe('unchanged'); // the same (empty) text again: an untouched template row is no refusal
      // the unit's template marks the closed rows and keeps their fields locked; open rows stay fillable
      await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/reopen-measure`, { measureKey: before.measures[1].measureKey, unitId: '省交通运输厅' });
      const tpl = await raw(s, jt, 'GET', `${p}/templates/${encodeURIComponent('省交通运输厅')}.xlsx`);
      expect(tpl.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(tpl.bytes) as unknown as ExcelJS.Buffer);
      const ws = wb.worksheets[0];
      const rows: { closed: boolean; statusLocked: boolean }[] = [];
      ws.eachRow((row) => {
        const measure = String(row.getCell(3).value ?? '');
        if (!/^\d/.test(String(row.getCell(1).value ?? '')) && !measure) return;
        if (!measure.includes(before.measures[0].text.slice(0, 8)) && !measure.includes(before.measures[1].text.slice(0, 8))) return;
        rows.push({ closed: measure.includes('【已办结，不再填报】'), statusLocked: row.getCell(5).protection?.locked !== false }); // Excel's default is locked
      });
      expect(rows).toEqual([{ closed: true, statusLocked: true }, { closed: false, statusLocked: false }]);
      await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close-measure`, { measureKey: before.measures[1].measureKey, unitId: '省交通运输厅' });

      const office = await api(s.url, s.coordinatorCode, 'POST', `${p}/changes`, { source: 'console', changes: [{ changeId: `closed-${backend}-office`, measureKey: closedKey, unitId: '省交通运输厅', field: 'progress', baseRev: 0, value: '协调办公室也不能直接改。' }] });
      expect(office.body.results[0].reason.code).toBe('MEASURE_CLOSED');

      await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/reopen-measure`, { measureKey: closedKey, unitId: '省交通运输厅' });
      expect((await write('重新打开后可以填写。', 2)).body.results[0].outcome).toBe('accepted');

      // a conflict left open when the entry is closed cannot be resolved into it either
      const contact = (value: string, n: number) => api(s.url, jt, 'POST', `${p}/changes`, { source: 'fill', changes: [{ changeId: `closed-${backend}-c${n}`, measureKey: closedKey, unitId: '省交通运输厅', field: 'contact', baseRev: 0, value }] });
      expect((await contact('张三 0531-1', 1)).body.results[0].outcome).toBe('accepted');
      const cf = (await contact('李四 0531-2', 2)).body.results[0];
      expect(cf.outcome).toBe('conflict');
      await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close-measure`, { measureKey: closedKey, unitId: '省交通运输厅' });
      const resolved = await api(s.url, jt, 'POST', `/api/conflicts/${cf.conflict.id}/resolve`, { changeId: `closed-${backend}-r1`, baseRev: cf.conflict.serverRev, value: '李四 0531-2' });
      expect([resolved.status, resolved.body.error.code]).toEqual([409, 'MEASURE_CLOSED']);
      const contactNow = (await api(s.url, jt, 'GET', `${p}/entries?since=0`)).body.entries.find((e: { measureKey: string }) => e.measureKey === closedKey).fields.contact.value;
      expect(contactNow).toBe('张三 0531-1');
      await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/reopen-measure`, { measureKey: closedKey, unitId: '省交通运输厅' });
      expect((await unitOf('省交通运输厅')).light).toBe('red'); // open again, and past the period's deadline
      const { events } = (await api(s.url, code, 'GET', `${p}/closures`)).body;
      expect(events.map((e: { kind: string }) => e.kind).slice(-2)).toEqual(['close', 'reopen']);
    });

    it('本期 vs 上期: the next period marks exactly the new sentences', async () => {
      await api(s.url, code, 'POST', `${p}/changes`, { source: 'fill', changes: [{ changeId: `cmp-${backend}-1`, measureKey: mk, unitId: KEJI, field: 'progress', baseRev: 0, value: '已签订共建协议。完成选址。' }] });
      const next = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/periods', { name: '2027年上半年', deadline: '2027-06-30', carryOver: true });
      expect(next.status).toBe(200);
      const q = `/api/periods/${next.body.id}`;
      const field = (await api(s.url, code, 'GET', `${q}/entries?since=0`)).body.entries.find((e: { measureKey: string; unitId: string }) => e.measureKey === mk && e.unitId === KEJI).fields.progress;
      await api(s.url, code, 'POST', `${q}/changes`, { source: 'fill', changes: [{ changeId: `cmp-${backend}-2`, measureKey: mk, unitId: KEJI, field: 'progress', baseRev: field.rev, value: '已签订共建协议。实验室挂牌运行。完成选址。' }] });
      const cmp = (await api(s.url, code, 'GET', `${q}/compare`)).body;
      expect(cmp.previous.name).toBe('2026年下半年');
      const row = cmp.rows.find((r: { measureKey: string; field: string }) => r.measureKey === mk && r.field === 'progress');
      expect(row.pieces).toEqual([{ text: '已签订共建协议。', isNew: false }, { text: '实验室挂牌运行。', isNew: true }, { text: '完成选址。', isNew: false }]);
    });
  });
}
