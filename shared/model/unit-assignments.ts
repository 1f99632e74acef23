// A unit's view of the plan: the measures it answers for, in plan order, with the task and how the
// measure's units read to people (lead first, short names joined by 、).
import type { MyAssignment } from '../api/contract';
import type { Measure, Plan, Unit } from './plan';

/** The measure's assignments, leads first, then in the order listed in the source. */
export function orderedAssignments(measure: Measure): Measure['assignments'] {
  return [...measure.assignments].sort((a, b) => rank(a.role) - rank(b.role) || a.order - b.order);
}

const rank = (role: 'lead' | 'co') => (role === 'lead' ? 0 : 1);

export function unitShortName(units: ReadonlyArray<Unit> | ReadonlyMap<string, Unit>, unitId: string): string {
  const u = units instanceof Map ? units.get(unitId) : (units as ReadonlyArray<Unit>).find((x) => x.id === unitId);
  return u?.shortName || u?.name || unitId;
}

/** 责任单位 as people read it: the measure's units, lead first, short names joined by 、. */
export function measureUnitsText(measure: Measure, unitsById: ReadonlyMap<string, Unit>): string {
  return orderedAssignments(measure)
    .map((a) => unitShortName(unitsById, a.unitId))
    .join('、');
}

/** The fields every per-measure view carries: the task and the measure as people see them. */
export function measureRef(task: Plan['tasks'][number], measure: Measure) {
  return { taskNo: task.no, taskTitle: task.title, measureKey: measure.key, measureNo: measure.no, measureText: measure.text };
}

export function assignmentsForUnit(plan: Plan, unitId: string): MyAssignment[] {
  const unitsById = new Map(plan.units.map((u) => [u.id, u]));
  const out: MyAssignment[] = [];
  for (const task of plan.tasks) {
    for (const measure of task.measures) {
      const mine = measure.assignments.find((a) => a.unitId === unitId);
      if (!mine) continue;
      out.push({
        ...measureRef(task, measure),
        role: mine.role,
        unitsText: measureUnitsText(measure, unitsById),
      });
    }
  }
  return out;
}
