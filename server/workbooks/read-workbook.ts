// Turns a returned file into plain grids of cell text. What it is comes from its bytes
// (file-format.ts): .xls / .et / .ods / .doc / .wps / .odt are first converted by LibreOffice when
// the server has it (convert-office.ts). Then file-guard checks the bytes and inflates the zip under
// its limits, and the kept XML parts are read directly: a workbook's sheets (xlsx-cells.ts) or a
// Word document's tables (docx-tables.ts). Formula cells become their cached value as inert text
// (never evaluated) and are listed; merged cells carry the merge's value into the cells they cover.
import { AppError } from '../../shared/messages';
import type { DocumentKeys } from '../../shared/workbook/document-keys';
import type { SheetGrid } from '../../shared/workbook/parse-returned';
import { guardWorkbook, DEFAULT_LIMITS, type GuardLimits } from './file-guard';
import { sniffReturned, type ConvertFrom } from './file-format';
import { convertWithLibreOffice } from './convert-office';
import { workbookGrids } from './xlsx-cells';
import { docxGrids } from './docx-tables';

export interface ReturnedContent {
  format: 'xlsx' | 'docx';
  convertedFrom?: ConvertFrom;
  grids: SheetGrid[];
  /** A Word template's keys (its custom properties), when the document is one. */
  docKeys: DocumentKeys | null;
}

/** A Word document's body is parsed whole by mammoth: bounded before it starts. */
const MAX_DOCUMENT_XML = 30 * 1024 * 1024;

export async function readReturnedFile(bytes: Uint8Array, fileName: string, limits: GuardLimits = DEFAULT_LIMITS): Promise<ReturnedContent> {
  const sniffed = sniffReturned(bytes, fileName);
  let data = bytes;
  let convertedFrom: ConvertFrom | undefined;
  if (sniffed.kind === 'convert') {
    if (bytes.length > limits.maxFileBytes) throw new AppError('FILE_TOO_LARGE', 413, `上限 ${Math.round(limits.maxFileBytes / 1048576)} MB`);
    data = await convertWithLibreOffice(bytes, sniffed.from, sniffed.to);
    convertedFrom = sniffed.from;
  }
  const { parts } = await guardWorkbook(data, limits);
  try {
    if (parts.has('xl/workbook.xml')) return { format: 'xlsx', convertedFrom, grids: workbookGrids(parts), docKeys: null };
    const body = parts.get('word/document.xml') ?? '';
    if (body.length > MAX_DOCUMENT_XML || count(body, /<w:tr[\s>]/g) > limits.maxRows) throw new AppError('SHEET_TOO_LARGE', 400, 'Word 文档中的表格过大');
    const { grids, keys } = await docxGrids(parts);
    return { format: 'docx', convertedFrom, grids, docKeys: keys };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('UNREADABLE_FILE', 400);
  }
}

/** The grids of a returned .xlsx. */
export async function loadGrids(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): Promise<SheetGrid[]> {
  return (await readReturnedFile(bytes, 'upload.xlsx', limits)).grids;
}

function count(s: string, re: RegExp): number {
  let n = 0;
  for (const _ of s.matchAll(re)) n++;
  return n;
}
