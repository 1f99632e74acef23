// Offline template → filled (by exceljs) → merged back through the service, with the report asserted
// and the entries checked in the store. (Re-written by LibreOffice: tests/interop.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { applyChanges } from '../../server/services/sync';
import { closePeriod, reopenPeriod } from '../../server/services/periods';
import { CONSOLE_ACTOR } from '../../server/services/actor';
import { decodeRowKey } from '../../shared/layout/keys';
import { download, loadWb, postMerge, templateFor, toBuffer } from './helpers';

const UNIT = '省交通运输厅';
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const field = async (measureKey: string, f: 'status' | 'progress' | 'problems' | 'nextSteps' | 'contact', unit = UNIT) =>
  (await s.field(measureKey, unit, f));

describe('offline template', () => {
  it('is laid out for the unit: keys, unlocked editable cells, status list, protection, 填报说明', async () => {
    const wb = await loadWb(await templateFor(s, UNIT));
    const ws = wb.worksheets[0];
    expect(ws.getCell('A3').text).toMatch(/^填报说明/);
    const header = (ws.getRow(4).values as unknown[]).slice(1);
    expect(header.slice(0, 9)).toEqual(['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划', '联系人/电话']);
    expect(String(header[9])).toMatch(/^FENGONG-KEY v1\|/);
    expect(ws.getColumn(10).hidden).toBe(true);
    const nos = [5, 6, 7, 8, 9].map((r) => decodeRowKey(ws.getCell(r, 10).value)?.unitId);
    expect(nos).toEqual([UNIT, UNIT, UNIT, UNIT, UNIT]); // 1.1–1.4 and 7.1
    expect(ws.getCell('E5').dataValidation).toMatchObject({ type: 'list', formulae: ['"未启动,推进中,已完成,滞后"'] });
    expect(ws.getCell('F5').protection?.locked).toBe(false);
    expect(ws.getCell('C5').protection?.locked).not.toBe(false);
    expect((ws as unknown as { sheetProtection: { sheet: boolean; password?: string } }).sheetProtection).toMatchObject({ sheet: true });
    expect((ws as unknown as { sheetProtection: { password?: string } }).sheetProtection.password).toBeUndefined();
  });

  it('a unit downloads only its own template', async () => {
    const code = await s.issueUnitCode(UNIT);
    expect((await download(s, `/api/periods/${s.periodId}/templates/${encodeURIComponent(UNIT)}.xlsx`, code)).status).toBe(200);
    expect((await download(s, `/api/periods/${s.periodId}/templates/${encodeURIComponent('省水利厅')}.xlsx`, code)).status).toBe(403);
    const zip = await download(s, `/api/periods/${s.periodId}/templates.zip`);
    expect(zip.status).toBe(200);
    expect(zip.bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('filled with exceljs, merges into the entries with a report; merging it again changes nothing', async () => {
    const wb = await loadWb(await templateFor(s, UNIT));
    const ws = wb.worksheets[0];
    const k1 = decodeRowKey(ws.getCell('J5').value)!.measureKey;
    const k2 = decodeRowKey(ws.getCell('J6').value)!.measureKey;
    ws.getCell('E5').value = '推进中';
    ws.getCell('F5').value = '曲阜至菏泽段已开工。\n京雄商高铁山东段完成可研。';
    ws.getCell('G5').value = '征地拆迁进度偏慢。';
    ws.getCell('E6').value = '已完成';
    // A formula: taken as its cached value, as text, and reported.
    ws.getCell('H6').value = { formula: '"年底"&"前通车"', result: '年底前通车' };
    const bytes = await toBuffer(wb);

    const r = await postMerge(s, [{ name: 'jtt.xlsx', bytes }]);
    expect(r.status).toBe(200);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, unitId: UNIT, unitFrom: 'template', kind: 'template', late: false });
    expect(f.counts).toMatchObject({ merged: 5, conflicts: 0, unmatchedRows: 0, ignoredCells: 0, formulaCells: 1 });
    expect(f.formulaCells[0]).toEqual({ sheet: ws.name, cell: 'H6', value: '年底前通车' });
    expect((await field(k1, 'progress'))?.value).toBe('曲阜至菏泽段已开工。\n京雄商高铁山东段完成可研。');
    expect((await field(k1, 'status'))?.value).toBe('推进中');
    expect((await field(k2, 'nextSteps'))?.value).toBe('年底前通车');
    const hist = (await s.history({ measureKey: k1, unitId: UNIT }));
    expect(hist.every((h) => h.source === 'workbook' && !h.late)).toBe(true);

    const again = await postMerge(s, [{ name: 'jtt.xlsx', bytes }]);
    expect(again.body.files[0].counts).toMatchObject({ merged: 0, conflicts: 0, unchanged: 5 });
  });

  it('a re-downloaded template carries the new revisions; a cleared cell is reported, never a deletion', async () => {
    const wb = await loadWb(await templateFor(s, UNIT));
    const ws = wb.worksheets[0];
    const key = decodeRowKey(ws.getCell('J5').value)!;
    expect(key.baseRevs.progress).toBe(1);
    expect(ws.getCell('G5').value).toBe('征地拆迁进度偏慢。');
    ws.getCell('G5').value = null;
    ws.getCell('F5').value = '曲阜至菏泽段已开工。\n京雄商高铁山东段完成可研，开展初步设计。';
    const r = await postMerge(s, [{ name: 'jtt3.xlsx', bytes: await toBuffer(wb) }]);
    const f = r.body.files[0];
    expect(f.counts).toMatchObject({ merged: 1, conflicts: 0, ignoredCells: 1 });
    expect(f.ignoredCells[0]).toMatchObject({ cell: 'G5', field: 'problems', reason: expect.stringMatching(/不会清除/) });
    expect((await field(key.measureKey, 'problems'))?.value).toBe('征地拆迁进度偏慢。');
    expect((await field(key.measureKey, 'progress'))?.rev).toBe(2);
  });

  it('a field changed on the server since the template was made comes back as a conflict keeping both texts', async () => {
    const wb = await loadWb(await templateFor(s, UNIT));
    const ws = wb.worksheets[0];
    const key = decodeRowKey(ws.getCell('J7').value)!;
    // Meanwhile a colleague syncs from the add-in.
    await applyChanges(s.ctx, {
      periodId: s.periodId,
      changes: [{ changeId: 'addin-change-0001', measureKey: key.measureKey, unitId: UNIT, field: 'progress', baseRev: 0, value: '运河主航道升级工程已批复。' }],
      actor: { role: 'unit', unitId: UNIT, codeId: null, label: '同事' },
      source: 'addin',
    });
    ws.getCell('F7').value = '运河主航道升级工程已开工。';
    ws.getCell('I7').value = '张三 0531-1234567';
    const r = await postMerge(s, [{ name: 'jtt2.xlsx', bytes: await toBuffer(wb) }]);
    const f = r.body.files[0];
    expect(f.counts).toMatchObject({ merged: 1, conflicts: 1 });
    expect(f.conflicts[0]).toMatchObject({ row: 7, field: 'progress', serverValue: '运河主航道升级工程已批复。', mine: '运河主航道升级工程已开工。' });
    expect((await field(key.measureKey, 'progress'))?.value).toBe('运河主航道升级工程已批复。');
    expect((await s.ctx.store.conflicts.list(s.periodId)).some((c) => c.theirValue === '运河主航道升级工程已开工。')).toBe(true);
  });

  it('a late file into a closed period is accepted for the office and recorded as late', async () => {
    const wb = await loadWb(await templateFor(s, UNIT));
    const ws = wb.worksheets[0];
    const key = decodeRowKey(ws.getCell('J8').value)!;
    ws.getCell('F8').value = '机场改扩建可研已批复。';
    await closePeriod(s.ctx, s.periodId, CONSOLE_ACTOR);
    try {
      const r = await postMerge(s, [{ name: 'late.xlsx', bytes: await toBuffer(wb) }]);
      expect(r.body.files[0]).toMatchObject({ ok: true, late: true });
      expect(r.body.files[0].counts.merged).toBe(1);
      const h = (await s.history({ measureKey: key.measureKey, unitId: UNIT })).filter((x) => x.field === 'progress');
      expect(h.at(-1)).toMatchObject({ newValue: '机场改扩建可研已批复。', late: true, source: 'workbook' });
    } finally {
      await reopenPeriod(s.ctx, s.periodId, CONSOLE_ACTOR);
    }
  });
});
