// Reads a 分工表 file (.txt as in the reference, .xlsx, .docx) into a plan, through one cell parser —
// in file-guard's worker thread (file-jobs.ts), so a large or hostile file never holds the event loop.
import type { ImportResult } from '../../shared/importer';
import { readPlanInWorker } from '../workbooks/file-guard';

export async function readPlanFile(buf: Buffer, filename: string): Promise<ImportResult> {
  return readPlanInWorker(buf, filename);
}
