// Applying a sync's outcome to the state: the push results (accepted / merged / unchanged /
// conflict / rejected), then others' changes pulled since the cursor. Pure: returns the new state
// and the cell writes the sheet needs; the Excel adapter does the writing.
import type { ChangeResult } from '../api/contract';
import type { Entry, Field } from '../model/progress';
import { holdsSnap, rowId, snapAt, snapOf, type LocalConflict, type PendingChange, type SyncState } from './state';

/** A value to write into the sheet's field cell. */
export interface CellWrite {
  measureKey: string;
  unitId: string;
  field: Field;
  value: string;
}

export interface PushOutcome {
  state: SyncState;
  writes: CellWrite[];
  accepted: number;
  merged: CellWrite[];
  conflicts: LocalConflict[];
  rejected: { change: PendingChange; code: string; message: string }[];
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function applyPushResults(state0: SyncState, sent: PendingChange[], results: ChangeResult[]): PushOutcome {
  const state = clone(state0);
  const byId = new Map(results.map((r) => [r.changeId, r]));
  const out: PushOutcome = { state, writes: [], accepted: 0, merged: [], conflicts: [], rejected: [] };
  for (const change of sent) {
    const r = byId.get(change.changeId);
    if (!r) continue; // not answered: stays pending, retried with the same id
    const id = rowId(change.measureKey, change.unitId);
    const snap = (state.snapshot[id] ??= {});
    const where = { measureKey: change.measureKey, unitId: change.unitId, field: change.field };
    switch (r.outcome) {
      case 'accepted':
      case 'unchanged': {
        const value = r.value ?? change.value;
        snap[change.field] = snapOf(value, r.rev ?? snap[change.field]?.r ?? 0);
        if (value !== change.value) out.writes.push({ ...where, value });
        out.accepted++;
        break;
      }
      case 'merged': {
        const value = r.value ?? change.value;
        snap[change.field] = snapOf(value, r.rev ?? 0);
        out.writes.push({ ...where, value });
        out.merged.push({ ...where, value });
        if (!state.autoMerged.some((m) => m.measureKey === where.measureKey && m.unitId === where.unitId && m.field === where.field)) {
          state.autoMerged.push(where);
        }
        break;
      }
      case 'conflict': {
        const info = r.conflict;
        const serverValue = info?.serverValue ?? r.value ?? '';
        const serverRev = info?.serverRev ?? r.rev ?? 0;
        // The snapshot follows the server; the cell keeps mine; the field waits for a person.
        snap[change.field] = snapOf(serverValue, serverRev);
        const conflict: LocalConflict = {
          id: info?.id ?? change.changeId,
          ...where,
          mine: change.value,
          theirs: serverValue,
          base: info?.baseValue ?? '',
          serverRev,
        };
        state.conflicts = state.conflicts.filter((c) => !(c.measureKey === where.measureKey && c.unitId === where.unitId && c.field === where.field));
        state.conflicts.push(conflict);
        out.conflicts.push(conflict);
        break;
      }
      case 'rejected':
        out.rejected.push({ change, code: r.reason?.code ?? 'REJECTED', message: r.reason?.message ?? '服务器拒绝了此修改。' });
        break;
    }
  }
  return out;
}

export interface PullOutcome {
  state: SyncState;
  writes: CellWrite[];
  /** Fields changed on the server that we did not write because the cell holds an unsynced edit. */
  keptLocal: CellWrite[];
  /** Entries for rows the sheet does not have (the assignment changed: lay out again). */
  missingRows: number;
}

/**
 * Others' changes: write a pulled value only where the cell still holds the snapshot (or already
 * holds that value). A cell with an unsynced edit keeps it, and its snapshot keeps the old base
 * revision, so the next push meets the server's change as a conflict — never a silent overwrite.
 */
export function applyPulled(state0: SyncState, entries: Entry[], sheet: Map<string, Partial<Record<Field, string>>>, cursor: number): PullOutcome {
  const state = clone(state0);
  const out: PullOutcome = { state, writes: [], keptLocal: [], missingRows: 0 };
  for (const e of entries) {
    if (e.periodId !== state.periodId || e.unitId !== state.unitId) continue;
    const id = rowId(e.measureKey, e.unitId);
    const cells = sheet.get(id);
    if (!cells) {
      out.missingRows++;
      continue;
    }
    const snap = (state.snapshot[id] ??= {});
    for (const [f, fs] of Object.entries(e.fields) as [Field, { value: string; rev: number }][]) {
      if (!fs) continue;
      const base = snapAt(state, id, f);
      if (fs.rev <= base.r) continue; // nothing newer than what we have
      const where = { measureKey: e.measureKey, unitId: e.unitId, field: f };
      const conflict = state.conflicts.find((c) => c.measureKey === e.measureKey && c.unitId === e.unitId && c.field === f);
      if (conflict) {
        conflict.theirs = fs.value;
        conflict.serverRev = fs.rev;
        snap[f] = snapOf(fs.value, fs.rev);
        continue;
      }
      const cell = cells[f];
      if (cell === undefined) {
        snap[f] = snapOf(fs.value, fs.rev);
        continue;
      }
      if (holdsSnap(cell, base) || cell === fs.value) {
        if (cell !== fs.value) out.writes.push({ ...where, value: fs.value });
        snap[f] = snapOf(fs.value, fs.rev);
      } else {
        out.keptLocal.push({ ...where, value: fs.value });
      }
    }
  }
  state.cursor = Math.max(state.cursor, cursor);
  return out;
}

/** After a person resolved a conflict: the field's agreed value and revision. */
export function applyResolution(state0: SyncState, conflictId: string, value: string, rev: number): { state: SyncState; write: CellWrite | null } {
  const state = clone(state0);
  const c = state.conflicts.find((x) => x.id === conflictId);
  if (!c) return { state, write: null };
  state.conflicts = state.conflicts.filter((x) => x.id !== conflictId);
  (state.snapshot[rowId(c.measureKey, c.unitId)] ??= {})[c.field] = snapOf(value, rev);
  return { state, write: { measureKey: c.measureKey, unitId: c.unitId, field: c.field, value } };
}

/** One write per cell, the last one winning (a pulled value after a push result for the same field). */
export function dedupeWrites(writes: CellWrite[]): CellWrite[] {
  const m = new Map<string, CellWrite>();
  for (const w of writes) m.set(`${rowId(w.measureKey, w.unitId)}|${w.field}`, w);
  return [...m.values()];
}
