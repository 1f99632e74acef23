// Workbooks: export and print options, the returned-workbook merge report.
import { z } from 'zod';
import { Field, FIELDS } from '../model/progress';

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
  compare: z.enum(['0', '1', 'true', 'false']).optional(), // 对比上期: sentences new since the previous period underlined
  reviewed: z.enum(['0', '1', 'true', 'false']).optional(), // only approved (通过) submissions' text; other units' rows marked 未审核
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
