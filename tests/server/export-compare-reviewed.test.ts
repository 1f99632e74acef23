// The printed consolidated table with 对比上期 (?compare=1: the sentences new since the previous
// period underlined in the print view, the .xlsx's rich text and the .docx's runs) and limited to
// reviewed submissions (?reviewed=1: a unit not approved keeps its row, marked 未审核, its text left
// out). On the backend FENGONG_TEST_DB names (run once on SQLite, once on PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type ExcelJS from 'exceljs';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { download, gridOf, loadWb } from '../workbooks/helpers';

const KEJI = '省科技厅';
const JT = '省交通运输厅';
const OLD = '已签订共建协议。完成选址。';
const NEW_SENTENCE = '实验室挂牌运行。';
const NOW = '已签订共建协议。' + NEW_SENTENCE + '完成选址。';
const JT_TEXT = '完成国省道养护工程12项。';

let s: TestServer;
let next: string;
let keji: string;
let jt: string;
let mkKeji: string;
let mkJt: string;

const put = (code: string, periodId: string, measureKey: string, unitId: string, value: string, baseRev: number, id: string) =>
  api(s.url, code, 'POST', `/api/periods/${periodId}/changes`, { source: 'fill', changes: [{ changeId: id, measureKey, unitId, field: 'progress', baseRev, value }] });

beforeAll(async () => {
  s = await startTestServer({ periodName: '2026年下半年', deadline: '2026-12-31' });
  keji = await s.issueUnitCode(KEJI, { person: '钱科员' });
  jt = await s.issueUnitCode(JT, { person: '赵科员' });
  mkKeji = (await api(s.url, keji, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments[0].measureKey;
  mkJt = (await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments[0].measureKey;
  expect((await put(keji, s.periodId, mkKeji, KEJI, OLD, 0, 'ecr-keji-1')).status).toBe(200);
  expect((await put(jt, s.periodId, mkJt, JT, JT_TEXT, 0, 'ecr-jt-1')).status).toBe(200);
  const opened = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/periods', { name: '2027年上半年', deadline: '2027-06-30', carryOver: true });
  expect(opened.status).toBe(200);
  next = opened.body.id;
  const rev = (await api(s.url, keji, 'GET', `/api/periods/${next}/entries?since=0`)).body.entries.find((e: { measureKey: string; unitId: string }) => e.measureKey === mkKeji && e.unitId === KEJI).fields.progress.rev;
  expect((await put(keji, next, mkKeji, KEJI, NOW, rev, 'ecr-keji-2')).status).toBe(200);
  // 省科技厅 submits and is approved; 省交通运输厅 submits (its carried text) and is not reviewed yet
  expect((await api(s.url, keji, 'POST', `/api/periods/${next}/submit`, { signedBy: '李副厅长' })).status).toBe(200);
  expect((await api(s.url, jt, 'POST', `/api/periods/${next}/submit`, { signedBy: '王处长' })).status).toBe(200);
  const ok = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${next}/units/${encodeURIComponent(KEJI)}/review`, { decision: 'approve' });
  expect(ok.body.state).toBe('approved');
});
afterAll(async () => s?.close());

const path = (file: string, q: string) => `/api/periods/${next}/${file}?${q}`;
const underlined = (html: string) => [...html.matchAll(/<u class="new-text">([^<]*)<\/u>/g)].map((m) => m[1]);

/** The data row of a unit in the exported sheet (its 责任单位 cell begins with the unit's name). */
function rowOf(ws: ExcelJS.Worksheet, unitPrefix: string): { grid: string[]; row: number } {
  const grid = gridOf(ws);
  const unitCol = grid.findIndex((r) => r.includes('责任单位'));
  const col = grid[unitCol].indexOf('责任单位');
  const r = grid.findIndex((cells, i) => i > unitCol && cells[col]?.startsWith(unitPrefix));
  expect(r).toBeGreaterThan(unitCol);
  return { grid: grid[r], row: r + 1 };
}

describe(`consolidated export: 对比上期 and reviewed-only (${process.env.FENGONG_TEST_DB ?? 'sqlite'})`, () => {
  it('print.html?compare=1 underlines exactly the new sentence; without it nothing is underlined', async () => {
    const marked = await download(s, path('print.html', 'compare=1'));
    expect(marked.status).toBe(200);
    const html = marked.bytes.toString('utf8');
    expect(underlined(html)).toEqual([NEW_SENTENCE]);
    expect(html).toContain(`已签订共建协议。<u class="new-text">${NEW_SENTENCE}</u>完成选址。`);
    expect(html).toContain(JT_TEXT); // carried over unchanged: printed, not marked
    expect(html).toContain('对比上期（2026年下半年）：本期新增内容加下划线');
    const plain = (await download(s, path('print.html', ''))).bytes.toString('utf8');
    expect(underlined(plain)).toEqual([]);
    expect(plain).not.toContain('对比上期');
  });

  it('export.xlsx?compare=1: the cell is rich text, only the new sentence underlined, in the cell font', async () => {
    const r = await download(s, path('export.xlsx', 'compare=1'));
    expect(r.status).toBe(200);
    const ws = (await loadWb(r.bytes)).worksheets[0];
    const { grid, row } = rowOf(ws, '省科技厅');
    const col = grid.indexOf(NOW) + 1;
    expect(col).toBeGreaterThan(0);
    const v = ws.getCell(row, col).value as ExcelJS.CellRichTextValue;
    expect(v.richText.map((t) => [t.text, !!t.font?.underline])).toEqual([['已签订共建协议。', false], [NEW_SENTENCE, true], ['完成选址。', false]]);
    expect(new Set(v.richText.map((t) => t.font?.name))).toEqual(new Set([ws.getCell(row, col - 1).font?.name]));
    const jtRow = rowOf(ws, '省交通运输厅');
    expect(typeof ws.getCell(jtRow.row, jtRow.grid.indexOf(JT_TEXT) + 1).value).toBe('string');
  });

  it('export.docx?compare=1: the new sentence is the one underlined run', async () => {
    const r = await download(s, path('export.docx', 'compare=1'));
    expect(r.status).toBe(200);
    const xml = strFromU8(unzipSync(r.bytes)['word/document.xml']);
    const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((m) => m[1]);
    const texts = (pred: (run: string) => boolean) => runs.filter(pred).map((run) => [...run.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    expect(texts((run) => /<w:u /.test(run))).toEqual([NEW_SENTENCE]);
    expect(texts(() => true)).toEqual(expect.arrayContaining(['已签订共建协议。', '完成选址。', JT_TEXT]));
  });

  it('export.xlsx?reviewed=1: the approved unit printed in full; the unreviewed one marked 未审核 with its text left out', async () => {
    const r = await download(s, path('export.xlsx', 'reviewed=1'));
    expect(r.status).toBe(200);
    const ws = (await loadWb(r.bytes)).worksheets[0];
    const all = gridOf(ws).flat();
    expect(all).toContain('仅含审核通过的报送；未通过审核的单位标注“未审核”，不列其填报内容');
    expect(rowOf(ws, '省科技厅').grid).toContain(NOW);
    const jtRow = rowOf(ws, '省交通运输厅').grid;
    expect(jtRow.some((c) => c.endsWith('（未审核）'))).toBe(true);
    expect(all).not.toContain(JT_TEXT);
    expect(jtRow).not.toContain('推进中');
    // without the option the same table prints 省交通运输厅's text
    const full = gridOf((await loadWb((await download(s, path('export.xlsx', ''))).bytes)).worksheets[0]).flat();
    expect(full).toContain(JT_TEXT);
    expect(full.some((c) => c.includes('未审核'))).toBe(false);
  });

  it('both options at once, on the print view; a bad value is refused with a stable code', async () => {
    const html = (await download(s, path('print.html', 'reviewed=1&compare=1'))).bytes.toString('utf8');
    expect(underlined(html)).toEqual([NEW_SENTENCE]);
    expect(html).toContain('省交通运输厅（未审核）');
    const bad = await api(s.url, s.coordinatorCode, 'GET', path('export.xlsx', 'reviewed=maybe'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_REQUEST');
  });
});
