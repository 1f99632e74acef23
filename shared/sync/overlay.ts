// Laying a unit's sheet out again over one that may hold unsynced typing: the fresh layout takes
// the server's values, except where the old sheet holds an edit or a conflict value — those stay.
// Pure: layout model + what was read from the old sheet + the old state → new cells and state.
import { FIELDS, type Field } from '../model/fields';
import { encodeRowKey } from '../layout/keys';
import type { SheetLayout } from '../layout/model';
import type { ReadSheet } from './read-sheet';
import type { SheetRow } from './diff';
import { holdsSnap, rowId, snapAt, snapOf, type FieldSnap, type SyncState } from './state';

type ServerFields = Partial<Record<Field, { value: string; rev: number }>>;

/** The editable field columns of a layout: [field, column index]. */
export function fieldColumns(layout: SheetLayout): [Field, number][] {
  return layout.columns.flatMap((c, i) => (c.kind === 'field' && c.field && c.editable ? [[c.field, i] as [Field, number]] : []));
}

/** The data rows of a layout as sheet rows (what pendingChanges reads). */
export function layoutRows(layout: SheetLayout): SheetRow[] {
  const cols = fieldColumns(layout);
  return layout.rows
    .filter((r) => r.kind === 'data' && r.measureKey && r.unitId)
    .map((r) => ({ measureKey: r.measureKey!, unitId: r.unitId!, values: Object.fromEntries(cols.map(([f, c]) => [f, r.cells[c]])) as Partial<Record<Field, string>> }));
}

/**
 * Put unsynced local edits (and conflict values) into a fresh layout, so laying out again never
 * loses typing. Such a field keeps its old base revision in the snapshot and the key cell; every
 * other field takes the server's value and revision. A conflict's "theirs" follows the server.
 */
export function overlayLocalEdits(
  layout: SheetLayout,
  existing: ReadSheet | null,
  old: SyncState,
  entries: { measureKey: string; unitId: string; fields: ServerFields }[],
  unitId: string,
): { state: SyncState; kept: number } {
  const state: SyncState = { ...old, snapshot: {}, conflicts: old.conflicts.map((c) => ({ ...c })) };
  const server = new Map(entries.filter((e) => e.unitId === unitId).map((e) => [rowId(e.measureKey, e.unitId), e.fields]));
  const local = new Map((existing?.rows ?? []).map((r) => [rowId(r.measureKey, r.unitId), r]));
  const cols = fieldColumns(layout);
  const keyCol = layout.columns.findIndex((c) => c.kind === 'key');
  let kept = 0;
  for (const row of layout.rows) {
    if (row.kind !== 'data' || !row.measureKey || !row.unitId) continue;
    const id = rowId(row.measureKey, row.unitId);
    const snap: Partial<Record<Field, FieldSnap>> = {};
    const fields = server.get(id) ?? {};
    const mine = local.get(id);
    for (const [f, c] of cols) {
      const srvValue = fields[f]?.value ?? '';
      const srv = snapOf(srvValue, fields[f]?.rev ?? 0);
      const cell = mine?.values[f];
      const conflict = state.conflicts.find((x) => x.measureKey === row.measureKey && x.unitId === row.unitId && x.field === f);
      // A row the state never synced (a copied sheet, a new state): its key cell's revision is the base,
      // against the server's value. A synced row's missing field is '' at revision 0.
      const base: FieldSnap | undefined = old.snapshot[id] ? snapAt(old, id, f) : mine ? snapOf(srvValue, mine.key.baseRevs[f] ?? 0) : undefined;
      const edited = cell !== undefined && base !== undefined && !holdsSnap(cell, base);
      if (conflict && cell !== undefined) {
        row.cells[c] = cell;
        snap[f] = srv;
        if (srv.r > conflict.serverRev) Object.assign(conflict, { theirs: srvValue, serverRev: srv.r });
      } else if (edited) {
        row.cells[c] = cell!;
        snap[f] = base!;
        kept++;
      } else {
        row.cells[c] = srvValue;
        snap[f] = srv;
      }
    }
    state.snapshot[id] = snap;
    if (keyCol >= 0) {
      const baseRevs: Partial<Record<Field, number>> = {};
      for (const f of FIELDS) baseRevs[f] = snap[f]?.r ?? 0;
      row.cells[keyCol] = encodeRowKey({ periodId: state.periodId, measureKey: row.measureKey, unitId: row.unitId, baseRevs });
    }
  }
  // Conflicts of rows no longer laid out are dropped (they stay on the server for the office).
  state.conflicts = state.conflicts.filter((c) => state.snapshot[rowId(c.measureKey, c.unitId)]);
  return { state, kept };
}

/** Unsynced edits on rows the new layout no longer has (the measure left the unit's assignments). */
export function orphanedEdits(layout: SheetLayout, existing: ReadSheet | null, state: SyncState | null): number {
  if (!existing) return 0;
  const kept = new Set(layout.rows.filter((r) => r.measureKey && r.unitId).map((r) => rowId(r.measureKey!, r.unitId!)));
  let n = 0;
  for (const row of existing.rows) {
    const id = rowId(row.measureKey, row.unitId);
    if (kept.has(id)) continue;
    for (const f of FIELDS) {
      const v = row.values[f];
      if (v === undefined) continue;
      if (state ? !holdsSnap(v, snapAt(state, id, f)) : v !== '') n++;
    }
  }
  return n;
}
