// The HTTP API contract: request and response schemas shared by the server, the add-in, the
// console, the fill page and the CLI. The OpenAPI document is generated from these.
// Auth: every /api call except /api/health and /api/openapi.json sends `Authorization: Bearer <access code>`.
import { z } from 'zod';
import { Plan, Unit, PlanDiff, ImportWarning } from '../model/plan';
import { Entry, Field, FIELDS, Period, RollupStatus, Source, Status, FieldState } from '../model/progress';
import { isCleanText } from '../text/integrity';
import { cycleApi } from './cycle';

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * Free text a person typed (docs/rules.md "Text integrity"): no control characters but tab and
 * line breaks, no lone surrogates. A failure is answered 400 INVALID_TEXT (server/routes/http.ts
 * looks for this marker), so nothing is stored that would be read back differently.
 */
export const TEXT_ISSUE = 'INVALID_TEXT';
export const CleanText = (max: number) => z.string().max(max).refine(isCleanText, { message: '含有不能保存的字符', params: { code: TEXT_ISSUE } });
/** A name people read (unit, period, person): clean, trimmed, not empty. */
export const Name = (max: number) => CleanText(max).refine((s) => s.trim() !== '' && s.trim() === s, { message: '不能为空，首尾不能有空格' });
/**
 * A unit id: it names files (templates, archives) and URL segments, so no path separators,
 * characters Windows forbids in file names, or dots alone; at most 64 characters.
 */
export const UnitId = Name(64).refine((s) => !/[\\/:*?"<>|%#&]/.test(s) && s !== '.' && s !== '..', { message: '不能包含 / \\ : * ? " < > | % # & 等字符' });

// ── identity ────────────────────────────────────────────────────────────────
export const Role = z.enum(['unit', 'coordinator']);
export const Me = z.object({
  role: Role,
  unit: Unit.nullable(), // null for the coordinator
  person: z.string().nullable(), // optional person label of the code
  codeId: z.string(),
  /** The office's time zone: deadlines end at midnight there (shared/model/deadline.ts). */
  timeZone: z.string().optional(),
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
  value: z.string().max(MAX_FIELD_LENGTH), // clean text is checked by the merge path (files are cleaned there)
});
export type FieldChange = z.infer<typeof FieldChange>;

/**
 * Which `source` labels a role may claim (history shows them): a unit syncs from the add-in or the
 * fill page; the office from the console, a returned workbook or its own task pane. carryover and
 * import are written by the service only.
 */
export const SOURCES_BY_ROLE = {
  unit: ['addin', 'fill'],
  coordinator: ['console', 'workbook', 'addin'],
} as const satisfies Record<'unit' | 'coordinator', readonly Source[]>;

export const ChangesRequest = z.object({
  changes: z.array(FieldChange).min(1).max(5000),
  source: Source.default('addin'),
  /** What the client says about the person typing: history keeps it beside the code's holder, labelled as declared. */
  person: CleanText(100).optional(),
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
  /** Files only: the value had characters that cannot be stored and was cleaned; `value` is what was stored. */
  cleaned: z.boolean().optional(),
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
/**
 * POST /api/conflicts/:conflictId/resolve — a resolution is a change with a base (docs/rules.md
 * "Resolving a conflict"). `baseRev` is the field revision the person saw when deciding: the
 * conflict's serverRev at first, or the newer rev a CONFLICT_MOVED answer showed.
 *  - field still at baseRev, or already holding `value` → resolved (a new revision only if the value
 *    differs): 200 ResolveConflictResponse;
 *  - otherwise nothing is written, the conflict stays open with the newer serverValue/serverRev, and
 *    the answer is 409 { error: { code: 'CONFLICT_MOVED', message, details: ConflictMovedDetails } }:
 *    show the newer value and let the person decide again (a new changeId, baseRev = details.field.rev);
 *  - a retry (same changeId, same payload) answers exactly as the first time; the same changeId
 *    with another payload is refused: 400 DUPLICATE_CHANGE_ID.
 */
export const ResolveConflictRequest = z.object({
  value: CleanText(MAX_FIELD_LENGTH),
  changeId: z.string().min(8).max(100),
  baseRev: z.number().int().nonnegative(),
});
export type ResolveConflictRequest = z.infer<typeof ResolveConflictRequest>;
export const ResolveConflictResponse = z.object({ conflict: Conflict, field: FieldState });
export type ResolveConflictResponse = z.infer<typeof ResolveConflictResponse>;
/** `details` of a 409 CONFLICT_MOVED: the field as it is now. */
export const ConflictMovedDetails = z.object({
  field: z.object({ value: z.string(), rev: z.number().int().nonnegative(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() }),
});
export type ConflictMovedDetails = z.infer<typeof ConflictMovedDetails>;

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

export const SubmitResponse = z.object({ unitId: z.string(), periodId: z.string(), submittedAt: z.string(), signedBy: z.string().optional() });

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
  /** Who really acted, from the access code: `by` is the code's holder (person, else the unit, else 协调办公室), `role` its role (null on rows older than this field). */
  role: Role.nullable(),
  /** What the client declared about the typing person (not verified), null when it said nothing. */
  declaredPerson: z.string().nullable(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;
/** GET /api/periods/:periodId/history?[measure=][&unit=][&after=<seq>][&limit=<n ≤ HISTORY_PAGE_MAX>] */
export const HISTORY_PAGE_DEFAULT = 1000;
export const HISTORY_PAGE_MAX = 5000;
export const HistoryResponse = z.object({
  items: z.array(HistoryItem),
  /** Pass as `after` for the next page; null when there is no more (a page is never cut silently). */
  next: z.number().int().nullable(),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

// ── coordinator ─────────────────────────────────────────────────────────────
export const UnitsResponse = z.object({ units: z.array(Unit) });
export const IssueCodeRequest = z.object({
  unitId: z.string().max(64).nullable(), // null → a coordinator code
  person: CleanText(100).optional(),
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
  name: Name(50),
  deadline: z.string().max(40).nullable().optional(),
  carryOver: z.boolean().default(true),
});
export const UpdatePeriodRequest = z.object({ deadline: z.string().max(40).nullable().optional(), name: Name(50).optional() });
export const SummaryRequest = z.object({ measureKey: z.string().max(200), text: CleanText(MAX_FIELD_LENGTH) });
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
/** POST /api/periods/:periodId/submit — the office names the unit (body or ?unit=); a unit submits itself. */
/** signedBy: 审签 — who signed the report off inside the unit (older clients send none). */
export const SubmitRequest = z.object({ unitId: z.string().max(64).optional(), signedBy: CleanText(50).optional() });
export const ImportPlanResponse = z.object({
  preview: z.boolean(),
  planId: z.string().nullable(),
  warnings: z.array(ImportWarning),
  diff: PlanDiff.nullable(),
  counts: z.object({ tasks: z.number(), measures: z.number(), assignments: z.number() }),
});

/** POST /api/admin/units: add or update a unit in the shared registry (ids safe in file names and URLs). */
export const CreateUnitRequest = Unit.extend({
  id: UnitId,
  name: Name(100),
  shortName: Name(100),
  aliases: z.array(Name(100)).max(20).default([]),
});
/** GET /api/admin/periods/:periodId/events — open / close / reopen, who and when. */
export const PeriodEventsResponse = z.object({
  events: z.array(z.object({ kind: z.enum(['open', 'close', 'reopen']), at: z.string(), by: z.string() })),
});
/** POST /api/periods/:periodId/reviewed — a person has looked at an auto-merged field: clear its flag (no new revision). */
export const ReviewedRequest = z.object({ measureKey: z.string().max(200), unitId: z.string().max(64), field: Field });

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
  submit: { method: 'post', path: '/api/periods/:periodId/submit', request: SubmitRequest, response: SubmitResponse },
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
  ...cycleApi,
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

/** What a returned table's column was read as, and why (header and content, shared/workbook/columns.ts). */
export const MergeColumnInfo = z.object({
  column: z.string(), // E, or 第5列 in a Word table
  header: z.string(),
  meaning: z.enum(['no', 'task', 'measure', 'units', 'reporter', 'office', 'key', ...FIELDS]).nullable(), // null: not imported
  reason: z.string(),
});
export const MergeSheetInfo = z.object({
  name: z.string(),
  kind: z.enum(['template', 'table', 'ignored']),
  headerRow: z.number().int().optional(), // 1-based
  reason: z.string().optional(), // why ignored
  columns: z.array(MergeColumnInfo).optional(),
});
export const MergedCell = z.object({
  sheet: z.string(),
  row: z.number().int(), // 1-based, as Excel shows it
  measureKey: z.string(),
  measureNo: z.string(),
  unitId: z.string(),
  field: Field,
  outcome: z.enum(['accepted', 'merged']),
  /** The cell held characters that cannot be stored (control characters, broken encoding): they were removed. */
  cleaned: z.boolean().optional(),
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
  cell: z.string(), // A1 reference (第3行第5列 in a Word table)
  row: z.number().int().optional(), // 1-based, as the user sees it
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
/**
 * A refused file whose unit cannot be told (UNIT_UNKNOWN_IN_FILE) or that names several
 * (UNIT_AMBIGUOUS_IN_FILE): the error's details. Post the file again with ?unit=<id> to choose.
 */
export const UnitQuestionDetails = z.object({
  candidates: z.array(z.string()), // ids of the units the file names (several); [] when none
  seen: z.array(z.string()), // where the file was read for a unit
  written: z.string().optional(), // the 填报单位 text no unit matched (may be added as an alias)
});
export type UnitQuestionDetails = z.infer<typeof UnitQuestionDetails>;
export const MergeFileReport = z.object({
  file: z.string(),
  ok: z.boolean(),
  error: z.object({ code: z.string(), message: z.string(), status: z.number().int().optional(), details: UnitQuestionDetails.optional() }).optional(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  unitFrom: z.enum(['template', 'reporter-cell', 'title', 'sheet-name', 'file-name', 'units-column', 'request']).nullable(),
  /** Where the unit was found, as the file has it: 标题行“省发展改革委重点任务进展”. */
  unitEvidence: z.string().optional(),
  /** What was read: a workbook or a Word table; convertedFrom: the format LibreOffice converted it from. */
  format: z.enum(['xlsx', 'docx']).optional(),
  convertedFrom: z.enum(['xls', 'et', 'ods', 'doc', 'wps', 'odt']).optional(),
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
  /** Hyperlink cells: their target was appended to the text (链接：…). */
  links: z.array(z.object({ sheet: z.string(), cell: z.string(), text: z.string(), target: z.string() })).default([]),
  matches: z.array(RowMatchInfo),
});
export type MergeFileReport = z.infer<typeof MergeFileReport>;
/**
 * POST /api/periods/:periodId/merge (multipart files, or a raw body with ?name=) [?unit=<id or name>].
 * One file: its report, or the refusal as an error (4xx; UNIT_* errors carry UnitQuestionDetails).
 * Several: 200 with a report per file (refused ones with ok: false and their error).
 */
export const MergeResponse = z.object({ files: z.array(MergeFileReport) });
export type MergeResponse = z.infer<typeof MergeResponse>;

export const workbookApi = {
  exportXlsx: { method: 'get', path: '/api/periods/:periodId/export.xlsx', query: ExportQuery },
  exportDocx: { method: 'get', path: '/api/periods/:periodId/export.docx', query: ExportQuery },
  printHtml: { method: 'get', path: '/api/periods/:periodId/print.html', query: ExportQuery },
  printPdf: { method: 'get', path: '/api/periods/:periodId/print.pdf', query: ExportQuery },
  template: { method: 'get', path: '/api/periods/:periodId/templates/:unitId.xlsx' },
  templateDocx: { method: 'get', path: '/api/periods/:periodId/templates/:unitId.docx' },
  templatesZip: { method: 'get', path: '/api/periods/:periodId/templates.zip' },
  merge: { method: 'post', path: '/api/periods/:periodId/merge', response: MergeResponse },
} as const;
