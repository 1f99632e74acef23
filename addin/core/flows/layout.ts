// Lay out: a unit's sheet (its measures, editable fields, the status drop-down, merged task cells,
// frozen header, hidden key column, print setup) or the coordinator's read-only consolidated table.
// Laying out again keeps unsynced typing and brings in what colleagues synced.
import { buildUnitSheet } from '../../../shared/layout/unit-sheet';
import { buildConsolidatedSheet } from '../../../shared/layout/consolidated-sheet';
import type { SheetLayout } from '../../../shared/layout/model';
import { fieldColumns, orphanedEdits, overlayLocalEdits } from '../../../shared/sync/overlay';
import { newClientId, newSyncState, type SyncState } from '../../../shared/sync/state';
import { CONFLICT_FILL, layoutOps, type Features, type SheetOp } from '../../sheet/sheet-ops';
import type { AddinSession } from '../session';
import { TEXTS } from '../texts';

export interface LayoutReport {
  sheetName: string;
  rows: number;
  keptEdits: number;
  /** Host requests: the read plus the writes. */
  syncs: number;
  requests: number;
  features: Features;
}

export function layoutFlow(s: AddinSession): Promise<LayoutReport> {
  return s.isCoordinator ? layoutConsolidated(s) : layoutUnit(s);
}

async function layoutUnit(s: AddinSession): Promise<LayoutReport> {
  const unit = s.me.unit!;
  const [assign, pulled, { closures }] = await s.call(() => Promise.all([s.api.assignments(s.period.id), s.api.entries(s.period.id, 0), s.api.closures(s.period.id)]));
  s.closures = closures;
  const planTitle = s.planTitles.get(assign.planId) ?? '';
  // 办结 rows stay locked on the protected sheet, like the offline template (the service refuses them too)
  const closed = new Set(assign.assignments.filter((a) => s.isClosed(a.measureKey)).map((a) => a.measureKey));
  const layout = buildUnitSheet({ planTitle, period: s.period, unit, assignments: assign.assignments, entries: pulled.entries, closed });
  const features = s.features();
  const doc = await s.readDoc(s.sheetNames(layout.sheetName));
  const target = s.targetSheet(doc);
  layout.sheetName = target.name;
  const existing = target.read && target.read.sheetKey.periodId === s.period.id ? target.read : null;
  const orphans = orphanedEdits(layout, existing, doc.state);
  if (orphans) throw new Error(TEXTS.orphaned(orphans)); // never drop typing: those rows would vanish
  const old = doc.state ?? newSyncState(s.period.id, unit.id, target.name, newClientId());
  const { state, kept } = overlayLocalEdits(layout, existing, old, pulled.entries, unit.id);
  state.sheetName = target.name;
  state.cursor = pulled.cursor;
  const ops = [...layoutOps(layout, features, target.extent), ...conflictMarks(layout, state)];
  // Conflict marks need the sheet unprotected: put them before the final protect/activate.
  const protectAt = ops.findIndex((o) => o.op === 'protect');
  if (protectAt >= 0) ops.push(...ops.splice(protectAt, 2));
  ops.push({ op: 'setting', key: s.stateKey, value: state });
  const w = await s.write(target, ops);
  return { sheetName: target.name, rows: layout.rows.filter((r) => r.kind === 'data').length, keptEdits: kept, syncs: w.requests + 1, requests: w.requests, features };
}

async function layoutConsolidated(s: AddinSession): Promise<LayoutReport> {
  const data = await s.call(() => s.api.consolidated(s.period.id));
  const layout = buildConsolidatedSheet({ planTitle: data.planTitle, period: data.period, measures: data.measures });
  const features = s.features();
  const doc = await s.readDoc(s.sheetNames(layout.sheetName), false);
  const target = s.targetSheet(doc);
  const w = await s.write(target, layoutOps(layout, features, target.extent));
  return { sheetName: target.name, rows: layout.rows.filter((r) => r.kind === 'data').length, keptEdits: 0, syncs: w.requests + 1, requests: w.requests, features };
}

function conflictMarks(layout: SheetLayout, state: SyncState): SheetOp[] {
  const cols = new Map(fieldColumns(layout));
  const ops: SheetOp[] = [];
  layout.rows.forEach((row, r) => {
    for (const c of state.conflicts) {
      if (c.measureKey !== row.measureKey || c.unitId !== row.unitId) continue;
      const col = cols.get(c.field);
      if (col !== undefined) ops.push({ op: 'fill', area: { r, c: col, rows: 1, cols: 1 }, color: CONFLICT_FILL });
    }
  });
  return ops;
}
