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
import { FONTS } from '../../shared/layout/style';
import type { ConsolidatedResponse } from '../../shared/api/contract';
import { decodeRowKey } from '../../shared/layout/keys';
import { closePdfBrowser } from '../../server/workbooks/pdf';
import { download, loadWb, templateFor, toBuffer, writeSheets } from './helpers';

let s: TestServer;
let consolidated: ConsolidatedResponse;
const UNIT = '省交通运输厅';
const DANGEROUS = ['=HYPERLINK("http://x","点我")', '+86 531 1234', '-1 项未完成', '@SUM(A1)', '\t缩进'];
const DANGEROUS_CR = '\r回车';

beforeAll(async () => {
  s = await startTestServer();
  const plan = s.ctx.store.getPlan(s.planId)!.plan;
  const mine = plan.tasks.flatMap((t) => t.measures).filter((m) => m.assignments.some((a) => a.unitId === UNIT));
  const changes = mine.slice(0, DANGEROUS.length).map((m, i) => ({
    changeId: `seed-progress-${i}`, measureKey: m.key, unitId: UNIT, field: 'progress' as const, baseRev: 0, value: DANGEROUS[i % DANGEROUS.length],
  }));
  changes.push({ changeId: 'seed-problems-cr', measureKey: mine[0].key, unitId: UNIT, field: 'problems', baseRev: 0, value: DANGEROUS_CR } as never);
  changes.push({ changeId: 'seed-status-lag', measureKey: mine[0].key, unitId: UNIT, field: 'status', baseRev: 0, value: '滞后' } as never);
  applyChanges(s.ctx, { periodId: s.periodId, changes, actor: { role: 'unit', unitId: UNIT, codeId: null, label: 'seed' }, source: 'addin' });
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
  const wb = await loadWb(r.bytes);
  return wb.worksheets[0];
}

const dataRowCount = (measures: ConsolidatedResponse['measures']) => measures.reduce((n, m) => n + Math.max(1, m.units.length), 0);

describe('consolidated export (.xlsx)', () => {
  it('is laid out for print: A3 landscape, fit to width, print titles, page numbers, fonts, merges, protection', async () => {
    const ws = await exportWb();
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe('4:4');
    expect(ws.headerFooter.oddFooter).toContain('&P');
    expect(ws.headerFooter.oddFooter).toContain('—');
    expect(ws.getCell('A1').font?.name).toBe(FONTS.title.family[0]);
    expect(ws.getCell('A4').font?.name).toBe(FONTS.header.family[0]);
    expect(ws.getCell('F5').font?.name).toBe(FONTS.body.family[0]);
    expect((ws.getRow(4).values as unknown[]).slice(1, 11)).toEqual(['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划', '汇总状态', '汇总进展']);
    // One row per (measure, unit), lead first.
    const rows = dataRowCount(consolidated.measures);
    expect(ws.rowCount).toBe(4 + rows);
    const first = consolidated.measures[0];
    expect(ws.getCell('D5').value).toBe(first.units[0].unitName);
    expect(ws.getCell('D6').value).toBe(first.units[1].unitName);
    // 序号/主要任务 merged across the task's rows, 具体举措 across the measure's rows.
    const task1Rows = consolidated.measures.filter((m) => m.taskNo === '1').reduce((n, m) => n + m.units.length, 0);
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges).toContain(`A5:A${4 + task1Rows}`);
    expect(merges).toContain(`B5:B${4 + task1Rows}`);
    expect(merges).toContain(`C5:C${4 + first.units.length}`);
    expect(ws.getCell(`A${4 + task1Rows}`).isMerged).toBe(true);
    expect(ws.getCell('C5').alignment?.wrapText).toBe(true);
    expect(Number(ws.getRow(5).height)).toBeGreaterThan(15);
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    expect(ws.getColumn(11).hidden).toBe(true);
  });

  it('neutralises text that would start a formula, end to end', async () => {
    const ws = await exportWb(`?unit=${encodeURIComponent(UNIT)}`);
    const texts: string[] = [];
    ws.eachRow((row, r) => {
      if (r < 5) return;
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
    const unitRows = consolidated.measures.filter((m) => m.units.some((u) => u.unitId === UNIT)).length;
    expect(unitRows).toBe(5);
    expect(unit.rowCount).toBe(4 + unitRows);
    for (let r = 5; r <= unit.rowCount; r++) expect(unit.getCell(r, 4).value).toBe(UNIT);
    expect(String(unit.getCell('A2').value)).toContain(UNIT);

    const tasks = await exportWb('?tasks=1,2');
    const nos = new Set<string>();
    for (let r = 5; r <= tasks.rowCount; r++) nos.add(String(tasks.getCell(r, 1).value));
    expect([...nos]).toEqual(['1', '2']);
    expect(tasks.rowCount).toBe(4 + dataRowCount(consolidated.measures.filter((m) => ['1', '2'].includes(m.taskNo))));

    const lagging = await exportWb('?lagging=1');
    const lag = consolidated.measures.filter((m) => m.rollup === '滞后');
    expect(lag.length).toBe(1);
    expect(lagging.rowCount).toBe(4 + dataRowCount(lag));
    expect(lagging.getCell('I5').value).toBe('滞后');

    const summary = await exportWb('?mode=summary');
    expect((summary.getRow(4).values as unknown[]).slice(1, 7)).toEqual(['序号', '主要任务', '具体举措', '责任单位', '完成状态', '汇总进展']);
    expect(summary.rowCount).toBe(4 + consolidated.measures.length);
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
    const r = await download(s, `/api/periods/${s.periodId}/print.html?paper=A4`);
    expect(r.status).toBe(200);
    const html = r.bytes.toString('utf8');
    expect(html).toMatch(/@page/);
    expect(html).toMatch(/A4 landscape/);
    expect(html).toContain('<thead');
    expect(html).toContain('落实情况汇总表');
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
    expect(s.ctx.store.getField(s.periodId, key.measureKey, '省水利厅', 'progress')?.value).toBe('南四湖片治理完成投资 3 亿元。');
    expect(s.ctx.store.listHistory(s.periodId, { measureKey: key.measureKey, unitId: '省水利厅' }).at(-1)?.source).toBe('workbook');
  }, 90_000);

  it('fengong merge: a file that does not say whose it is is refused with how to choose; --unit (a short name) chooses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengong-cli-'));
    const plan = s.ctx.store.getPlan(s.planId)!.plan;
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
    expect(s.ctx.store.getField(s.periodId, m.key, '枣庄市人民政府', 'progress')?.value).toBe('联席会议办公室已挂牌。');
  }, 90_000);
});
