// The event-loop stall of each export of the largest plan the service takes (the reference plan
// scaled to just under MAX_PLAN_MEASURES), filled: each export fetched over HTTP while a 5 ms
// interval measures the longest gap (tests/helpers/loop-gaps.ts). Used by `npm run bench -- trust`.
import { applyChanges } from '../../server/services/sync';
import { CONSOLE_ACTOR } from '../../server/services/actor';
import { MAX_PLAN_MEASURES } from '../../server/workbooks/file-jobs';
import type { FieldChange } from '../../shared/api/contract';
import { scaledPlan } from '../addin/scaled-plan';
import { loopGaps } from '../helpers/loop-gaps';
import { referencePlan, startTestServer } from '../helpers/server';

export interface StallFigure {
  name: string;
  status: number;
  bytes: number;
  ms: number;
  heldMs: number;
}

export async function exportStalls(routes?: string[]): Promise<{ measures: number; assignments: number; figures: StallFigure[] }> {
  const ref = referencePlan();
  const perCopy = ref.tasks.reduce((n, t) => n + t.measures.length, 0);
  const plan = scaledPlan(ref, Math.floor(MAX_PLAN_MEASURES / perCopy));
  const s = await startTestServer({ plan });
  try {
    const changes: FieldChange[] = [];
    let n = 0;
    for (const t of plan.tasks)
      for (const m of t.measures)
        for (const a of m.assignments) {
          const add = (field: FieldChange['field'], value: string) => changes.push({ changeId: `stall-${n++}`, measureKey: m.key, unitId: a.unitId, field, baseRev: 0, value });
          add('status', '推进中');
          add('progress', `举措${m.no}已按计划推进，完成年度投资目标的${50 + (n % 50)}%，相关项目前期手续办理完毕。`.repeat(1 + (n % 3)));
          add('nextSteps', '加快推进项目建设，确保按期完成年度目标任务。');
        }
    await applyChanges(s.ctx, { periodId: s.periodId, changes, actor: CONSOLE_ACTOR, source: 'console' });
    const unit = plan.tasks[0].measures[0].assignments[0].unitId;
    const p = `/api/periods/${s.periodId}`;
    const all: [string, string][] = [
      ['consolidated .xlsx', `${p}/export.xlsx`],
      ['consolidated .docx', `${p}/export.docx`],
      ['print view (HTML)', `${p}/print.html`],
      ['print PDF', `${p}/print.pdf`],
      ['all templates (.zip)', `${p}/templates.zip`],
      [`one template .xlsx (${unit})`, `${p}/templates/${encodeURIComponent(unit)}.xlsx`],
      [`one template .docx (${unit})`, `${p}/templates/${encodeURIComponent(unit)}.docx`],
      ['consolidated JSON', `${p}/consolidated`],
      ['history, one page of 1,000', `${p}/history?limit=1000`],
    ];
    const figures: StallFigure[] = [];
    for (const [name, path] of all.filter(([nm]) => !routes || routes.some((r) => nm.includes(r)))) {
      const gaps = loopGaps();
      const t0 = performance.now();
      const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${s.coordinatorCode}` } });
      const bytes = (await res.arrayBuffer()).byteLength;
      const ms = performance.now() - t0;
      figures.push({ name, status: res.status, bytes, ms, heldMs: await gaps.stop() });
    }
    return { measures: plan.tasks.reduce((k, t) => k + t.measures.length, 0), assignments: changes.length / 3, figures };
  } finally {
    await s.close();
  }
}

if (process.argv[1]?.endsWith('export-stall.ts')) {
  const r = await exportStalls(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
  console.log(`${r.measures} measures, ${r.assignments} assignments`);
  for (const f of r.figures) console.log(`  ${f.name.padEnd(40)} ${String(f.status)} ${(f.bytes / 1024).toFixed(0).padStart(7)} KB ${f.ms.toFixed(0).padStart(6)} ms, loop held ${f.heldMs.toFixed(0)} ms`);
}
