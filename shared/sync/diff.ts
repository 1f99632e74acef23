// Finding edits: compare what the sheet holds with the last synced snapshot. Whatever differs is a
// pending change with the revision it was edited from. Fields in conflict wait for a person.
import { FIELDS, type Field } from '../model/fields';
import { formatKind, numberText } from '../workbook/number-format';
import { changeIdFor } from './change-id';
import { holdsSnap, rowId, snapAt, type PendingChange, type SyncState } from './state';

/** One data row as read from the sheet: its key and the text of each entry field. */
export interface SheetRow {
  measureKey: string;
  unitId: string;
  values: Partial<Record<Field, string>>;
}

/**
 * Cell text as the server stores it: strings, Windows line breaks made \n. A number is taken as the
 * person saw it: both hosts hand back dates as serial day numbers and percentages as fractions
 * (Office.js `values`, WPS `Value2`), so `numberFormat` (the cell's format code) turns them back.
 */
export function cellText(v: unknown, numberFormat?: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' && numberFormat) return numberText(String(v), formatKind(numberFormat));
  return String(v).replace(/\r\n?/g, '\n');
}

export function pendingChanges(rows: SheetRow[], state: SyncState): PendingChange[] {
  const inConflict = new Set(state.conflicts.map((c) => `${rowId(c.measureKey, c.unitId)}|${c.field}`));
  const out: PendingChange[] = [];
  for (const row of rows) {
    const id = rowId(row.measureKey, row.unitId);
    for (const field of FIELDS) {
      const value = row.values[field];
      if (value === undefined) continue; // column not on this sheet
      const base = snapAt(state, id, field);
      if (holdsSnap(value, base)) continue;
      if (inConflict.has(`${id}|${field}`)) continue;
      const c = { measureKey: row.measureKey, unitId: row.unitId, field, baseRev: base.r, value };
      out.push({ changeId: changeIdFor(state.clientId, state.periodId, c), ...c });
    }
  }
  return out;
}
