// npm run render:print — renders the reference plan's consolidated table the two ways it gets
// printed: the exported .xlsx through LibreOffice (soffice --convert-to pdf) and the HTML print
// view through headless Chromium (print-to-PDF), on A3 and A4; turns every PDF into PNG pages
// (pdftoppm) under artifacts/print/ for people to look at; checks with pdftotext that every page
// carries the header row and its page number "— N —". Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { startTestServer } from '../helpers/server';
import { applyChanges } from '../../server/services/sync';
import { consolidatedLayout, printHtml, writeLayoutXlsx } from '../../server/workbooks/export';
import { closePdfBrowser, htmlToPdf } from '../../server/workbooks/pdf';
import type { FieldChange } from '../../shared/api/contract';
import { STATUSES } from '../../shared/model/progress';

const OUT = resolve('artifacts/print');
/** PRINT_EMPTY=1: the table as at a period's start (no entries), files prefixed empty-. */
const EMPTY = process.env.PRINT_EMPTY === '1';
const PREFIX = EMPTY ? 'empty-consolidated' : 'consolidated';
const HEADER_WORDS = ['序号', '主要任务', '具体举措', '责任单位', '进展情况'];

/** Fills every entry with plausible text of varying length, deterministically. */
function sampleChanges(plan: { tasks: { no: string; measures: { key: string; no: string; assignments: { unitId: string }[] }[] }[] }): FieldChange[] {
  const out: FieldChange[] = [];
  let n = 0;
  for (const t of plan.tasks)
    for (const m of t.measures)
      for (const a of m.assignments) {
        n++;
        const reps = 1 + (n % 4);
        const progress = Array.from({ length: reps }, (_, i) => `${i + 1}. 举措${m.no}已按计划推进，完成年度投资目标的${50 + ((n * 7 + i) % 50)}%，相关项目前期手续办理完毕。`).join('\n');
        const f = (field: FieldChange['field'], value: string) =>
          out.push({ changeId: `print-${n}-${field}`, measureKey: m.key, unitId: a.unitId, field, baseRev: 0, value });
        f('status', STATUSES[n % STATUSES.length]);
        f('progress', progress);
        if (n % 3 === 0) f('problems', '要素保障压力较大，跨区域协调机制有待完善。');
        f('nextSteps', '加快推进项目建设，确保按期完成年度目标任务。');
      }
  return out;
}

function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

function pageText(pdf: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });
}

interface Result {
  name: string;
  pages: number;
  failures: string[];
}

function checkPdf(name: string, pdf: string): Result {
  const pages = pdfPages(pdf);
  const failures: string[] = [];
  if (pages < 2) failures.push(`only ${pages} page(s)`);
  for (let p = 1; p <= pages; p++) {
    const text = pageText(pdf, p).replace(/[ \t\u3000]+/g, '');
    const missing = HEADER_WORDS.filter((w) => !text.includes(w));
    if (missing.length) failures.push(`page ${p}: header row missing (${missing.join('、')})`);
    if (!text.includes(`—${p}—`)) failures.push(`page ${p}: page number “— ${p} —” missing`);
  }
  const base = join(OUT, name);
  for (const f of readdirSync(OUT)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(join(OUT, f));
  execFileSync('pdftoppm', ['-png', '-r', '40', pdf, base]);
  return { name, pages, failures };
}

async function main(): Promise<number> {
  mkdirSync(OUT, { recursive: true });
  const s = await startTestServer();
  const results: Result[] = [];
  const work = mkdtempSync(join(tmpdir(), 'fengong-print-'));
  try {
    const plan = s.ctx.store.getPlan(s.planId)!.plan;
    if (!EMPTY) applyChanges(s.ctx, { periodId: s.periodId, changes: sampleChanges(plan), actor: { role: 'coordinator', unitId: null, codeId: null, label: 'render:print' }, source: 'console' });
    for (const paper of ['A3', 'A4'] as const) {
      const opts = { paper, mode: 'rows' as const, filter: {} };
      const xlsx = join(OUT, `${PREFIX}-${paper}.xlsx`);
      const stream = createWriteStream(xlsx);
      await writeLayoutXlsx(consolidatedLayout(s.ctx, s.periodId, opts), stream);
      await finished(stream);
      execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, xlsx], { stdio: 'pipe', timeout: 300_000 });
      const loPdf = join(OUT, `${PREFIX}-${paper}.libreoffice.pdf`);
      execFileSync('mv', [join(OUT, `${PREFIX}-${paper}.pdf`), loPdf]);
      results.push(checkPdf(`${PREFIX}-${paper}.libreoffice`, loPdf));

      const html = printHtml(s.ctx, s.periodId, opts);
      writeFileSync(join(OUT, `print-${paper}.html`), html);
      const chPdf = join(OUT, `${PREFIX}-${paper}.chromium.pdf`);
      writeFileSync(chPdf, await htmlToPdf(html));
      results.push(checkPdf(`${PREFIX}-${paper}.chromium`, chPdf));
    }
  } finally {
    await closePdfBrowser();
    await s.close();
    rmSync(work, { recursive: true, force: true });
  }
  let failed = 0;
  for (const r of results) {
    console.log(`${r.name.padEnd(36)} ${String(r.pages).padStart(3)} pages  ${r.failures.length ? 'FAIL' : 'ok'}`);
    for (const f of r.failures.slice(0, 10)) console.log(`    ${f}`);
    if (r.failures.length) failed++;
  }
  console.log(`PNG pages and PDFs in ${OUT}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
