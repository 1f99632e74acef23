// Renders the consolidated table of a plan 100× the reference (~13,700 rows) with the streaming
// writer, side by side with a bare streaming write of the same cell values (the same non-merged
// cells; no styles, merges, heights, validation, page setup). The bare write gets the layout for free. Prints both times and the ratio (target ≤ 1.3×).
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { renderLayoutXlsx } from '../../server/render/xlsx-layout';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { PERIOD, entry } from '../../shared/layout/test-fixtures';
import type { Plan } from '../../shared/model/plan';
import type { Entry } from '../../shared/model/progress';

function times100(plan: Plan): Plan {
  const tasks: Plan['tasks'] = [];
  for (let k = 0; k < 100; k++)
    for (const t of plan.tasks)
      tasks.push({ ...t, no: String(tasks.length + 1), measures: t.measures.map((m) => ({ ...m, key: `${m.key}-${k}` })) });
  return { ...plan, tasks };
}

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

const plan = times100(loadReferencePlan());
const entries: Entry[] = [];
for (const t of plan.tasks)
  for (const m of t.measures)
    for (const a of m.assignments)
      entries.push(entry(m.key, a.unitId, { status: '推进中', progress: `${m.text.slice(0, 40)}，已完成年度目标的六成，正在推进后续工作。`, problems: '要素保障压力较大。', nextSteps: '加快推进。' }));

// CPU time of this process (user + system), less disturbed than wall time when the machine is busy.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function bare(layout: ReturnType<typeof buildConsolidatedSheet>): Promise<{ ms: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = cpuMs();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink(), useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('bare');
  // The same values our render writes: merge-covered cells stay empty.
  const ncol = layout.columns.length;
  const covered = new Uint8Array(layout.rows.length * ncol);
  for (const m of layout.merges)
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered[r * ncol + c] = 1;
  layout.rows.forEach((row, r) => {
    const xr = ws.getRow(r + 1);
    row.cells.forEach((v, c) => {
      if (v && !covered[r * ncol + c]) xr.getCell(c + 1).value = v;
    });
    xr.commit();
  });
  await ws.commit();
  await wb.commit();
  return { ms: performance.now() - t0, cpu: cpuMs() - c0 };
}

async function ours(): Promise<{ ms: number; cpu: number; rows: number; build: number }> {
  const t0 = performance.now();
  const c0 = cpuMs();
  const measures = consolidate(plan, PERIOD, entries, {}, plan.units);
  const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures });
  const build = performance.now() - t0;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink(), useStyles: true, useSharedStrings: false });
  await renderLayoutXlsx(wb, layout);
  await wb.commit();
  return { ms: performance.now() - t0, cpu: cpuMs() - c0, rows: layout.rows.length, build };
}

const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, entries, {}, plan.units) });
await bare(layout); // warm-up
await ours();
const b: { ms: number; cpu: number }[] = [];
const o: { ms: number; cpu: number; rows: number; build: number }[] = [];
for (let i = 0; i < 5; i++) {
  b.push(await bare(layout));
  o.push(await ours());
}
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const bm = med(b.map((x) => x.ms));
const om = med(o.map((x) => x.ms));
const bc = med(b.map((x) => x.cpu));
const oc = med(o.map((x) => x.cpu));
console.log(`consolidated 100× plan: ${o[0].rows} rows, ${layout.merges.length} merges (medians of 5)`);
console.log(`bare streaming write of the same cells: ${bm.toFixed(0)} ms wall, ${bc.toFixed(0)} ms CPU`);
console.log(`layout (consolidate + build + heights): ${med(o.map((x) => x.build)).toFixed(0)} ms; full styled render incl. layout: ${om.toFixed(0)} ms wall, ${oc.toFixed(0)} ms CPU`);
console.log(`ratio: ${(om / bm).toFixed(2)}× wall, ${(oc / bc).toFixed(2)}× CPU (target ≤ 1.3×)`);
