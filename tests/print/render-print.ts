// npm run render:print — prints the reference plan's consolidated table, filled with long sample
// text, the three ways an office prints it — the print view through headless Chromium
// (print-to-PDF), the exported .xlsx and the .docx through LibreOffice (soffice --convert-to pdf) —
// on A3 and A4, and reads every PDF back page by page (pdftotext):
//   - exactly the pages the layout computed (no renderer broke a page on its own);
//   - the header row on every page, 续表 at the top of every page after the first;
//   - a continued page starts with its task's 序号 and 主要任务 (and a continued measure's text);
//   - "— N —" on every page, odd pages right and even pages left (GB/T 9704);
//   - every measure number (1.1 …) and every unit's whole 进展情况 text printed (no cell cut at a break).
// Pages 1, 2 and the last of each become PNGs under artifacts/print/ for people to look at.
// PRINT_EMPTY=1: the table as at a period's start (no entries). Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { startTestServer } from '../helpers/server';
import { applyChanges } from '../../server/services/sync';
import { consolidatedLayout, printHtml, writeLayoutXlsx, type ExportOptions } from '../../server/workbooks/export';
import { docxBuffer } from '../../server/workbooks/docx';
import { closePdfBrowser, htmlToPdf } from '../../server/workbooks/pdf';
import type { FieldChange } from '../../shared/api/contract';
import type { SheetLayout } from '../../shared/layout/model';
import { STATUSES } from '../../shared/model/progress';

const OUT = resolve('artifacts/print');
const EMPTY = process.env.PRINT_EMPTY === '1';
const PREFIX = EMPTY ? 'empty-consolidated' : 'consolidated';
const HEADER_WORDS = ['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '汇总状态'];
const flat = (s: string) => s.replace(/[\s\u3000]+/g, '');

/** Fills every entry with text of varying length (some long), deterministically. */
function sampleChanges(plan: { tasks: { measures: { key: string; no: string; assignments: { unitId: string }[] }[] }[] }): FieldChange[] {
  const out: FieldChange[] = [];
  let n = 0;
  for (const t of plan.tasks)
    for (const m of t.measures)
      for (const a of m.assignments) {
        n++;
        const reps = n % 11 === 0 ? 9 : 1 + (n % 4);
        const progress = Array.from({ length: reps }, (_, i) => `${i + 1}. 举措${m.no}已按计划推进，完成年度投资目标的${50 + ((n * 7 + i) % 50)}%，相关项目前期手续办理完毕。`).join('\n');
        const f = (field: FieldChange['field'], value: string) =>
          out.push({ changeId: `print-${n}-${field}`, measureKey: m.key, unitId: a.unitId, field, baseRev: 0, value });
        f('status', STATUSES[n % STATUSES.length]);
        f('progress', progress);
        if (n % 3 === 0) f('problems', '要素保障压力较大，跨区域协调机制有待完善。'.repeat(n % 2 ? 1 : 3));
        f('nextSteps', '加快推进项目建设，确保按期完成年度目标任务。');
      }
  return out;
}

function pdfInfo(pdf: string): { pages: number; widthPt: number } {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0), widthPt: Number(/Page size:\s+([\d.]+)/.exec(info)?.[1] ?? 0) };
}

/** Each page's text in content order (a cell's lines stay together), split at form feeds. */
function pagesText(pdf: string): string[] {
  return execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\f').slice(0, -1);
}

/** x of the words "—" on each page (pdftotext -bbox), to tell where the page number sits. */
function pageNumberX(pdf: string): { page: number; x: number; text: string }[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out: { page: number; x: number; text: string }[] = [];
  html.split('<page ').slice(1).forEach((page, i) => {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((w) => ({ x: Number(w[1]), y: Number(w[2]), t: w[3] }));
    const maxY = Math.max(...words.map((w) => w.y));
    const bottom = words.filter((w) => w.y > maxY - 4);
    out.push({ page: i + 1, x: Math.min(...bottom.map((w) => w.x)), text: bottom.map((w) => w.t).join(' ') });
  });
  return out;
}

interface Result {
  name: string;
  pages: number;
  failures: string[];
}

/** What each printed page must show, from the layout: its first data row's task and measure. */
function expectations(layout: SheetLayout) {
  const col = (id: string) => layout.columns.findIndex((c) => c.id === id);
  const [no, task, measure, units, progress] = ['no', 'task', 'measure', 'units', 'progress'].map(col);
  const starts = [layout.firstDataRow, ...layout.pageBreaks];
  const data = layout.rows.filter((r) => r.kind === 'data');
  return {
    pages: starts.length,
    firstRows: starts.map((r) => layout.rows[r].cells),
    measureNos: [...new Set(data.map((r) => r.cells[measure].split(' ')[0]))],
    progress: data.map((r) => ({ unit: r.cells[units], text: r.cells[progress] })).filter((p) => p.text),
    cols: { no, task, measure },
  };
}

function checkPdf(name: string, pdf: string, layout: SheetLayout): Result {
  const exp = expectations(layout);
  const { pages, widthPt } = pdfInfo(pdf);
  const failures: string[] = [];
  if (pages !== exp.pages) failures.push(`${pages} pages, the layout computed ${exp.pages}`);
  const texts = pagesText(pdf).map(flat);
  const numbers = pageNumberX(pdf);
  texts.forEach((text, i) => {
    const p = i + 1;
    const missing = HEADER_WORDS.filter((w) => !text.includes(w));
    if (missing.length) failures.push(`page ${p}: header row missing (${missing.join('、')})`);
    // (the page number "— N —" may come first in content order: Chromium draws the margin boxes first)
    if (p > 1 && !text.replace(/^—\d+—/, '').startsWith('续表')) failures.push(`page ${p}: does not start with 续表`);
    const first = exp.firstRows[i];
    if (first && p > 1) {
      const after = text.slice(text.indexOf(HEADER_WORDS[HEADER_WORDS.length - 1]));
      if (!after.includes(flat(first[exp.cols.task]))) failures.push(`page ${p}: task title “${first[exp.cols.task]}” not repeated`);
      if (!new RegExp(`(^|\\D)${first[exp.cols.no]}(\\D|$)`).test(after)) failures.push(`page ${p}: 序号 ${first[exp.cols.no]} not repeated`);
      if (!after.includes(flat(first[exp.cols.measure]).slice(0, 12))) failures.push(`page ${p}: measure “${first[exp.cols.measure].slice(0, 12)}…” not repeated`);
    }
    const num = numbers[i];
    if (!num || flat(num.text) !== `—${p}—`) failures.push(`page ${p}: page number “— ${p} —” missing at the bottom (found “${num?.text ?? ''}”)`);
    else if ((p % 2 === 1) !== num.x > widthPt / 2) failures.push(`page ${p}: page number on the ${num.x > widthPt / 2 ? 'right' : 'left'} (GB/T 9704: odd right, even left)`);
  });
  const all = texts.join('');
  const noMeasure = exp.measureNos.filter((n) => !all.includes(n));
  if (noMeasure.length) failures.push(`measure numbers not printed: ${noMeasure.slice(0, 8).join(' ')}`);
  const cut = exp.progress.filter((p) => !all.includes(flat(p.text)));
  if (cut.length) failures.push(`${cut.length} 进展情况 texts not printed whole, e.g. ${cut[0].unit}: “${cut[0].text.slice(0, 30)}…”`);

  for (const f of readdirSync(OUT)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(join(OUT, f));
  for (const p of new Set([1, 2, pages])) {
    if (p > pages) continue;
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(p), '-l', String(p), pdf, join(OUT, name)]);
  }
  return { name, pages, failures };
}

function libreOfficePdf(file: string, profile: string): string {
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, file], { stdio: 'pipe', timeout: 300_000 });
  const from = file.replace(/\.(xlsx|docx)$/, '.pdf');
  const to = file.replace(/\.(xlsx|docx)$/, '.libreoffice-$1.pdf');
  renameSync(from, to);
  return to;
}

async function main(): Promise<number> {
  mkdirSync(OUT, { recursive: true });
  // After the deadline: the table stands at 2026-12-31.
  const s = await startTestServer({ periodName: '2026年下半年', deadline: '2026-12-31', now: () => new Date('2027-01-05T02:00:00Z') });
  const results: Result[] = [];
  const work = mkdtempSync(join(tmpdir(), 'fengong-print-'));
  try {
    const plan = (await s.ctx.store.plans.get(s.planId))!.plan;
    if (!EMPTY) await applyChanges(s.ctx, { periodId: s.periodId, changes: sampleChanges(plan), actor: { role: 'coordinator', unitId: null, codeId: null, label: 'render:print' }, source: 'console' });
    for (const paper of ['A3', 'A4'] as const) {
      const opts: ExportOptions = { paper, mode: 'rows', filter: {}, attachment: '附件' };
      const layout = await consolidatedLayout(s.ctx, s.periodId, opts);
      const base = join(OUT, `${PREFIX}-${paper}`);

      const html = await printHtml(s.ctx, s.periodId, opts);
      writeFileSync(`${base}.html`, html);
      writeFileSync(`${base}.chromium.pdf`, await htmlToPdf(html));
      results.push(checkPdf(`${PREFIX}-${paper}.chromium`, `${base}.chromium.pdf`, layout));

      const stream = createWriteStream(`${base}.xlsx`);
      await writeLayoutXlsx(layout, stream);
      await finished(stream);
      results.push(checkPdf(`${PREFIX}-${paper}.libreoffice-xlsx`, libreOfficePdf(`${base}.xlsx`, join(work, 'profile')), layout));

      writeFileSync(`${base}.docx`, await docxBuffer(layout));
      results.push(checkPdf(`${PREFIX}-${paper}.libreoffice-docx`, libreOfficePdf(`${base}.docx`, join(work, 'profile')), layout));
    }
  } finally {
    await closePdfBrowser();
    await s.close();
    rmSync(work, { recursive: true, force: true });
  }
  let failed = 0;
  for (const r of results) {
    console.log(`${r.name.padEnd(40)} ${String(r.pages).padStart(3)} pages  ${r.failures.length ? 'FAIL' : 'ok'}`);
    for (const f of r.failures.slice(0, 12)) console.log(`    ${f}`);
    if (r.failures.length > 12) console.log(`    … ${r.failures.length - 12} more`);
    if (r.failures.length) failed++;
  }
  console.log(`PDFs and PNGs of pages 1, 2 and the last in ${OUT}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
