// The consolidated table, the reporting status (催报), 报送 and the office's 汇总进展.
import { z } from 'zod';
import { Period, RollupStatus, Status } from '../model/progress';
import { CleanText, MAX_FIELD_LENGTH } from './common';

export const ConsolidatedUnitRow = z.object({
  unitId: z.string(),
  unitName: z.string(),
  role: z.enum(['lead', 'co']),
  status: z.union([Status, z.literal('')]),
  progress: z.string(),
  problems: z.string(),
  nextSteps: z.string(),
  contact: z.string(),
  updatedAt: z.string().nullable(),
});
export type ConsolidatedUnitRow = z.infer<typeof ConsolidatedUnitRow>;
export const ConsolidatedMeasure = z.object({
  taskNo: z.string(),
  taskTitle: z.string(),
  measureKey: z.string(),
  measureNo: z.string(),
  measureText: z.string(),
  rollup: RollupStatus,
  summary: z.string(), // the office's 汇总进展 ('' if none)
  units: z.array(ConsolidatedUnitRow), // assignment order, lead first
});
export type ConsolidatedMeasure = z.infer<typeof ConsolidatedMeasure>;
export const ConsolidatedResponse = z.object({
  planTitle: z.string(),
  period: Period,
  measures: z.array(ConsolidatedMeasure),
});
export type ConsolidatedResponse = z.infer<typeof ConsolidatedResponse>;

export const UnitReportStatus = z.object({
  unitId: z.string(),
  unitName: z.string(),
  kind: z.string(),
  assigned: z.number().int(), // entries assigned
  filled: z.number().int(), // entries with any field filled
  submitted: z.boolean(),
  submittedAt: z.string().nullable(),
  changedAfterSubmit: z.boolean(),
  lastUpdate: z.string().nullable(),
  overdue: z.boolean(),
  contact: z.string(), // from the unit's entries or the registry
});
export type UnitReportStatus = z.infer<typeof UnitReportStatus>;
export const ReportStatusResponse = z.object({
  period: Period,
  units: z.array(UnitReportStatus),
  chase: z.array(UnitReportStatus), // 催报清单: not submitted
});
export type ReportStatusResponse = z.infer<typeof ReportStatusResponse>;

export const SubmitResponse = z.object({ unitId: z.string(), periodId: z.string(), submittedAt: z.string(), signedBy: z.string().optional() });
/** POST /api/periods/:periodId/submit — the office names the unit (body or ?unit=); a unit submits itself. */
/** signedBy: 审签 — who signed the report off inside the unit (older clients send none). */
export const SubmitRequest = z.object({ unitId: z.string().max(64).optional(), signedBy: CleanText(50).optional() });
export const SummaryRequest = z.object({ measureKey: z.string().max(200), text: CleanText(MAX_FIELD_LENGTH) });
