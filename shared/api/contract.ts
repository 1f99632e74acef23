// The HTTP API contract: request and response schemas shared by the server, the add-in, the
// console, the fill page and the CLI. The OpenAPI document is generated from these.
// Auth: every /api call except /api/health and /api/openapi.json sends `Authorization: Bearer <access code>`.
import { z } from 'zod';
import { Plan, Unit, PlanDiff, ImportWarning } from '../model/plan';
import { Entry, Field, Period, RollupStatus, Source, Status, FieldState } from '../model/progress';

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// ── identity ────────────────────────────────────────────────────────────────
export const Role = z.enum(['unit', 'coordinator']);
export const Me = z.object({
  role: Role,
  unit: Unit.nullable(), // null for the coordinator
  person: z.string().nullable(), // optional person label of the code
  codeId: z.string(),
});
export type Me = z.infer<typeof Me>;

// ── plans & periods ─────────────────────────────────────────────────────────
export const PlanSummary = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number().int(),
  active: z.boolean(),
  importedAt: z.string(),
});
export const PlanResponse = PlanSummary.extend({ plan: Plan });
export const PlansResponse = z.object({ plans: z.array(PlanSummary) });
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

// ── sync ────────────────────────────────────────────────────────────────────
/** GET /api/periods/:periodId/entries?since=<cursor>[&unit=<unitId>] */
export const EntriesResponse = z.object({
  cursor: z.number().int().nonnegative(), // pass back as `since` next time
  entries: z.array(Entry), // only entries changed after `since` (all when since=0)
  full: z.boolean(), // true when `since` was 0
});
export type EntriesResponse = z.infer<typeof EntriesResponse>;

export const MAX_FIELD_LENGTH = 20_000;

export const FieldChange = z.object({
  changeId: z.string().min(8).max(100), // client-made, unique; a retry reuses it
  measureKey: z.string(),
  unitId: z.string(),
  field: Field,
  baseRev: z.number().int().nonnegative(), // the revision the edit was made from
  value: z.string().max(MAX_FIELD_LENGTH),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const ChangesRequest = z.object({
  changes: z.array(FieldChange).min(1).max(5000),
  source: Source.default('addin'),
  /** Person typing (optional label shown in history). */
  person: z.string().max(100).optional(),
});
export type ChangesRequest = z.infer<typeof ChangesRequest>;

export const Outcome = z.enum(['accepted', 'merged', 'unchanged', 'conflict', 'rejected']);
export type Outcome = z.infer<typeof Outcome>;

export const ConflictInfo = z.object({
  id: z.string(),
  serverValue: z.string(),
  serverRev: z.number().int(),
  mine: z.string(),
  baseValue: z.string(),
});
export const ChangeResult = z.object({
  changeId: z.string(),
  outcome: Outcome,
  /** The field's state on the server after this change (accepted / merged / unchanged / conflict). */
  rev: z.number().int().optional(),
  value: z.string().optional(),
  conflict: ConflictInfo.optional(),
  reason: z.object({ code: z.string(), message: z.string() }).optional(), // when rejected
});
export type ChangeResult = z.infer<typeof ChangeResult>;
export const ChangesResponse = z.object({ results: z.array(ChangeResult), cursor: z.number().int() });
export type ChangesResponse = z.infer<typeof ChangesResponse>;

// ── conflicts ───────────────────────────────────────────────────────────────
export const Conflict = z.object({
  id: z.string(),
  periodId: z.string(),
  measureKey: z.string(),
  measureNo: z.string(),
  unitId: z.string(),
  field: Field,
  baseValue: z.string(),
  serverValue: z.string(),
  serverRev: z.number().int(),
  theirValue: z.string(), // the value that could not be applied (kept here, never lost)
  source: Source,
  createdAt: z.string(),
  createdBy: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type Conflict = z.infer<typeof Conflict>;
export const ConflictsResponse = z.object({ conflicts: z.array(Conflict) });
export const ResolveConflictRequest = z.object({
  value: z.string().max(MAX_FIELD_LENGTH),
  changeId: z.string().min(8).max(100),
});
export const ResolveConflictResponse = z.object({ conflict: Conflict, field: FieldState });

// ── consolidated & reporting status ─────────────────────────────────────────
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

export const SubmitResponse = z.object({ unitId: z.string(), periodId: z.string(), submittedAt: z.string() });

// ── history ─────────────────────────────────────────────────────────────────
export const HistoryItem = z.object({
  seq: z.number().int(),
  periodId: z.string(),
  measureKey: z.string(),
  unitId: z.string(),
  field: Field,
  oldValue: z.string(),
  newValue: z.string(),
  rev: z.number().int(),
  at: z.string(),
  by: z.string(),
  source: Source,
  late: z.boolean(), // merged into a closed period by the office
  autoMerged: z.boolean(),
  changeId: z.string(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;
export const HistoryResponse = z.object({ items: z.array(HistoryItem) });

// ── coordinator ─────────────────────────────────────────────────────────────
export const UnitsResponse = z.object({ units: z.array(Unit) });
export const IssueCodeRequest = z.object({
  unitId: z.string().nullable(), // null → a coordinator code
  person: z.string().max(100).optional(),
  expiresAt: z.string().nullable().optional(), // ISO; default per server (e.g. 1 year)
});
export const AccessCodeInfo = z.object({
  id: z.string(),
  unitId: z.string().nullable(),
  role: Role,
  person: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const IssueCodeResponse = z.object({ code: z.string(), info: AccessCodeInfo }); // code shown once
export const CodesResponse = z.object({ codes: z.array(AccessCodeInfo) });
export const OpenPeriodRequest = z.object({
  planId: z.string().optional(), // default: the active plan
  name: z.string().min(1).max(50),
  deadline: z.string().nullable().optional(),
  carryOver: z.boolean().default(true),
});
export const UpdatePeriodRequest = z.object({ deadline: z.string().nullable().optional(), name: z.string().optional() });
export const SummaryRequest = z.object({ measureKey: z.string(), text: z.string().max(MAX_FIELD_LENGTH) });
export const AssignmentEdit = z.object({
  measureKey: z.string(),
  /** Full new list of unit ids, lead(s) first; `leads` says how many of the first are leads. */
  unitIds: z.array(z.string()).min(1),
  leads: z.number().int().min(1).default(1),
});
export const ResolveGroupRequest = z.object({
  groupUnitId: z.string(), // 省有关部门 / 相关市政府
  measureKey: z.string().optional(), // omit: everywhere the group stands
  unitIds: z.array(z.string()).min(1),
});
export const ImportPlanResponse = z.object({
  preview: z.boolean(),
  planId: z.string().nullable(),
  warnings: z.array(ImportWarning),
  diff: PlanDiff.nullable(),
  counts: z.object({ tasks: z.number(), measures: z.number(), assignments: z.number() }),
});

/** POST /api/admin/units: add or update a unit in the shared registry. */
export const CreateUnitRequest = Unit;
/** GET /api/admin/periods/:periodId/events — open / close / reopen, who and when. */
export const PeriodEventsResponse = z.object({
  events: z.array(z.object({ kind: z.enum(['open', 'close', 'reopen']), at: z.string(), by: z.string() })),
});
/** POST /api/periods/:periodId/reviewed — a person has looked at an auto-merged field: clear its flag (no new revision). */
export const ReviewedRequest = z.object({ measureKey: z.string(), unitId: z.string(), field: Field });

export const Health = z.object({ ok: z.literal(true), version: z.string() });

export const api = {
  // `path` uses Express syntax; used for OpenAPI generation and client helpers.
  health: { method: 'get', path: '/api/health', response: Health },
  me: { method: 'get', path: '/api/me', response: Me },
  plans: { method: 'get', path: '/api/plans', response: PlansResponse },
  plan: { method: 'get', path: '/api/plans/:planId', response: PlanResponse },
  periods: { method: 'get', path: '/api/periods', response: PeriodsResponse },
  assignments: { method: 'get', path: '/api/periods/:periodId/assignments', response: AssignmentsResponse },
  entries: { method: 'get', path: '/api/periods/:periodId/entries', response: EntriesResponse },
  changes: { method: 'post', path: '/api/periods/:periodId/changes', request: ChangesRequest, response: ChangesResponse },
  conflicts: { method: 'get', path: '/api/periods/:periodId/conflicts', response: ConflictsResponse },
  resolveConflict: {
    method: 'post',
    path: '/api/conflicts/:conflictId/resolve',
    request: ResolveConflictRequest,
    response: ResolveConflictResponse,
  },
  submit: { method: 'post', path: '/api/periods/:periodId/submit', response: SubmitResponse },
  consolidated: { method: 'get', path: '/api/periods/:periodId/consolidated', response: ConsolidatedResponse },
  reportStatus: { method: 'get', path: '/api/periods/:periodId/status', response: ReportStatusResponse },
  history: { method: 'get', path: '/api/periods/:periodId/history', response: HistoryResponse },
  units: { method: 'get', path: '/api/admin/units', response: UnitsResponse },
  codes: { method: 'get', path: '/api/admin/codes', response: CodesResponse },
  issueCode: { method: 'post', path: '/api/admin/codes', request: IssueCodeRequest, response: IssueCodeResponse },
  revokeCode: { method: 'post', path: '/api/admin/codes/:codeId/revoke', response: AccessCodeInfo },
  openPeriod: { method: 'post', path: '/api/admin/periods', request: OpenPeriodRequest, response: Period },
  updatePeriod: { method: 'post', path: '/api/admin/periods/:periodId', request: UpdatePeriodRequest, response: Period },
  closePeriod: { method: 'post', path: '/api/admin/periods/:periodId/close', response: Period },
  reopenPeriod: { method: 'post', path: '/api/admin/periods/:periodId/reopen', response: Period },
  summary: { method: 'post', path: '/api/admin/periods/:periodId/summaries', request: SummaryRequest, response: z.object({ ok: z.literal(true) }) },
  editAssignment: { method: 'post', path: '/api/admin/plans/:planId/assignments', request: AssignmentEdit, response: PlanResponse },
  resolveGroup: { method: 'post', path: '/api/admin/plans/:planId/resolve-group', request: ResolveGroupRequest, response: PlanResponse },
  importPlan: { method: 'post', path: '/api/admin/plans/import', response: ImportPlanResponse },
  createUnit: { method: 'post', path: '/api/admin/units', request: CreateUnitRequest, response: Unit },
  period: { method: 'get', path: '/api/periods/:periodId', response: Period },
  periodEvents: { method: 'get', path: '/api/admin/periods/:periodId/events', response: PeriodEventsResponse },
  reviewed: { method: 'post', path: '/api/periods/:periodId/reviewed', request: ReviewedRequest, response: FieldState },
} as const;

// ── workbooks (export, templates, returned-workbook merge) ─────────────────
/** GET /api/periods/:periodId/export.xlsx | print.html | print.pdf | export.docx — query options. */
export const ExportQuery = z.object({
  paper: z.enum(['A3', 'A4']).default('A3'),
  mode: z.enum(['rows', 'summary']).default('rows'),
  unit: z.string().optional(), // only this unit's rows
  tasks: z.string().optional(), // comma-separated task 序号: "1,2"
  lagging: z.enum(['0', '1', 'true', 'false']).optional(), // only measures rolled up as 滞后
  live: z.enum(['0', '1', 'true', 'false']).optional(), // a closed period: the current state (late merges labelled), not the snapshot
  attachment: z.string().max(20).optional(), // 附件 mark at the top left, e.g. 附件2
  pageNumbers: z.enum(['gbt', 'center']).optional(), // GB/T 9704 (odd right, even left; default) or centred
});
export type ExportQuery = z.infer<typeof ExportQuery>;

export const MergeSheetInfo = z.object({
  name: z.string(),
  kind: z.enum(['template', 'table', 'ignored']),
  headerRow: z.number().int().optional(), // 1-based
  reason: z.string().optional(), // why ignored
});
export const MergedCell = z.object({
  sheet: z.string(),
  row: z.number().int(), // 1-based, as Excel shows it
  measureKey: z.string(),
  measureNo: z.string(),
  unitId: z.string(),
  field: Field,
  outcome: z.enum(['accepted', 'merged']),
});
export const MergeConflictInfo = z.object({
  sheet: z.string(),
  row: z.number().int(),
  measureNo: z.string(),
  field: Field,
  conflictId: z.string(),
  serverValue: z.string(),
  mine: z.string(),
});
export const UnmatchedRow = z.object({
  sheet: z.string(),
  row: z.number().int(),
  no: z.string(),
  text: z.string(), // the row's measure text and filled cells, so nothing is lost
  reason: z.string(),
});
export const IgnoredCell = z.object({
  sheet: z.string(),
  cell: z.string(), // A1 reference
  field: Field.optional(),
  text: z.string(),
  reason: z.string(),
});
export const RowMatchInfo = z.object({
  sheet: z.string(),
  row: z.number().int(),
  measureNo: z.string(),
  method: z.enum(['key', 'no+text', 'no', 'task+text', 'task', 'text']),
  confidence: z.number(),
});
export const MergeFileReport = z.object({
  file: z.string(),
  ok: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  unitFrom: z.enum(['template', 'reporter-cell', 'sheet-name', 'file-name', 'request']).nullable(),
  kind: z.enum(['template', 'table']).nullable(),
  late: z.boolean(),
  sheets: z.array(MergeSheetInfo),
  counts: z.object({
    merged: z.number().int(),
    unchanged: z.number().int(),
    conflicts: z.number().int(),
    unmatchedRows: z.number().int(),
    ignoredCells: z.number().int(),
    rejected: z.number().int(),
    formulaCells: z.number().int(),
  }),
  merged: z.array(MergedCell),
  conflicts: z.array(MergeConflictInfo),
  unmatchedRows: z.array(UnmatchedRow),
  ignoredCells: z.array(IgnoredCell),
  rejected: z.array(z.object({ sheet: z.string(), row: z.number().int(), measureNo: z.string(), field: Field, code: z.string(), message: z.string() })),
  formulaCells: z.array(z.object({ sheet: z.string(), cell: z.string(), value: z.string() })),
  matches: z.array(RowMatchInfo),
});
export type MergeFileReport = z.infer<typeof MergeFileReport>;
/** POST /api/periods/:periodId/merge (multipart files, or a raw body with ?name=) [?unit=]. */
export const MergeResponse = z.object({ files: z.array(MergeFileReport) });
export type MergeResponse = z.infer<typeof MergeResponse>;

export const workbookApi = {
  exportXlsx: { method: 'get', path: '/api/periods/:periodId/export.xlsx', query: ExportQuery },
  exportDocx: { method: 'get', path: '/api/periods/:periodId/export.docx', query: ExportQuery },
  printHtml: { method: 'get', path: '/api/periods/:periodId/print.html', query: ExportQuery },
  printPdf: { method: 'get', path: '/api/periods/:periodId/print.pdf', query: ExportQuery },
  template: { method: 'get', path: '/api/periods/:periodId/templates/:unitId.xlsx' },
  templatesZip: { method: 'get', path: '/api/periods/:periodId/templates.zip' },
  merge: { method: 'post', path: '/api/periods/:periodId/merge', response: MergeResponse },
} as const;
