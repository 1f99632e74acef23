// 联络员 in the unit registry: edited one unit at a time, or imported from the list an office keeps
// (.xlsx / .csv, read like returned tables: hostile files refused before anything is parsed).
// An import is previewed first and applied in one transaction: all its rows, or none.
import { EMPTY_LIAISON, LIAISON_KEYS, type Liaison } from '../../../shared/cycle/liaison';
import { parseCsv } from '../../../shared/cycle/csv';
import { importLiaisons, type LiaisonImportProblem } from '../../../shared/cycle/liaison-import';
import { AppError } from '../../../shared/messages';
import { isCleanText } from '../../../shared/text/integrity';
import { readReturnedFile } from '../../workbooks/read-workbook';
import type { LiaisonRow } from '../../store/types';
import type { Actor } from '../actor';
import { coordinatorOnly, type CycleCtx } from './context';

const MAX_LIST_BYTES = 5 * 1024 * 1024;

export async function setLiaison(ctx: CycleCtx, unitId: string, l: Liaison, actor: Actor): Promise<LiaisonRow> {
  coordinatorOnly(actor);
  if (LIAISON_KEYS.some((k) => !isCleanText(l[k]))) throw new AppError('INVALID_TEXT', 400);
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.units.get(unitId))) throw new AppError('UNKNOWN_UNIT', 404, unitId);
    const row: LiaisonRow = { ...EMPTY_LIAISON, ...l, unitId, updatedAt: ctx.now().toISOString(), updatedBy: actor.label };
    await tx.liaisons.set(row);
    return row;
  });
}

export interface LiaisonImportResult {
  fileName: string;
  headerRow: number;
  units: { unitId: string; unitName: string; written: string; rows: number[]; liaison: Liaison; changed: boolean }[];
  problems: LiaisonImportProblem[];
  applied: boolean;
}

/** A CSV is text (UTF-8 as saved by WPS / recent Excel, else GB18030 as Chinese Excel saves it). */
function csvText(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return null; // a zip: .xlsx
  if (bytes.subarray(0, 4096).includes(0)) return null; // binary
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function gridsOf(bytes: Uint8Array, fileName: string): Promise<string[][][]> {
  if (bytes.length === 0) throw new AppError('EMPTY_FILE', 400);
  if (bytes.length > MAX_LIST_BYTES) throw new AppError('FILE_TOO_LARGE', 413, '名单文件上限 5 MB');
  const text = /\.(csv|txt)$/i.test(fileName) || (bytes[0] !== 0x50 && bytes[0] !== 0xd0) ? csvText(bytes) : null;
  if (text !== null) {
    try {
      return [parseCsv(text)];
    } catch {
      throw new AppError('SHEET_TOO_LARGE', 400);
    }
  }
  return (await readReturnedFile(bytes, fileName)).grids.map((g) => g.cells);
}

export async function importLiaisonFile(ctx: CycleCtx, file: { bytes: Uint8Array; fileName: string }, actor: Actor, opts: { apply: boolean }): Promise<LiaisonImportResult> {
  coordinatorOnly(actor);
  const grids = await gridsOf(file.bytes, file.fileName);
  const units = await ctx.store.units.list();
  const refs = units.map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, aliases: u.aliases ?? [] }));
  const read = grids.map((g) => importLiaisons(g, refs)).find((r) => r.ok && r.units.length > 0) ?? grids.map((g) => importLiaisons(g, refs)).find((r) => r.ok);
  if (!read || !read.ok) throw new AppError('NO_LIAISON_HEADER', 400);
  const name = new Map(units.map((u) => [u.id, u.shortName || u.name]));
  const current = await ctx.store.liaisons.list();
  const rows = read.units.map((u) => {
    const was = current.get(u.unitId);
    return { ...u, unitName: name.get(u.unitId) ?? u.unitId, changed: !was || LIAISON_KEYS.some((k) => was[k] !== u.liaison[k]) };
  });
  const result: LiaisonImportResult = { fileName: file.fileName, headerRow: read.headerRow, units: rows, problems: read.problems, applied: false };
  if (!opts.apply) return result;
  const at = ctx.now().toISOString();
  await ctx.store.transaction(async (tx) => {
    for (const r of rows) if (r.changed) await tx.liaisons.set({ ...r.liaison, unitId: r.unitId, updatedAt: at, updatedBy: actor.label });
  });
  return { ...result, applied: true };
}
