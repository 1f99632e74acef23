// The event-loop stall of each export of the largest plan the service takes (the reference plan
// scaled to just under MAX_PLAN_MEASURES), filled (tests/helpers/large-plan-server.ts): each export
// fetched over HTTP — the service gathers it on the event loop and renders it in the export worker
// (server/workbooks/export-pool.ts) — while a 5 ms interval measures the longest gap
// (tests/helpers/loop-gaps.ts); and, as the baseline in the same run, the same export gathered and
// rendered on the event loop, as the service did before. `--library-docx` adds the .docx body built
// from the docx library's objects (the renderer before, 30–60 s). Used by `npm run bench -- trust`;
// alone: node bin/run-ts.mjs tests/bench/export-stall.ts [name filters…] [--library-docx].
import { consolidatedSheetInput, exportOptions, templateSheetInput, templatesZipFiles } from '../../server/workbooks/export';
import { layoutOf, renderExport, type RenderJob } from '../../server/workbooks/export-render';
import { prewarmExportWorker, stopExportWorker } from '../../server/workbooks/export-pool';
import { closePdfBrowser } from '../../server/workbooks/pdf';
import { renderLayoutDocxWithLibrary } from '../helpers/docx-library-oracle';
import { consolidatedFor } from '../../server/services/reports';
import { CONSOLE_ACTOR } from '../../server/services/actor';
import { largePlanServer } from '../helpers/large-plan-server';
import { loopGaps } from '../helpers/loop-gaps';
import type { TestServer } from '../helpers/server';

export interface StallFigure {
  name: string;
  status: number;
  bytes: number;
  ms: number;
  /** The longest event-loop gap while the service answered it (over HTTP). */
  heldMs: number;
  /** The same work on the event loop (the baseline, as before the export worker); null: not comparable. */
  onLoopMs: number | null;
}

async function held(run: () => Promise<unknown>): Promise<number> {
  await new Promise((r) => setTimeout(r, 20));
  const gaps = loopGaps();
  await run();
  return gaps.stop();
}

export async function exportStalls(routes?: string[], opts: { libraryDocx?: boolean } = {}): Promise<{ measures: number; assignments: number; figures: StallFigure[] }> {
  const s = await largePlanServer();
  await prewarmExportWorker(); // as the service does at start-up
  try {
    const unit = '省交通运输厅';
    const p = `/api/periods/${s.periodId}`;
    const o = exportOptions({});
    const consolidated = async (kind: 'xlsx' | 'html' | 'docx') => renderExport({ kind, source: { consolidated: await consolidatedSheetInput(s.ctx, s.periodId, o) } } as RenderJob);
    const all: [string, string, (() => Promise<unknown>) | null][] = [
      ['consolidated .xlsx', `${p}/export.xlsx`, () => consolidated('xlsx')],
      ['consolidated .docx', `${p}/export.docx`, () => consolidated('docx')],
      ['print view (HTML)', `${p}/print.html`, () => consolidated('html')],
      ['print PDF (its HTML step on the loop)', `${p}/print.pdf`, () => consolidated('html')],
      ['all templates (.zip)', `${p}/templates.zip`, async () => renderExport({ kind: 'templates-zip', files: await templatesZipFiles(s.ctx, s.periodId, 'A3') })],
      [`one template .xlsx (${unit})`, `${p}/templates/${encodeURIComponent(unit)}.xlsx`, async () => renderExport({ kind: 'template-xlsx', source: { unit: await templateSheetInput(s.ctx, s.periodId, unit) } })],
      [`one template .docx (${unit})`, `${p}/templates/${encodeURIComponent(unit)}.docx`, async () => renderExport({ kind: 'template-docx', source: { unit: await templateSheetInput(s.ctx, s.periodId, unit) }, periodId: s.periodId, unitId: unit })],
      ['consolidated JSON', `${p}/consolidated`, async () => JSON.stringify(await consolidatedFor(s.ctx, s.periodId, CONSOLE_ACTOR, {}))],
      ['history, one page of 1,000', `${p}/history?limit=1000`, null],
    ];
    const figures: StallFigure[] = [];
    for (const [name, path, onLoop] of all.filter(([nm]) => !routes || routes.some((r) => nm.includes(r)))) figures.push(await figure(s, name, path, onLoop));
    if (!routes || routes.some((r) => 'consolidated JSON'.includes(r))) figures.push(...(await jsonParts(s)));
    if (opts.libraryDocx && (!routes || routes.some((r) => 'consolidated .docx'.includes(r)))) {
      const layout = layoutOf({ consolidated: await consolidatedSheetInput(s.ctx, s.periodId, o) });
      const t0 = performance.now();
      const h = await held(() => renderLayoutDocxWithLibrary(layout));
      figures.push({ name: 'consolidated .docx, docx library body', status: 0, bytes: 0, ms: performance.now() - t0, heldMs: h, onLoopMs: h });
    }
    return { measures: s.measures, assignments: s.assignments, figures };
  } finally {
    await stopExportWorker();
    await closePdfBrowser(); // print.pdf started one: it would keep the process alive
    await s.close();
  }
}

/** Where the consolidated JSON's time goes: gathering it from the store, and writing the JSON text. */
async function jsonParts(s: TestServer): Promise<StallFigure[]> {
  await new Promise((r) => setTimeout(r, 20));
  let t0 = performance.now();
  const data = await consolidatedFor(s.ctx, s.periodId, CONSOLE_ACTOR, {});
  const gather = performance.now() - t0;
  t0 = performance.now();
  const text = JSON.stringify(data);
  const write = performance.now() - t0;
  return [
    { name: '  of which gathering (consolidatedFor)', status: 0, bytes: 0, ms: gather, heldMs: gather, onLoopMs: null },
    { name: `  of which JSON.stringify (${(text.length / 1048576).toFixed(1)} MB of text)`, status: 0, bytes: 0, ms: write, heldMs: write, onLoopMs: null },
  ];
}

async function figure(s: TestServer, name: string, path: string, onLoop: (() => Promise<unknown>) | null): Promise<StallFigure> {
  await new Promise((r) => setTimeout(r, 20));
  const gaps = loopGaps();
  const t0 = performance.now();
  const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${s.coordinatorCode}` } });
  const bytes = (await res.arrayBuffer()).byteLength;
  const ms = performance.now() - t0;
  const heldMs = await gaps.stop();
  return { name, status: res.status, bytes, ms, heldMs, onLoopMs: onLoop ? await held(onLoop) : null };
}

/** One line per export: size, time, the loop held in the service, and on the loop as before. */
export function stallLines(figures: StallFigure[]): string[] {
  return figures.map((f) => {
    const before = f.onLoopMs === null ? '' : `; on the loop as before ${f.onLoopMs.toFixed(0)} ms (${(f.onLoopMs / Math.max(1, f.heldMs)).toFixed(1)}×)`;
    const size = f.status ? `${f.status} ${(f.bytes / 1024).toFixed(0).padStart(7)} KB ${f.ms.toFixed(0).padStart(6)} ms` : `${f.ms.toFixed(0).padStart(22)} ms`;
    return `  ${f.name.padEnd(44)} ${size}; event loop held ${f.heldMs.toFixed(0)} ms${before}`;
  });
}

if (process.argv[1]?.endsWith('export-stall.ts')) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const r = await exportStalls(names.length ? names : undefined, { libraryDocx: args.includes('--library-docx') });
  console.log(`${r.measures} measures, ${r.assignments} assignments`);
  for (const line of stallLines(r.figures)) console.log(line);
}
