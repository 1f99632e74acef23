// Plans: list, one plan, the office's assignment edits and the plan import.
import { z } from 'zod';
import { ImportWarning, Plan, PlanDiff } from '../model/plan';

export const PlanSummary = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number().int(),
  active: z.boolean(),
  importedAt: z.string(),
});
export const PlanResponse = PlanSummary.extend({ plan: Plan });
export const PlansResponse = z.object({ plans: z.array(PlanSummary) });
/** Units one measure may name (the reference table's largest has 14). */
export const MAX_MEASURE_UNITS = 100;
export const AssignmentEdit = z
  .object({
    measureKey: z.string().max(200),
    /** Full new list of unit ids, lead(s) first; `leads` says how many of the first are leads. */
    unitIds: z.array(z.string().max(64)).min(1).max(MAX_MEASURE_UNITS),
    leads: z.number().int().min(1).default(1),
  })
  .refine((e) => e.leads <= new Set(e.unitIds).size, { message: '牵头单位数不能多于单位数', path: ['leads'] });
export const ResolveGroupRequest = z.object({
  groupUnitId: z.string().max(64), // 省有关部门 / 相关市政府 (a placeholder_group unit)
  measureKey: z.string().max(200).optional(), // omit: everywhere the group stands
  unitIds: z.array(z.string().max(64)).min(1).max(MAX_MEASURE_UNITS),
});
export const ImportPlanResponse = z.object({
  preview: z.boolean(),
  planId: z.string().nullable(),
  warnings: z.array(ImportWarning),
  diff: PlanDiff.nullable(),
  counts: z.object({ tasks: z.number(), measures: z.number(), assignments: z.number() }),
});
