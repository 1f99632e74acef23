// Reads a 分工表 file (.txt as in the reference, .xlsx, .docx) into a plan, through one cell parser.
import { importGrid, importTxt, type ImportResult } from '../../shared/importer';
import { sniffPlanFile } from './sniff';

export async function readPlanFile(buf: Buffer, filename: string): Promise<ImportResult> {
  const sniffed = sniffPlanFile(buf, filename);
  if (sniffed.kind === 'txt') return importTxt(sniffed.text ?? '');
  // exceljs and mammoth are heavy: load them only for the files that need them.
  const grid = sniffed.kind === 'xlsx' ? await (await import('./xlsx-grid')).xlsxToGrid(buf) : await (await import('./docx-grid')).docxToGrid(buf);
  return importGrid(grid);
}
