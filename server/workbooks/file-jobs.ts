// What file-guard's worker thread does with an uploaded file, start to end, so that nothing of it
// runs on the service's event loop (docs/rules.md "Bounds"): the checks (file-guard-core.ts), then
// the parse — a returned workbook's sheets or Word tables, a plan file through exceljs / mammoth
// and the importer. Each job answers plain data (grids, a plan) that the main thread only receives.
import { importGrid, importTxt, type ImportResult } from '../../shared/importer';
import { AppError } from '../../shared/messages';
import type { DocumentKeys } from '../../shared/workbook/document-keys';
import type { MeasureCandidate } from '../../shared/workbook/match-rows';
import type { UnitRef } from '../../shared/workbook/find-unit';
import { parseReturnedWorkbook, UnitQuestion, type ParsedWorkbook, type SheetGrid } from '../../shared/workbook/parse-returned';
import { checkWorkbook, type GuardLimits, type GuardResult } from './file-guard-core';
import { workbookGrids } from './xlsx-cells';
import { sniffPlanFile } from '../readers/sniff';
// mammoth and exceljs are loaded when a job first needs them (import() below), so the worker starts fast.

export type FileJob =
  | { kind: 'guard'; bytes: Uint8Array; limits: GuardLimits }
  | { kind: 'returned'; bytes: Uint8Array; limits: GuardLimits }
  | { kind: 'parse-returned'; bytes: Uint8Array; limits: GuardLimits; context: ReturnedContext }
  | { kind: 'plan'; bytes: Uint8Array; fileName: string; limits: GuardLimits };

export interface ReturnedParts {
  format: 'xlsx' | 'docx';
  grids: SheetGrid[];
  /** A Word template's keys (its custom properties), when the document is one. */
  docKeys: DocumentKeys | null;
}

/** What parseReturnedWorkbook needs to know of the plan, as plain data (it crosses to the worker). */
export interface ReturnedContext {
  fileName: string;
  periodId: string;
  units: UnitRef[];
  /** unitId → the measures that unit reports on. */
  candidates: Record<string, MeasureCandidate[]>;
  /** measureKey → display no. */
  measureNos: Record<string, string>;
  unitParam?: UnitRef;
}

/** A returned file read and matched: the parse, or the question about its unit; no grids (they stay in the worker). */
export interface ParsedReturned {
  format: 'xlsx' | 'docx';
  parsed: ParsedWorkbook | null;
  question: { code: UnitQuestion['code']; details: UnitQuestion['details'] } | null;
}

export interface FileJobResults {
  guard: GuardResult;
  returned: ReturnedParts;
  'parse-returned': ParsedReturned;
  plan: ImportResult;
}

/** Measures one plan file may hold (the reference table has 49): past it the import is refused, so
 *  what the main thread then does with the plan (cleaning, diffing, storing) stays bounded. */
export const MAX_PLAN_MEASURES = 3000;

/** A Word document's body is parsed whole by mammoth: bounded before it starts. */
const MAX_DOCUMENT_XML = 30 * 1024 * 1024;

export async function runFileJob(job: FileJob): Promise<FileJobResults[FileJob['kind']]> {
  if (job.kind === 'guard') return checkWorkbook(job.bytes, job.limits);
  if (job.kind === 'returned') return readReturnedParts(job.bytes, job.limits);
  if (job.kind === 'parse-returned') return parseReturnedBytes(job.bytes, job.limits, job.context);
  return readPlanBytes(job.bytes, job.fileName, job.limits);
}

/** A returned .xlsx / .docx: checked, then its sheets or tables as grids of cell text. */
export async function readReturnedParts(bytes: Uint8Array, limits: GuardLimits): Promise<ReturnedParts> {
  const { parts } = checkWorkbook(bytes, limits);
  try {
    if (parts.has('xl/workbook.xml')) return { format: 'xlsx', grids: workbookGrids(parts), docKeys: null };
    const body = parts.get('word/document.xml') ?? '';
    if (body.length > MAX_DOCUMENT_XML || count(body, /<w:tr[\s>]/g) > limits.maxRows) throw new AppError('SHEET_TOO_LARGE', 400, 'Word 文档中的表格过大');
    const { grids, keys } = await (await import('./docx-tables')).docxGrids(parts);
    return { format: 'docx', grids, docKeys: keys };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('UNREADABLE_FILE', 400);
  }
}

/** A returned file read, then matched against the plan (shared/workbook/parse-returned.ts). */
export async function parseReturnedBytes(bytes: Uint8Array, limits: GuardLimits, c: ReturnedContext): Promise<ParsedReturned> {
  const content = await readReturnedParts(bytes, limits);
  const context = {
    fileName: c.fileName, periodId: c.periodId, units: c.units, unitParam: c.unitParam,
    candidatesFor: (unitId: string) => c.candidates[unitId] ?? [],
    measureNo: (key: string) => c.measureNos[key],
  };
  try {
    return { format: content.format, parsed: parseReturnedWorkbook(content.grids, context, content.docKeys), question: null };
  } catch (e) {
    if (e instanceof UnitQuestion) return { format: content.format, parsed: null, question: { code: e.code, details: e.details } };
    throw e;
  }
}

/** A 分工表 file (.txt, .xlsx, .docx) → a plan; a zip passes the same checks as a returned file first. */
export async function readPlanBytes(bytes: Uint8Array, fileName: string, limits: GuardLimits): Promise<ImportResult> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sniffed = sniffPlanFile(buf, fileName);
  if (sniffed.kind === 'txt') return boundedPlan(importTxt(sniffed.text ?? ''));
  try {
    checkWorkbook(bytes, limits); // headers can lie: inflation counted before exceljs / mammoth inflate it again
  } catch (e) {
    // the sniff found a workbook's or document's entries: what the check misses in them is damage
    if (e instanceof AppError && e.code === 'NOT_A_WORKBOOK') throw new AppError('UNREADABLE_FILE', 400);
    throw e;
  }
  const grid = sniffed.kind === 'xlsx' ? await (await import('../readers/xlsx-grid')).xlsxToGrid(buf) : await (await import('../readers/docx-grid')).docxToGrid(buf);
  return boundedPlan(importGrid(grid));
}

function boundedPlan(r: ImportResult): ImportResult {
  if (r.counts.measures > MAX_PLAN_MEASURES) throw new AppError('PLAN_TOO_LARGE', 413, `${r.counts.measures} 条，上限 ${MAX_PLAN_MEASURES} 条`);
  return r;
}

function count(s: string, re: RegExp): number {
  let n = 0;
  for (const _ of s.matchAll(re)) n++;
  return n;
}
