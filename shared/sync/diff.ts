// Finding edits: compare what the sheet holds with the last synced snapshot. Whatever differs is a
// pending change with the revision it was edited from. Fields in conflict wait for a person.
import { FIELDS, type Field } from '../model/fields';
import { changeIdFor } from './change-id';
import { rowId, type PendingChange, type SyncState } from './state';

/** One data row as read from the sheet: its key and the text of each entry field. */
export interface SheetRow {
  measureKey: string;
  unitId: string;
  values: Partial<Record<Field, string>>;
}

/** Cell text as the server stores it: strings, Windows line breaks made \n. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(/\r\n?/g, '\n');
}

export function pendingChanges(rows: SheetRow[], state: SyncState): PendingChange[] {
  const inConflict = new Set(state.conflicts.map((c) => `${rowId(c.measureKey, c.unitId)}|${c.field}`));
  const out: PendingChange[] = [];
  for (const row of rows) {
    const id = rowId(row.measureKey, row.unitId);
    const snap = state.snapshot[id] ?? {};
    for (const field of FIELDS) {
      const value = row.values[field];
      if (value === undefined) continue; // column not on this sheet
      const base = snap[field] ?? { v: '', r: 0 };
      if (value === base.v) continue;
      if (inConflict.has(`${id}|${field}`)) continue;
      const c = { measureKey: row.measureKey, unitId: row.unitId, field, baseRev: base.r, value };
      out.push({ changeId: changeIdFor(state.clientId, c), ...c });
    }
  }
  return out;
}
