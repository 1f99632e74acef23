// Returned files that need LibreOffice (`npm run test:interop`): old and other formats (.xls, .et,
// .ods, .doc) converted by the service's sandboxed, time-limited LibreOffice child process, Word
// tables written by LibreOffice Writer, and the Word template re-saved by Writer. Without soffice this
// suite fails, naming it (as the interop setup does) — never skips.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { getPlanIndex } from '../../server/services/plans';
import { convertWithLibreOffice, findSoffice } from '../../server/workbooks/convert-office';
import { decodeRowKey } from '../../shared/layout/keys';
import type { Field } from '../../shared/model/progress';
import { download, fillWordCell, loadWb, postMerge, sofficeConvert, storeSnapshot, templateFor, toBuffer, writeSheets } from '../workbooks/helpers';

let s: TestServer;
let measuresOf: (unit: string) => { key: string; no: string; text: string }[];

beforeAll(async () => {
  if (!findSoffice()) throw new Error('tests/interop needs LibreOffice (soffice) on the PATH: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui');
  s = await startTestServer();
  const plan = await getPlanIndex(s.ctx, s.planId);
  measuresOf = (unit) => (plan.measuresOfUnit.get(unit) ?? []).map((key) => ({ key, no: plan.measures.get(key)!.measure.no, text: plan.measures.get(key)!.measure.text }));
});
afterAll(async () => {
  await s?.close();
});

const value = async (unit: string, key: string, f: Field) => (await s.field(key, unit, f))?.value;

/** A unit's own table: title line, the copied columns and the two it added (工作进展, 完成情况). */
async function unitTable(title: string, rows: [{ no: string; text: string }, string, string][]): Promise<Buffer> {
  return writeSheets([{ name: 'Sheet1', rows: [[title], ['序号', '具体举措', '工作进展', '完成情况'], ...rows.map(([m, p, st]) => [m.no, m.text, p, st])] }]);
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** An HTML table LibreOffice Writer opens as a text document: Word tables "written by Writer". */
function writerHtml(before: string, rows: (string | string[] | { rowspan: number; text: string } | null)[][]): Buffer {
  const cell = (c: string | string[] | { rowspan: number; text: string }) =>
    typeof c === 'object' && !Array.isArray(c) ? `<td rowspan="${c.rowspan}">${esc(c.text)}</td>` : `<td>${(Array.isArray(c) ? c : [c]).map((p) => `<p>${esc(p)}</p>`).join('')}</td>`;
  const body = rows.map((r) => `<tr>${r.filter((c) => c !== null).map((c) => cell(c!)).join('')}</tr>`).join('');
  return Buffer.from(`<html><head><meta charset="utf-8"></head><body><p>${esc(before)}</p><table border="1">${body}</table></body></html>`, 'utf8');
}

describe('returned files through LibreOffice', () => {
  it('an .xls (Excel 97–2003) is converted in the sandbox and merges exactly; merged again, nothing changes', async () => {
    const m = measuresOf('省发展改革委');
    const xlsx = await unitTable('省发展改革委重点任务进展', [
      [m[8], '项目前期工作有序推进。\n已完成选址论证。', '正常推进'],
      [m[9], '规划已印发实施。', '已办结'],
    ]);
    const xls = sofficeConvert(xlsx, 'xlsx', 'xls');
    expect(xls.subarray(0, 4)).toEqual(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    const r = await postMerge(s, [{ name: '发改委回传.xls', bytes: xls }]);
    expect(r.status).toBe(200);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, format: 'xlsx', convertedFrom: 'xls', unitId: '省发展改革委', unitFrom: 'title', counts: { merged: 4, conflicts: 0, unmatchedRows: 0, ignoredCells: 0 } });
    expect(f.sheets[0].columns!.map((c) => c.meaning)).toEqual(['no', 'measure', 'progress', 'status']);
    expect(await value('省发展改革委', m[8].key, 'progress')).toBe('项目前期工作有序推进。\n已完成选址论证。');
    expect(await value('省发展改革委', m[8].key, 'status')).toBe('推进中');
    expect(await value('省发展改革委', m[9].key, 'status')).toBe('已完成');
    const snap = await storeSnapshot(s);
    const again = await postMerge(s, [{ name: '发改委回传.xls', bytes: xls }]);
    expect(again.body.files[0].counts).toMatchObject({ merged: 0, unchanged: 4 });
    expect(await storeSnapshot(s)).toBe(snap);
  });

  it('a WPS .et (an Excel 97–2003 book by content) and an .ods merge the same way', async () => {
    const m = measuresOf('枣庄市人民政府');
    const et = sofficeConvert(await unitTable('枣庄市政府重点任务落实情况', [[m[0], '联席会议办公室已组建。', '已完成']]), 'xlsx', 'xls');
    const fe = (await postMerge(s, [{ name: '枣庄.et', bytes: et }])).body.files[0];
    expect(fe).toMatchObject({ ok: true, convertedFrom: 'et', unitId: '枣庄市人民政府', counts: { merged: 2 } });
    expect(await value('枣庄市人民政府', m[0].key, 'progress')).toBe('联席会议办公室已组建。');

    const ods = sofficeConvert(await unitTable('枣庄市人民政府', [[m[1], '研究事项已提交联席会议。', '推进中']]), 'xlsx', 'ods');
    const fo = (await postMerge(s, [{ name: 'zaozhuang.ods', bytes: ods }])).body.files[0];
    expect(fo).toMatchObject({ ok: true, convertedFrom: 'ods', unitId: '枣庄市人民政府', counts: { merged: 2 } });
    expect(await value('枣庄市人民政府', m[1].key, 'status')).toBe('推进中');
  });

  it('a Word table written by LibreOffice Writer (.docx), and the same saved as .doc (Word 97)', async () => {
    const m = measuresOf('省交通运输厅');
    const html = writerHtml('填报单位：省交通厅', [
      ['序号', '具体举措', '工作进展', '完成情况'],
      [m[0].no, m[0].text, ['鲁南高铁菏泽至兰考段开通运营。', '京雄商高铁山东段加快建设。'], '推进中'],
      [m[1].no, m[1].text, '济南至微山高速全线贯通。', '已完成'],
    ]);
    const docx = sofficeConvert(html, 'html', 'docx:MS Word 2007 XML', 'HTML (StarWriter)');
    const fd = (await postMerge(s, [{ name: '交通厅.docx', bytes: docx }])).body.files[0];
    expect(fd).toMatchObject({ ok: true, format: 'docx', unitId: '省交通运输厅', unitFrom: 'reporter-cell', counts: { merged: 4, unmatchedRows: 0 } });
    expect(await value('省交通运输厅', m[0].key, 'progress')).toBe('鲁南高铁菏泽至兰考段开通运营。\n京雄商高铁山东段加快建设。');
    expect(await value('省交通运输厅', m[1].key, 'status')).toBe('已完成');

    const html2 = writerHtml('填报单位：省交通运输厅', [
      ['序号', '具体举措', '存在问题'],
      [{ rowspan: 2, text: m[2].no.split('.')[0] }, m[2].text, '运河航道升级资金缺口较大。'],
      [null, m[3].text, '机场用地指标紧张。'],
    ]);
    const doc = sofficeConvert(html2, 'html', 'doc:MS Word 97', 'HTML (StarWriter)');
    const fw = (await postMerge(s, [{ name: '交通厅.doc', bytes: doc }])).body.files[0];
    expect(fw).toMatchObject({ ok: true, format: 'docx', convertedFrom: 'doc', unitId: '省交通运输厅', counts: { merged: 2, unmatchedRows: 0 } });
    expect(await value('省交通运输厅', m[3].key, 'problems')).toBe('机场用地指标紧张。');
  });

  it('a Word template re-saved by LibreOffice Writer merges by its keys (document properties)', async () => {
    // (the .xlsx template through LibreOffice Calc: libreoffice-template.test.ts)
    const unit = '省水利厅';
    const wb = await loadWb(await templateFor(s, unit));
    const ws = wb.worksheets[0];
    const key = decodeRowKey(ws.getCell('J5').value)!;
    ws.getCell('F5').value = '除险加固工程完工 12 座。';
    const fx = (await postMerge(s, [{ name: 'sl.xlsx', bytes: await toBuffer(wb) }])).body.files[0];
    expect(fx).toMatchObject({ ok: true, kind: 'template', counts: { merged: 1 } });

    // the Word template, re-downloaded (carries revision 1 now), edited and re-saved by Writer: no false conflict
    const tpl = await download(s, `/api/periods/${s.periodId}/templates/${encodeURIComponent(unit)}.docx`);
    const filled = fillWordCell(tpl.bytes, 1, 5, ['除险加固工程完工 15 座。']);
    const viaWriter = sofficeConvert(filled, 'docx', 'docx:MS Word 2007 XML');
    const fd = (await postMerge(s, [{ name: 'lo.docx', bytes: viaWriter }])).body.files[0];
    expect(fd).toMatchObject({ ok: true, format: 'docx', kind: 'template', unitId: unit, unitFrom: 'template', counts: { merged: 1, conflicts: 0 } });
    expect(await value(unit, key.measureKey, 'progress')).toBe('除险加固工程完工 15 座。');
  });

  it('a broken .xls is refused (4xx) and changes nothing; a conversion over its time limit is killed and leaves nothing behind', async () => {
    const snap = await storeSnapshot(s);
    const junk = Buffer.alloc(4096, 0x41);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(junk);
    Buffer.from('Workbook', 'utf16le').copy(junk, 1152);
    const r = await postMerge(s, [{ name: 'broken.xls', bytes: junk }]);
    expect(r.status).toBe(400);
    expect(['CONVERSION_FAILED', 'NO_REPORT_TABLE', 'UNREADABLE_FILE']).toContain(r.body.error?.code);
    expect(await storeSnapshot(s)).toBe(snap);

    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('fengong-convert-')));
    const xls = sofficeConvert(await writeSheets([{ name: 'S', rows: [['序号', '进展情况']] }]), 'xlsx', 'xls');
    const t0 = Date.now();
    await expect(convertWithLibreOffice(xls, 'xls', 'xlsx', { timeoutMs: 300, maxOutputBytes: 1e7, maxMemoryBytes: 4 * 1024 ** 3 })).rejects.toMatchObject({ code: 'CONVERSION_FAILED' });
    expect(Date.now() - t0).toBeLessThan(5000);
    const left = readdirSync(tmpdir()).filter((n) => n.startsWith('fengong-convert-') && !before.has(n));
    expect(left).toEqual([]);
    // the whole LibreOffice process group is gone (its command lines name the conversion's directory)
    await new Promise((ok) => setTimeout(ok, 300));
    expect(spawnSync('pgrep', ['-f', 'fengong-convert-']).status).toBe(1);
  });
});
