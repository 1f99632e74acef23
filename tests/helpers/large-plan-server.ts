// A test server holding the largest plan the service takes (the reference plan scaled to just under
// MAX_PLAN_MEASURES: 2,989 measures, 8,357 assignments), every entry filled with a status and one to
// three sentences of progress: what the export benchmarks and the export stall tests render.
import { applyChanges } from '../../server/services/sync';
import { CONSOLE_ACTOR } from '../../server/services/actor';
import { MAX_PLAN_MEASURES } from '../../server/workbooks/file-jobs';
import type { FieldChange } from '../../shared/api/contract';
import { scaledPlan } from '../addin/scaled-plan';
import { referencePlan, startTestServer, type TestServer, type TestServerOptions } from './server';

export async function largePlanServer(opts: TestServerOptions = {}): Promise<TestServer & { measures: number; assignments: number }> {
  const ref = referencePlan();
  const perCopy = ref.tasks.reduce((n, t) => n + t.measures.length, 0);
  const plan = scaledPlan(ref, Math.floor(MAX_PLAN_MEASURES / perCopy));
  const s = await startTestServer({ ...opts, plan });
  const changes: FieldChange[] = [];
  let n = 0;
  for (const t of plan.tasks)
    for (const m of t.measures)
      for (const a of m.assignments) {
        const add = (field: FieldChange['field'], value: string) => changes.push({ changeId: `large-${n++}`, measureKey: m.key, unitId: a.unitId, field, baseRev: 0, value });
        add('status', '推进中');
        add('progress', `举措${m.no}已按计划推进，完成年度投资目标的${50 + (n % 50)}%，相关项目前期手续办理完毕。`.repeat(1 + (n % 3)));
        add('nextSteps', '加快推进项目建设，确保按期完成年度目标任务。');
      }
  await applyChanges(s.ctx, { periodId: s.periodId, changes, actor: CONSOLE_ACTOR, source: 'console' });
  return { ...s, measures: plan.tasks.reduce((k, t) => k + t.measures.length, 0), assignments: changes.length / 3 };
}
