// The consolidated view of a period: per measure, every assigned unit's row (lead first) and the
// measure's rolled-up status and the office's summary.
import type { ConsolidatedMeasure, ConsolidatedUnitRow } from '../api/contract';
import type { Plan, Unit } from './plan';
import { FIELDS, STATUSES } from './fields';
import type { Entry, Field, Period, Status } from './progress';
import { rollupStatus } from './rollup';
import { measureRef, orderedAssignments, unitShortName } from './unit-assignments';

export function entryKey(measureKey: string, unitId: string): string {
  return `${measureKey}\u0000${unitId}`;
}

export function fieldValue(entry: Entry | undefined, field: Field): string {
  return entry?.fields?.[field]?.value ?? '';
}

export function asStatus(value: string): Status | '' {
  return (STATUSES as readonly string[]).includes(value) ? (value as Status) : '';
}

function lastUpdate(entry: Entry | undefined): string | null {
  if (!entry?.fields) return null;
  let latest: string | null = null;
  for (const k of FIELDS) {
    const at = entry.fields[k]?.updatedAt;
    if (at && (!latest || at > latest)) latest = at;
  }
  return latest;
}

export function consolidate(
  plan: Plan,
  period: Period,
  entries: Entry[],
  summaries: Record<string, string>,
  units: Unit[],
): ConsolidatedMeasure[] {
  const unitsById = new Map([...plan.units, ...units].map((u) => [u.id, u]));
  const byMeasure = new Map<string, Map<string, Entry>>();
  for (const e of entries) {
    if (e.periodId !== period.id) continue;
    let m = byMeasure.get(e.measureKey);
    if (!m) byMeasure.set(e.measureKey, (m = new Map()));
    m.set(e.unitId, e);
  }

  const out: ConsolidatedMeasure[] = [];
  for (const task of plan.tasks) {
    for (const measure of task.measures) {
      const mine = byMeasure.get(measure.key);
      const rows: ConsolidatedUnitRow[] = orderedAssignments(measure).map((a) => {
        const e = mine?.get(a.unitId);
        return {
          unitId: a.unitId,
          unitName: unitShortName(unitsById, a.unitId),
          role: a.role,
          status: asStatus(fieldValue(e, 'status')),
          progress: fieldValue(e, 'progress'),
          problems: fieldValue(e, 'problems'),
          nextSteps: fieldValue(e, 'nextSteps'),
          contact: fieldValue(e, 'contact'),
          updatedAt: lastUpdate(e),
        };
      });
      out.push({
        ...measureRef(task, measure),
        rollup: rollupStatus(rows.map((r) => r.status)),
        summary: summaries[measure.key] ?? '',
        units: rows,
      });
    }
  }
  return out;
}
