// A plan parsed once with its measure index (server/services/plans.ts caches one per version in
// AppContext.planCache). Its own file so the context can name the type without importing the
// plan service, which itself needs the context.
import type { Measure, Plan, Task } from '../../shared/model/plan';

export interface PlanIndex {
  id: string;
  version: number;
  title: string;
  active: boolean;
  importedAt: string;
  plan: Plan;
  measures: Map<string, { measure: Measure; task: Task; unitIds: Set<string> }>;
  /** unit id → keys of the measures it is assigned to, in plan order. */
  measuresOfUnit: Map<string, string[]>;
}

export function buildIndex(row: { id: string; version: number; title: string; active: boolean; importedAt: string; plan: Plan }): PlanIndex {
  const measures: PlanIndex['measures'] = new Map();
  const measuresOfUnit = new Map<string, string[]>();
  for (const task of row.plan.tasks) {
    for (const measure of task.measures) {
      const unitIds = new Set(measure.assignments.map((a) => a.unitId));
      measures.set(measure.key, { measure, task, unitIds });
      for (const u of unitIds) {
        const list = measuresOfUnit.get(u) ?? [];
        list.push(measure.key);
        measuresOfUnit.set(u, list);
      }
    }
  }
  return { ...row, measures, measuresOfUnit };
}
