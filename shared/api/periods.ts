// Periods (填报期次) and a unit's assignments in one.
import { z } from 'zod';
import { Period } from '../model/progress';
import { Name } from './common';

export const PeriodsResponse = z.object({ periods: z.array(Period) });

/** A unit's view: its measures (with the task) in plan order. */
export const MyAssignment = z.object({
  taskNo: z.string(),
  taskTitle: z.string(),
  measureKey: z.string(),
  measureNo: z.string(),
  measureText: z.string(),
  role: z.enum(['lead', 'co']),
  unitsText: z.string(), // all units of the measure, lead first, as people read them
});
export type MyAssignment = z.infer<typeof MyAssignment>;
export const AssignmentsResponse = z.object({
  planId: z.string(),
  periodId: z.string(),
  unitId: z.string(),
  assignments: z.array(MyAssignment),
  /** When the unit did its 报送 for this period (null: not yet), so every client can show it. */
  submittedAt: z.string().nullable().optional(),
});
export type AssignmentsResponse = z.infer<typeof AssignmentsResponse>;
export const OpenPeriodRequest = z.object({
  planId: z.string().optional(), // default: the active plan
  name: Name(50),
  deadline: z.string().max(40).nullable().optional(),
  carryOver: z.boolean().default(true),
});
export const UpdatePeriodRequest = z.object({ deadline: z.string().max(40).nullable().optional(), name: Name(50).optional() });
/** GET /api/admin/periods/:periodId/events — open / close / reopen, who and when. */
export const PeriodEventsResponse = z.object({
  events: z.array(z.object({ kind: z.enum(['open', 'close', 'reopen']), at: z.string(), by: z.string() })),
});
