// Test data for layout tests: a period and entries built against a plan (no I/O here).
import type { Plan } from '../model/plan';
import type { Entry, Field, Period } from '../model/progress';

export const PERIOD: Period = {
  id: 'p-2026h1',
  planId: 'plan-1',
  name: '2026年上半年',
  deadline: '2026-06-30',
  state: 'open',
  openedAt: '2026-01-01T00:00:00Z',
  closedAt: null,
  carriedFrom: null,
};

export function entry(measureKey: string, unitId: string, values: Partial<Record<Field, string>>, rev = 1, periodId = PERIOD.id): Entry {
  const fields: Entry['fields'] = {} as Entry['fields'];
  for (const [f, v] of Object.entries(values)) fields[f as Field] = { value: v!, rev, updatedAt: '2026-03-01T08:00:00Z' };
  return { periodId, measureKey, unitId, fields, seq: 1, changedAfterSubmit: false };
}

export function measureByNo(plan: Plan, no: string) {
  for (const t of plan.tasks) for (const m of t.measures) if (m.no === no) return m;
  throw new Error(`no measure ${no}`);
}
