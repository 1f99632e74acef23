// The one key scheme every sheet uses (add-in sheet, offline template, consolidated export), so a
// sheet can come back and be merged. Keys live in the sheet's own cells — a hidden column — so they
// survive copying, sorting, inserted columns and a round trip through WPS or LibreOffice.
//
//   header cell of the key column:  FENGONG-KEY v1|p:<periodId>|u:<unitId or *>
//   each data row's key cell:       FG1|p:<periodId>|m:<measureKey>|u:<unitId>|r:<rev,rev,rev,rev,rev>
//
// Revisions are the base revisions of the entry's fields in FIELDS order, as they were when the
// sheet was laid out or last synced; a returned sheet merges against them like a sync.
import { FIELDS, type Field } from '../model/fields';

export const KEY_HEADER_PREFIX = 'FENGONG-KEY v1';
export const ROW_KEY_PREFIX = 'FG1';

export interface SheetKey {
  periodId: string;
  unitId: string | null; // null: a sheet with several units (consolidated)
}

export interface RowKey {
  periodId: string;
  measureKey: string;
  unitId: string;
  baseRevs: Partial<Record<Field, number>>;
}

const enc = (s: string) => encodeURIComponent(s);
const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

export function encodeSheetKey(k: SheetKey): string {
  return `${KEY_HEADER_PREFIX}|p:${enc(k.periodId)}|u:${k.unitId === null ? '*' : enc(k.unitId)}`;
}

export function decodeSheetKey(text: unknown): SheetKey | null {
  if (typeof text !== 'string' || !text.startsWith(KEY_HEADER_PREFIX)) return null;
  const parts = parseParts(text.slice(KEY_HEADER_PREFIX.length));
  if (!parts || parts.p === undefined || parts.u === undefined) return null;
  return { periodId: parts.p, unitId: parts.u === '*' ? null : parts.u };
}

export function encodeRowKey(k: RowKey): string {
  const revs = FIELDS.map((f) => String(k.baseRevs[f] ?? 0)).join(',');
  return `${ROW_KEY_PREFIX}|p:${enc(k.periodId)}|m:${enc(k.measureKey)}|u:${enc(k.unitId)}|r:${revs}`;
}

export function decodeRowKey(text: unknown): RowKey | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  if (!t.startsWith(ROW_KEY_PREFIX + '|')) return null;
  const parts = parseParts(t.slice(ROW_KEY_PREFIX.length));
  if (!parts || !parts.p || !parts.m || !parts.u) return null;
  const baseRevs: Partial<Record<Field, number>> = {};
  const revs = (parts.r ?? '').split(',');
  for (let i = 0; i < FIELDS.length; i++) {
    const n = Number(revs[i] ?? '0');
    if (!Number.isInteger(n) || n < 0) return null;
    baseRevs[FIELDS[i]] = n;
  }
  return { periodId: parts.p, measureKey: parts.m, unitId: parts.u, baseRevs };
}

/** Is this the key column's header cell? (Used to find the column after columns were inserted.) */
export function isKeyHeader(text: unknown): boolean {
  return typeof text === 'string' && text.startsWith(KEY_HEADER_PREFIX);
}

function parseParts(rest: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const piece of rest.split('|')) {
    if (!piece) continue;
    const i = piece.indexOf(':');
    if (i < 1) return null;
    const v = dec(piece.slice(i + 1));
    if (v === null) return null;
    out[piece.slice(0, i)] = v;
  }
  return out;
}
