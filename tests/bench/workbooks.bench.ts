// Workbook figures for the reference plan (1×) and a plan 100 times its size (100×):
//  - consolidated export: our streaming export (consolidate + layout + render) vs a bare exceljs
//    streaming write of the same cells and merges (target ≤ 1.3×);
//  - merging every unit's returned template (filled): mergeReturnedWorkbooks vs exceljs only
//    loading the same files (target ≤ 2×).
// Run: npm run bench -- workbooks   (or node bin/run-ts.mjs tests/bench/workbooks.bench.ts [1|100])
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { startTestServer, referencePlan } from '../helpers/server';
import { applyChanges } from '../../server/services/sync';
import { consolidatedLayout, reportingUnits, templateBuffer, writeLayoutXlsx } from '../../server/workbooks/export';
import { mergeReturnedWorkbooks } from '../../server/workbooks/merge-returned';
import type { FieldChange } from '../../shared/api/contract';
import type { Plan } from '../../shared/model/plan';
import { cellA1 } from '../../shared/layout/a1';

const sink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

function scaled(plan: Plan, times: number): Plan {
  if (times === 1) return plan;
  const tasks: Plan['tasks'] = [];
  for (let k = 0; k < times; k++)
    for (const t of plan.tasks) {
      const no = String(tasks.length + 1);
      tasks.push({
        no,
        title: t.title,
        measures: t.measures.map((m, i) => ({ ...m, key: `${m.key}x${k}`, no: `${no}.${i + 1}`, text: `${m.text}（${k + 1}）` })),
      });
    }
  return { ...plan, tasks };
}

function fill(plan: Plan): FieldChange[] {
  const out: FieldChange[] = [];
  let n = 0;
  for (const t of plan.tasks)
    for (const m of t.measures)
      for (const a of m.assignments) {
        n++;
        const add = (field: FieldChange['field'], value: string) => out.push({ changeId: `bench-${n}-${field}`, measureKey: m.key, unitId: a.unitId, field, baseRev: 0, value });
        add('status', '推进中');
        add('progress', `举措${m.no}已按计划推进，完成年度投资目标的${50 + (n % 50)}%，相关项目前期手续办理完毕。`.repeat(1 + (n % 3)));
        add('nextSteps', '加快推进项目建设，确保按期完成年度目标任务。');
      }
  return out;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

async function bench(times: number): Promise<void> {
  const plan = scaled(referencePlan(), times);
  const s = await startTestServer({ plan });
  try {
    const coordinator = { role: 'coordinator' as const, unitId: null, codeId: null, label: 'bench' };
    await applyChanges(s.ctx, { periodId: s.periodId, changes: fill(plan), actor: coordinator, source: 'console' });
    const opts = { paper: 'A3' as const, mode: 'rows' as const, filter: {} };

    // ── export ──
    let rows = 0;
    const ours: number[] = [];
    const bare: number[] = [];
    const build: number[] = [];
    for (let round = 0; round < 5; round++) {
      const [t] = await time(async () => writeLayoutXlsx(await consolidatedLayout(s.ctx, s.periodId, opts), sink()));
      ours.push(t);
      const [l, layout] = await time(async () => consolidatedLayout(s.ctx, s.periodId, opts));
      build.push(l);
      rows = layout.rows.length;
      const [b] = await time(async () => {
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink(), useStyles: true, useSharedStrings: false });
        const ws = wb.addWorksheet('bare');
        // Merges as range strings, without mergeCells' overlap scan (quadratic), as our renderer does:
        // the baseline is exceljs' own cost of writing these cells and merges, nothing of ours.
        const list = (ws as unknown as { _merges: string[] })._merges;
        for (const m of layout.merges) list.push(`${cellA1(m.top, m.left)}:${cellA1(m.bottom, m.right)}`);
        layout.rows.forEach((row, r) => {
          const xr = ws.getRow(r + 1);
          row.cells.forEach((v, c) => v && (xr.getCell(c + 1).value = v));
          xr.commit();
        });
        await ws.commit();
        await wb.commit();
      });
      bare.push(b);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const exp = med(ours);
    const base = med(bare);
    console.log(
      `${times}× export: ${rows} rows — ours ${(exp / 1000).toFixed(2)} s, bare streaming write ${(base / 1000).toFixed(2)} s, ratio ${(exp / base).toFixed(2)} (target ≤ 1.3); of which building the layout (read entries, consolidate, row heights) ${(med(build) / 1000).toFixed(2)} s, rendering ${((exp - med(build)) / 1000).toFixed(2)} s (${((exp - med(build)) / base).toFixed(2)}× bare)`,
    );

    // ── merge of every unit's filled template ──
    const files: { name: string; bytes: Uint8Array }[] = [];
    const entries = await s.ctx.store.entries.list(s.periodId);
    for (const u of await reportingUnits(s.ctx, s.periodId)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await templateBuffer(s.ctx, s.periodId, u.id, 'A3', entries)) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      for (let r = 5; r <= ws.rowCount; r++) ws.getCell(r, 8).value = `下步：${u.shortName}第${r}行，继续推进。`;
      files.push({ name: `${u.name}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    }
    const totalMb = files.reduce((n, f) => n + f.bytes.length, 0) / 1048576;
    const [loadOnly] = await time(async () => {
      for (const f of files) await new ExcelJS.Workbook().xlsx.load(Buffer.from(f.bytes) as unknown as ArrayBuffer);
    });
    const [readT] = await time(() => mergeReturnedWorkbooks(s.ctx, { periodId: s.periodId, files, actor: coordinator, dryRun: true }));
    const [mergeT, res] = await time(() => mergeReturnedWorkbooks(s.ctx, { periodId: s.periodId, files, actor: coordinator }));
    const merged = res.files.reduce((n, f) => n + f.counts.merged, 0);
    const failed = res.files.filter((f) => !f.ok).length;
    console.log(
      `${times}× merge: ${files.length} files (${totalMb.toFixed(1)} MB), ${merged} cells merged, ${failed} failed — ours ${(mergeT / 1000).toFixed(2)} s, exceljs load only ${(loadOnly / 1000).toFixed(2)} s, ratio ${(mergeT / loadOnly).toFixed(2)} (target ≤ 2); of which reading+matching ${(readT / 1000).toFixed(2)} s (${(readT / loadOnly).toFixed(2)}× load), applyChanges ≈ ${((mergeT - readT) / 1000).toFixed(2)} s`,
    );
  } finally {
    await s.close();
  }
}

const only = process.argv[2];
for (const times of only ? [Number(only)] : [1, 100]) await bench(times);
