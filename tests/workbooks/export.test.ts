// The consolidated export as the office downloads it, read back with exceljs: layout, merges,
// print settings, fonts, protection, the filters, neutralised text; the print view, its PDF, the
// .docx; and `fengong export` / `fengong merge` on the command line against the real service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server';
import { applyChanges } from '../../server/services/sync';
import { fontsFor } from '../../shared/layout/style';
import type { ConsolidatedResponse } from '../../shared/api/contract';
import { decodeRowKey } from '../../shared/layout/keys';
import type ExcelJS from 'exceljs';
import { closePdfBrowser } from '../../server/workbooks/pdf';
import { officeDate } from '../../shared/layout/file-names';
import { download, loadWb, templateFor, toBuffer, writeSheets } from './helpers';

let s: TestServer;
let consolidated: ConsolidatedResponse;
const UNIT = '省交通运输厅';
const DANGEROUS = ['=HYPERLINK("http://x","点我")', '+86 531 1234', '-1 项未完成', '@SUM(A1)', '\t缩进'];
const DANGEROUS_CR = '\r回车';

beforeAll(async () => {
  s = await startTestServer();
  const plan = (await s.ctx.store.plans.get(s.planId))!.plan;
  const mine = plan.tasks.flatMap((t) => t.measures).filter((m) => m.assignments.some((a) => a.unitId === UNIT));
  const changes = mine.slice(0, DANGEROUS.length).map((m, i) => ({
    changeId: `seed-progress-${i}`, measureKey: m.key, unitId: UNIT, field: 'progress' as const, baseRev: 0, value: DANGEROUS[i % DANGEROUS.length],
  }));
  changes.push({ changeId: 'seed-problems-cr', measureKey: mine[0].key, unitId: UNIT, field: 'problems', baseRev: 0, value: DANGEROUS_CR } as never);
  changes.push({ changeId: 'seed-status-lag', measureKey: mine[0].key, unitId: UNIT, field: 'status', baseRev: 0, value: '滞后' } as never);
  await applyChanges(s.ctx, { periodId: s.periodId, changes, actor: { role: 'unit', unitId: UNIT, codeId: null, label: 'seed' }, source: 'addin' });
  const r = await fetch(`${s.url}/api/periods/${s.periodId}/consolidated`, { headers: { authorization: `Bearer ${s.coordinatorCode}` } });
  consolidated = (await r.json()) as ConsolidatedResponse;
});
afterAll(async () => {
  await closePdfBrowser();
  await s?.close();
});

async function exportWb(query = '') {
  const r = await download(s, `/api/periods/${s.periodId}/export.xlsx${query}`);
  expect(r.status).toBe(200);
  expect(r.type).toMatch(/spreadsheetml/);
  expect(r.disposition).toContain(encodeURIComponent(`-${(await s.ctx.store.periods.get(s.periodId))!.name}-`));
  const wb = await loadWb(r.bytes);
  return wb.worksheets[0];
}

const dataRowCount = (measures: ConsolidatedResponse['measures']) => measures.reduce((n, m) => n + Math.max(1, m.units.length), 0);
/** The header row (1-based): the row whose first cell is 序号; data rows follow it, the 说明 row ends the sheet. */
function headerRowOf(ws: ExcelJS.Worksheet): number {
  for (let r = 1; r <= 8; r++) if (ws.getCell(r, 1).value === '序号') return r;
  throw new Error('no header row');
}

describe('consolidated export (.xlsx)', () => {
  it('is laid out for print: A3 landscape, one page wide, print titles, 续表 and GB/T page numbers, fonts, merges, not protected', async () => {
    const ws = await exportWb();
    const hr = headerRowOf(ws);
    const fonts = fontsFor('A3');
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe(`${hr}:${hr}`);
    // GB/T 9704: "— N —" in 四号 宋体, odd pages right, even pages left; 续表 on every page but the first.
    expect(ws.headerFooter).toMatchObject({ differentOddEven: true, differentFirst: true });
    expect(ws.headerFooter.oddFooter).toBe('&R&"宋体,Regular"&14— &P —\u3000');
    expect(ws.headerFooter.evenFooter).toBe('&L&"宋体,Regular"&14\u3000— &P —');
    expect(ws.headerFooter.firstFooter).toBe(ws.headerFooter.oddFooter);
    expect(ws.headerFooter.oddHeader).toContain('续表');
    expect(ws.headerFooter.firstHeader ?? '').toBe('');
    expect(ws.getCell('A1').value).toBe('鲁南经济圈一体化发展重点任务落实情况汇总表');
    expect(ws.getCell('A1').font).toMatchObject({ name: fonts.title.family[0], size: 22 }); // 二号 小标宋
    expect(String(ws.getCell('A2').value)).toMatch(/^（截至\d{4}年\d{1,2}月\d{1,2}日）$/);
    expect(ws.getCell(hr, 1).font).toMatchObject({ name: fonts.header.family[0], size: 12 }); // 小四 黑体
    expect(ws.getCell(hr + 1, 6).font).toMatchObject({ name: fonts.body.family[0], size: 12 }); // 小四 仿宋
    // no office summary written yet: no 汇总进展 column
    expect((ws.getRow(hr).values as unknown[]).slice(1, 10)).toEqual(['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划', '汇总状态']);
    // One row per (measure, unit), lead first; the 说明 below the table.
    const rows = dataRowCount(consolidated.measures);
    expect(ws.rowCount).toBe(hr + rows + 1);
    expect(String(ws.getCell(ws.rowCount, 1).value)).toMatch(/^说明：汇总状态/);
    const first = consolidated.measures[0];
    expect(ws.getCell(hr + 1, 4).value).toBe(first.units[0].unitName);
    expect(ws.getCell(hr + 2, 4).value).toBe(first.units[1].unitName);
    // the measure's number before its text
    expect(ws.getCell(hr + 1, 3).value).toBe(`${first.measureNo} ${first.measureText}`);
    // 序号/主要任务 merged across the task's rows (on page 1), 具体举措 across the measure's rows.
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges.some((m) => m.startsWith(`A${hr + 1}:A`))).toBe(true);
    expect(merges).toContain(`C${hr + 1}:C${hr + first.units.length}`);
    expect(ws.getCell(hr + 1, 3).alignment?.wrapText).toBe(true);
    expect(Number(ws.getRow(hr + 1).height)).toBeGreaterThan(15);
    // the office's own table is not protected (only units' templates are)
    expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet ?? false).toBe(false);
    expect(ws.getColumn(10).hidden).toBe(true);
  });

  it('neutralises text that would start a formula, end to end', async () => {
    const ws = await exportWb(`?unit=${encodeURIComponent(UNIT)}`);
    const texts: string[] = [];
    const hr = headerRowOf(ws);
    ws.eachRow((row, r) => {
      if (r <= hr) return;
      for (const cell of [row.getCell(6), row.getCell(7)]) {
        expect(cell.type).not.toBe(6); // never a formula cell (ValueType.Formula = 6)
        if (typeof cell.value === 'string') texts.push(cell.value);
      }
    });
    // (XML parsers turn a stored CR into LF: the neutralising prefix is what matters.)
    for (const d of [...DANGEROUS, DANGEROUS_CR]) expect(texts).toContain(`\u3000${d.replace(/\r/g, '\n')}`);
  });

  it('A4 on request, and the filters: one unit, some tasks, only lagging measures, summary mode', async () => {
    expect((await exportWb('?paper=A4')).pageSetup.paperSize).toBe(9);

    const unit = await exportWb(`?unit=${encodeURIComponent(UNIT)}`);
    const uh = headerRowOf(unit);
    const unitRows = consolidated.measures.filter((m) => m.units.some((u) => u.unitId === UNIT)).length;
    expect(unitRows).toBe(5);
    expect(unit.rowCount).toBe(uh + unitRows + 1);
    for (let r = uh + 1; r < unit.rowCount; r++) expect(unit.getCell(r, 4).value).toBe(UNIT);
    expect(String(unit.getCell(uh - 1, 1).value)).toContain(UNIT);

    const tasks = await exportWb('?tasks=1,2');
    const th = headerRowOf(tasks);
    const nos = new Set<string>();
    for (let r = th + 1; r < tasks.rowCount; r++) nos.add(String(tasks.getCell(r, 1).value));
    expect([...nos]).toEqual(['1', '2']);
    expect(tasks.rowCount).toBe(th + dataRowCount(consolidated.measures.filter((m) => ['1', '2'].includes(m.taskNo))) + 1);

    const lagging = await exportWb('?lagging=1');
    const lh = headerRowOf(lagging);
    const lag = consolidated.measures.filter((m) => m.rollup === '滞后');
    expect(lag.length).toBe(1);
    expect(lagging.rowCount).toBe(lh + dataRowCount(lag) + 1);
    expect(lagging.getCell(lh + 1, 9).value).toBe('滞后');

    const summary = await exportWb('?mode=summary');
    const sh = headerRowOf(summary);
    expect((summary.getRow(sh).values as unknown[]).slice(1, 7)).toEqual(['序号', '主要任务', '具体举措', '责任单位', '汇总状态', '汇总进展']);
    expect(summary.rowCount).toBe(sh + consolidated.measures.length + 1);
  });

  it('rejects bad options clearly', async () => {
    expect((await download(s, `/api/periods/${s.periodId}/export.xlsx?paper=B5`)).status).toBe(400);
    expect((await download(s, `/api/periods/nope/export.xlsx`)).status).toBe(404);
    const unitCode = await s.issueUnitCode(UNIT);
    expect((await download(s, `/api/periods/${s.periodId}/export.xlsx`, unitCode)).status).toBe(403);
  });
});

describe('print view, PDF and Word', () => {
  it('serves the HTML print view from the same layout', async () => {
    const r = await download(s, `/api/periods/${s.periodId}/print.html?paper=A4&attachment=${encodeURIComponent('附件2')}&pageNumbers=center`);
    expect(r.status).toBe(200);
    const html = r.bytes.toString('utf8');
    expect(html).toMatch(/@page/);
    expect(html).toMatch(/A4 landscape/);
    expect(html).toContain('<thead');
    expect(html).toContain('落实情况汇总表');
    expect(html).toContain('<p class="attachment"');
    expect(html).toContain('>附件2</p>');
    expect(html).toContain('@bottom-center');
    expect(html).not.toContain('@bottom-right');
  });

  it('prints the view to PDF with headless Chromium', async () => {
    const r = await download(s, `/api/periods/${s.periodId}/print.pdf?tasks=1`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('exports the table as a Word document', async () => {
    const r = await download(s, `/api/periods/${s.periodId}/export.docx?tasks=1`);
    expect(r.status).toBe(200);
    expect(r.bytes.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('command line', () => {
  // Asynchronous: the service runs in this process and must keep answering while the CLI runs.
  const cli = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['bin/fengong.mjs', ...args, '--server', s.url, '--code', s.coordinatorCode], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });

  it('fengong export writes the consolidated .xlsx; fengong merge sends files and prints their reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengong-cli-'));
    const out = join(dir, 'table.xlsx');
    const e = await cli(['export', '-o', out, '--paper', 'A4', '--tasks', '1']);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    const ws = (await loadWb(readFileSync(out))).worksheets[0];
    expect(ws.pageSetup.paperSize).toBe(9);
    // without -o: named after the period and the office's date, in the current folder
    const named = await new Promise<{ stdout: string }>((done) =>
      execFile(process.execPath, [join(process.cwd(), 'bin/fengong.mjs'), 'export', '--tasks', '1', '--server', s.url, '--code', s.coordinatorCode], { cwd: dir, encoding: 'utf8', timeout: 60_000 }, (_e, stdout) => done({ stdout })),
    );
    const expected = `落实情况汇总表-${(await s.ctx.store.periods.get(s.periodId))!.name}-${officeDate()}.xlsx`;
    expect(named.stdout).toContain(expected);
    expect(readFileSync(join(dir, expected)).subarray(0, 2).toString()).toBe('PK');

    const wb = await loadWb(await templateFor(s, '省水利厅'));
    wb.worksheets[0].getCell('F5').value = '南四湖片治理完成投资 3 亿元。';
    const key = decodeRowKey(wb.worksheets[0].getCell('J5').value)!;
    const good = join(dir, '水利厅.xlsx');
    writeFileSync(good, await toBuffer(wb));
    const bad = join(dir, '坏文件.xlsx');
    writeFileSync(bad, 'a,b,c\n1,2,3\n');
    const m = await cli(['merge', good, bad]);
    expect(m.stdout).toContain('[1/2] 水利厅.xlsx');
    expect(m.stdout).toContain('已合并：');
    expect(m.stdout).toContain('合并 1 项');
    expect(m.stdout).toContain('[2/2] 坏文件.xlsx');
    expect(m.stdout).toContain('CSV_NOT_SUPPORTED');
    expect(m.status).toBe(1);
    expect((await s.field(key.measureKey, '省水利厅', 'progress'))?.value).toBe('南四湖片治理完成投资 3 亿元。');
    expect((await s.history({ measureKey: key.measureKey, unitId: '省水利厅' })).at(-1)?.source).toBe('workbook');
  }, 90_000);

  it('fengong merge: a file that does not say whose it is is refused with how to choose; --unit (a short name) chooses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengong-cli-'));
    const plan = (await s.ctx.store.plans.get(s.planId))!.plan;
    const m = plan.tasks.flatMap((t) => t.measures).find((x) => x.assignments.some((a) => a.unitId === '枣庄市人民政府'))!;
    const file = join(dir, '回传表.xlsx');
    writeFileSync(file, await writeSheets([{ name: 'Sheet1', rows: [['序号', '具体举措', '进展情况'], [m.no, m.text, '联席会议办公室已挂牌。']] }]));
    const refused = await cli(['merge', file]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('请选择填报单位 [UNIT_UNKNOWN_IN_FILE]');
    expect(refused.stdout).toContain('已查看：工作表名“Sheet1”；文件名“回传表”');
    expect(refused.stdout).toMatch(/用 --unit 指定单位后重新合并/);
    const chosen = await cli(['merge', file, '--unit', '枣庄市政府']);
    expect(chosen.status).toBe(0);
    expect(chosen.stdout).toContain('填报单位：枣庄市人民政府（依据办公室指定：枣庄市人民政府）');
    expect((await s.field(m.key, '枣庄市人民政府', 'progress'))?.value).toBe('联席会议办公室已挂牌。');
  }, 90_000);
});
