// Resolving a conflict is itself a change with a base: it names the revision the person saw
// (`serverRev` of the conflict as the card shows it). If a colleague saved the field again since,
// the service writes nothing and answers CONFLICT_MOVED with the newer value: the card then shows
// it and the person decides again (against the new revision). A retry sends the same change id.
import { applyResolution } from '../../../shared/sync/apply';
import { changeIdFor } from '../../../shared/sync/change-id';
import { rowId, snapOf } from '../../../shared/sync/state';
import { ApiError } from '../../client/api';
import type { AddinSession } from '../session';
import { TEXTS } from '../texts';
import { writeBack } from './sync';

export type ResolveOutcome =
  | { resolved: true }
  /** The field moved since the person saw it: nothing was written; the card shows `theirs` now. */
  | { resolved: false; theirs: string; updatedBy: string | null };

interface MovedDetails {
  field?: { value?: string; rev?: number; updatedBy?: string };
}

export async function resolveFlow(s: AddinSession, conflictId: string, value: string): Promise<ResolveOutcome> {
  const doc = await s.readDoc(s.unitSheetNames());
  const sheet = doc.mine;
  if (!sheet?.read || !doc.state) throw new Error(TEXTS.layoutFirst);
  const state = doc.state;
  const c = state.conflicts.find((x) => x.id === conflictId);
  if (!c) throw new Error(TEXTS.conflictGone);
  const baseRev = c.serverRev;
  const changeId = changeIdFor(state.clientId, state.periodId, { measureKey: c.measureKey, unitId: c.unitId, field: c.field, baseRev, value: `resolve:${value}` });
  let res;
  try {
    res = await s.call(() => s.api.resolve(conflictId, value, changeId, baseRev));
  } catch (err) {
    const field = err instanceof ApiError && err.code === 'CONFLICT_MOVED' ? (err.details as MovedDetails | undefined)?.field : undefined;
    if (!field || typeof field.value !== 'string' || typeof field.rev !== 'number') throw err;
    // Show the newer value and decide again: the conflict stays open, the cell keeps mine.
    const next = structuredClone(state);
    const conflict = next.conflicts.find((x) => x.id === conflictId)!;
    Object.assign(conflict, { theirs: field.value, serverRev: field.rev });
    (next.snapshot[rowId(c.measureKey, c.unitId)] ??= {})[c.field] = snapOf(field.value, field.rev);
    await s.write(sheet, [{ op: 'setting', key: s.stateKey, value: next }]);
    return { resolved: false, theirs: field.value, updatedBy: field.updatedBy ?? null };
  }
  const { state: after, write } = applyResolution(state, conflictId, res.field.value, res.field.rev);
  const current = new Map(sheet.read.rows.map((r) => [rowId(r.measureKey, r.unitId), { ...r.values }]));
  await writeBack(s, sheet, sheet.read, state, after, write ? [write] : [], current);
  return { resolved: true };
}
