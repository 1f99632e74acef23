// Turns a returned file into plain grids of cell text. What it is comes from its bytes
// (file-format.ts): .xls / .et / .ods / .doc / .wps / .odt are first converted by LibreOffice when
// the server has it (convert-office.ts). Then, in file-guard's worker thread, the bytes are checked
// and the zip inflated under its limits, and the kept XML parts are read directly: a workbook's
// sheets (xlsx-cells.ts) or a Word document's tables (docx-tables.ts). Formula cells become their cached value as inert text
// (never evaluated) and are listed; merged cells carry the merge's value into the cells they cover.
import { AppError } from '../../shared/messages';
import type { DocumentKeys } from '../../shared/workbook/document-keys';
import type { SheetGrid } from '../../shared/workbook/parse-returned';
import { parseReturnedInWorker, readReturnedInWorker, DEFAULT_LIMITS, type GuardLimits } from './file-guard';
import type { ParsedReturned, ReturnedContext } from './file-jobs';
import { sniffReturned, type ConvertFrom } from './file-format';
import { convertWithLibreOffice } from './convert-office';

export interface ReturnedContent {
  format: 'xlsx' | 'docx';
  convertedFrom?: ConvertFrom;
  grids: SheetGrid[];
  /** A Word template's keys (its custom properties), when the document is one. */
  docKeys: DocumentKeys | null;
}

export async function readReturnedFile(bytes: Uint8Array, fileName: string, limits: GuardLimits = DEFAULT_LIMITS): Promise<ReturnedContent> {
  const { data, convertedFrom } = await converted(bytes, fileName, limits);
  // checked and parsed in file-guard's worker (file-jobs.ts): the event loop only waits
  return { ...(await readReturnedInWorker(data, limits)), convertedFrom };
}

/** The same, matched against the plan in the worker too: only the parse comes back (merge-returned.ts). */
export async function readAndParseReturned(
  bytes: Uint8Array, limits: GuardLimits, context: ReturnedContext,
): Promise<ParsedReturned & { convertedFrom?: ConvertFrom }> {
  const { data, convertedFrom } = await converted(bytes, context.fileName, limits);
  return { ...(await parseReturnedInWorker(data, limits, context)), convertedFrom };
}

/** Formats LibreOffice turns into .xlsx / .docx first (by content, not name). */
async function converted(bytes: Uint8Array, fileName: string, limits: GuardLimits): Promise<{ data: Uint8Array; convertedFrom?: ConvertFrom }> {
  const sniffed = sniffReturned(bytes, fileName);
  if (sniffed.kind !== 'convert') return { data: bytes };
  if (bytes.length > limits.maxFileBytes) throw new AppError('FILE_TOO_LARGE', 413, `上限 ${Math.round(limits.maxFileBytes / 1048576)} MB`);
  return { data: await convertWithLibreOffice(bytes, sniffed.from, sniffed.to), convertedFrom: sniffed.from };
}

/** The grids of a returned .xlsx. */
export async function loadGrids(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): Promise<SheetGrid[]> {
  return (await readReturnedFile(bytes, 'upload.xlsx', limits)).grids;
}
