// The reference plan repeated `times` times (tasks renumbered, measure keys made unique): the
// "100× the table" the benchmark and the scale tests lay out.
import type { Plan } from '../../shared/model/plan';

export function scaledPlan(plan: Plan, times: number): Plan {
  const tasks = [];
  for (let k = 0; k < times; k++) {
    for (const t of plan.tasks) {
      const no = String(k * plan.tasks.length + Number(t.no || 0) || t.no);
      tasks.push({
        ...t,
        no,
        measures: t.measures.map((m) => ({ ...m, key: `${m.key}~${k}`, no: `${no}.${m.no.split('.')[1] ?? '1'}` })),
      });
    }
  }
  return { ...plan, tasks, warnings: [] };
}
