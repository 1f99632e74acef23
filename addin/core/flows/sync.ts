// 同步: push the edits found in the sheet (in chunks the service takes), let the cells of conflicts
// someone else resolved follow the server again, pull colleagues' changes since the cursor, and
// write the results back — each written cell guarded, so text typed while the sync talked to the
// service is kept (its field then meets the server's value as a conflict, never a silent overwrite).
import type { Field } from '../../../shared/model/progress';
import { changeBatches } from '../../../shared/sync/change-batches';
import { pendingChanges } from '../../../shared/sync/diff';
import { applyPulled, applyPushResults, dedupeWrites, type CellWrite } from '../../../shared/sync/apply';
import { rowId, type LocalConflict, type SyncState } from '../../../shared/sync/state';
import type { ReadSheet } from '../../../shared/sync/read-sheet';
import { ApiError, OfflineError } from '../../client/api';
import { restoreOps, writeBackOps } from '../../sheet/sheet-ops';
import type { LostWrite } from '../port';
import type { AddinSession } from '../session';
import { TEXTS } from '../texts';

export interface SyncReport {
  offline: boolean;
  pushed: number;
  accepted: number;
  merged: number;
  conflicts: LocalConflict[];
  /** `code`: the service's reason (MEASURE_CLOSED: the entry is 办结 — the text stays in the sheet). */
  rejected: { field: Field; measureKey: string; message: string; code: string }[];
  pulled: number;
  /** Fields where the sheet keeps the person's unsynced text over a colleague's newer value. */
  keptLocal: number;
  pending: number;
  /** Host requests: the read plus the writes. */
  syncs: number;
  lastSyncAt: string | null;
  /** The sheet's assignments changed on the server: lay it out again. */
  needsLayout: boolean;
}

type Cells = Map<string, Partial<Record<Field, string>>>;

export async function syncFlow(s: AddinSession): Promise<SyncReport> {
  if (s.isCoordinator) throw new Error(TEXTS.coordinatorReadOnly);
  const doc = await s.readDoc(s.unitSheetNames());
  const sheet = doc.mine;
  if (!sheet?.read || !doc.state) throw new Error(TEXTS.layoutFirst);
  const read = sheet.read;
  const before = doc.state;
  const pending = pendingChanges(read.rows, before);
  const report: SyncReport = {
    offline: false, pushed: pending.length, accepted: 0, merged: 0, conflicts: [], rejected: [], pulled: 0, keptLocal: 0,
    pending: pending.length, syncs: 1, lastSyncAt: before.lastSyncAt, needsLayout: false,
  };
  const current: Cells = new Map(read.rows.map((r) => [rowId(r.measureKey, r.unitId), { ...r.values }]));
  let state = before;
  const writes: CellWrite[] = [];
  const put = (w: CellWrite) => {
    writes.push(w);
    const cells = current.get(rowId(w.measureKey, w.unitId));
    if (cells) cells[w.field] = w.value;
  };
  try {
    // 1. push, in batches the server takes (change count and text within the cap: change-batches.ts)
    for (const chunk of changeBatches(pending)) {
      let res;
      try {
        res = await s.call(() => s.api.changes(s.period.id, chunk, s.me.person ?? undefined));
      } catch (err) {
        // The whole batch refused (e.g. the period is closed): keep the edits, say why, still pull.
        if (!(err instanceof ApiError) || err.status === 401) throw err;
        report.rejected.push(...chunk.map((c) => ({ field: c.field, measureKey: c.measureKey, message: err.message, code: err.code })));
        break;
      }
      const out = applyPushResults(state, chunk, res.results);
      state = out.state;
      out.writes.forEach(put);
      report.accepted += out.accepted;
      report.merged += out.merged.length;
      report.rejected.push(...out.rejected.map((r) => ({ field: r.change.field, measureKey: r.change.measureKey, message: r.message, code: r.code })));
    }
    // 2. conflicts someone else resolved meanwhile: the cell follows the server again (its value is
    //    the conflict's "theirs", which the snapshot holds), so the pull can bring the resolution.
    if (state.conflicts.length) {
      const open = new Set((await s.call(() => s.api.conflicts(s.period.id))).conflicts.map((c) => c.id));
      for (const c of state.conflicts.filter((x) => !open.has(x.id))) put({ measureKey: c.measureKey, unitId: c.unitId, field: c.field, value: c.theirs });
      state = { ...state, conflicts: state.conflicts.filter((x) => open.has(x.id)) };
    }
    // 3. pull others' changes since the cursor
    const delta = await s.call(() => s.api.entries(s.period.id, state.cursor));
    const pulled = applyPulled(state, delta.entries, current, delta.cursor);
    state = pulled.state;
    pulled.writes.forEach(put);
    report.pulled = pulled.writes.length;
    report.keptLocal = pulled.keptLocal.length;
    report.needsLayout = pulled.missingRows > 0;
    state.lastSyncAt = new Date().toISOString();
  } catch (err) {
    if (!(err instanceof OfflineError)) throw err;
    report.offline = true; // what was found goes out next time, with the same change ids
  }
  const out = await writeBack(s, sheet, read, before, state, writes, current);
  report.keptLocal += out.lost;
  report.pending = out.pending;
  report.syncs += out.requests;
  report.lastSyncAt = out.state.lastSyncAt;
  report.conflicts = out.state.conflicts;
  return report;
}

/**
 * Write results and state; where the person typed after the read (a lost guarded write), keep
 * their text and put that field's snapshot back to what it was before this flow: their text is
 * then a pending change against the old base, and meets whatever the server has as a conflict.
 */
export async function writeBack(
  s: AddinSession, sheet: { name: string; exists: boolean; protected: boolean }, read: ReadSheet, before: SyncState, state: SyncState, writes: CellWrite[], current: Cells,
): Promise<{ state: SyncState; requests: number; lost: number; pending: number }> {
  const changed = dedupeWrites(writes).filter((w) => read.rows.some((r) => r.measureKey === w.measureKey && r.unitId === w.unitId && r.values[w.field] !== w.value));
  const first = await s.write(sheet, writeBackOps(read, state, changed, s.stateKey));
  let requests = first.requests;
  if (first.lost.length) {
    const lost = first.lost.map((l) => located(read, l)).filter((l) => l !== null);
    state = structuredClone(state);
    for (const l of lost) {
      const id = rowId(l.measureKey, l.unitId);
      const old = before.snapshot[id]?.[l.field];
      const snap = (state.snapshot[id] ??= {});
      if (old) snap[l.field] = old;
      else delete snap[l.field];
      current.get(id)![l.field] = l.typed;
    }
    const written = new Map(changed.map((w) => [`${rowId(w.measureKey, w.unitId)}|${w.field}`, w.value]));
    const again = lost.map((l) => ({ ...l, written: written.get(`${rowId(l.measureKey, l.unitId)}|${l.field}`) ?? '' }));
    requests += (await s.write({ ...sheet, protected: true }, restoreOps(read, state, again, s.stateKey))).requests;
  }
  const rows = read.rows.map((r) => ({ measureKey: r.measureKey, unitId: r.unitId, values: current.get(rowId(r.measureKey, r.unitId)) ?? r.values }));
  return { state, requests, lost: first.lost.length, pending: pendingChanges(rows, state).length };
}

function located(read: ReadSheet, l: LostWrite) {
  const row = read.rows.find((r) => r.row === l.r);
  const field = (Object.entries(read.fieldCols) as [Field, number][]).find(([, c]) => c === l.c)?.[0];
  return row && field ? { ...l, measureKey: row.measureKey, unitId: row.unitId, field } : null;
}
