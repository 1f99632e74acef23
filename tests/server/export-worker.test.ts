// Exports render in a worker thread (server/workbooks/export-pool.ts): on the largest plan the
// service takes, the .docx and the .xlsx are rendered while the service keeps answering /api/health
// (the event loop is never held for more than a fraction of the export; before, for all of it),
// and the files read back right. A render past its time limit is stopped (EXPORT_TIMEOUT, its
// Chinese message), the worker replaced, and the next export succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { ERRORS } from '../../shared/messages';
import { DEFAULT_EXPORT_LIMITS, setExportWorkerLimits, stopExportWorker } from '../../server/workbooks/export-pool';
import { closePdfBrowser, htmlToPdf } from '../../server/workbooks/pdf';
import { largePlanServer } from '../helpers/large-plan-server';
import { loopGaps } from '../helpers/loop-gaps';
import type { TestServer } from '../helpers/server';

let s: TestServer & { measures: number; assignments: number };
beforeAll(async () => {
  s = await largePlanServer({ backend: 'sqlite' });
}, 120_000);
afterAll(async () => {
  await setExportWorkerLimits(DEFAULT_EXPORT_LIMITS);
  await stopExportWorker();
  await closePdfBrowser();
  await s?.close();
});

const get = (path: string) => fetch(s.url + `/api/periods/${s.periodId}/${path}`, { headers: { authorization: `Bearer ${s.coordinatorCode}` } });

/** Fetches an export while /api/health is asked again and again: how the service answered meanwhile. */
async function whileExporting(path: string) {
  const gaps = loopGaps();
  const t0 = performance.now();
  let done = false;
  const res = get(path).then(async (r) => ({ status: r.status, bytes: Buffer.from(await r.arrayBuffer()) })).finally(() => (done = true));
  let answered = 0;
  let slowest = 0;
  while (!done) {
    const h0 = performance.now();
    const h = await fetch(s.url + '/api/health');
    await h.arrayBuffer();
    if (h.status === 200 && !done) answered++;
    slowest = Math.max(slowest, performance.now() - h0);
    await new Promise((r) => setTimeout(r, 20));
  }
  const out = await res;
  return { ...out, ms: performance.now() - t0, heldMs: await gaps.stop(), answered, slowest };
}

describe('exports of the largest plan render off the event loop', () => {
  it('the .docx: /api/health keeps answering while it renders; every row reads back', async () => {
    const r = await whileExporting('export.docx');
    expect(r.status).toBe(200);
    // on the loop (before), the loop was held for the whole export and health answered once at most
    expect(r.heldMs).toBeLessThan(r.ms / 2);
    expect(r.answered).toBeGreaterThanOrEqual(3);
    const doc = strFromU8(unzipSync(new Uint8Array(r.bytes))['word/document.xml']);
    const tables = doc.match(/<w:tbl>/g)!.length;
    // one row per assignment, and each table's header row
    expect(doc.match(/<w:tr>/g)!.length).toBe(s.assignments + tables);
    expect(doc).toContain('举措1.1已按计划推进，完成年度投资目标的');
    expect(doc).toContain('>加快推进项目建设，确保按期完成年度目标任务。<');
  }, 120_000);

  it('the .xlsx: the same, read back with exceljs', async () => {
    const r = await whileExporting('export.xlsx');
    expect(r.status).toBe(200);
    expect(r.heldMs).toBeLessThan(r.ms / 2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => void texts.push(String(c.text))));
    expect(texts.filter((t) => t === '推进中').length).toBeGreaterThanOrEqual(s.assignments);
    expect(texts.some((t) => t.startsWith('举措1.1已按计划推进'))).toBe(true);
  }, 120_000);

  it('a render past its time limit is stopped with EXPORT_TIMEOUT; the service answers and the next export succeeds', async () => {
    await setExportWorkerLimits({ timeoutMs: 200 });
    const r = await whileExporting('export.docx');
    expect(r.status).toBe(503);
    const body = JSON.parse(r.bytes.toString('utf8'));
    expect(body.error.code).toBe('EXPORT_TIMEOUT');
    expect(body.error.message).toContain(ERRORS.EXPORT_TIMEOUT);
    expect((await fetch(s.url + '/api/health')).status).toBe(200);

    await setExportWorkerLimits({ timeoutMs: DEFAULT_EXPORT_LIMITS.timeoutMs });
    const unit = await get('templates/' + encodeURIComponent('省交通运输厅') + '.docx');
    expect(unit.status).toBe(200);
    expect(strFromU8(unzipSync(new Uint8Array(await unit.arrayBuffer()))['word/document.xml'])).toContain('省交通运输厅');
  }, 120_000);

  it('a render that runs out of its heap ends its worker with EXPORT_FAILED; the next export succeeds', async () => {
    await setExportWorkerLimits({ maxOldGenerationSizeMb: 32 });
    const r = await get('export.docx');
    expect(r.status).toBe(503);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('EXPORT_FAILED');
    expect(body.error.message).toContain('超出内存限制');

    await setExportWorkerLimits({ maxOldGenerationSizeMb: DEFAULT_EXPORT_LIMITS.maxOldGenerationSizeMb });
    const html = await get('print.html');
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('举措1.1已按计划推进');
  }, 120_000);

  it('printing a PDF past its time limit is stopped with EXPORT_TIMEOUT; the next one prints', async () => {
    const html = `<!doctype html><html><body>${'<p>落实情况</p>'.repeat(2000)}</body></html>`;
    await expect(htmlToPdf(html, undefined, 1)).rejects.toMatchObject({ code: 'EXPORT_TIMEOUT', status: 503 });
    expect((await htmlToPdf(html)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);
});
