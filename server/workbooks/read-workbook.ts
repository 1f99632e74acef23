// Turns a returned .xlsx into plain grids of cell text: file-guard checks the bytes and inflates
// the zip under its limits, then the kept XML parts are read directly (xlsx-cells.ts). Formula
// cells become their cached value as inert text (never evaluated) and are listed; merged cells
// carry the merge's value in every cell they cover.
import { AppError } from '../../shared/messages';
import type { SheetGrid } from '../../shared/workbook/parse-returned';
import { guardWorkbook, DEFAULT_LIMITS, type GuardLimits } from './file-guard';
import { workbookGrids } from './xlsx-cells';

export async function loadGrids(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): Promise<SheetGrid[]> {
  const { parts } = await guardWorkbook(bytes, limits);
  try {
    return workbookGrids(parts);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('UNREADABLE_FILE', 400);
  }
}
