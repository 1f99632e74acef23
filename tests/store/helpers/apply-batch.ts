// The merge path over the store interface as phase B is to write it in server/services/sync.ts:
// lock → read (fixed number of queries) → decide (pure, shared/merge) → persist (conflicts, change
// results, then entries.write last). Used by the store contract tests under contention and by the
// store benchmark; not a service (no plan / assignment / closed-period checks here).
import type { ChangeResult, FieldChange } from '../../../shared/api/contract';
import { decideField } from '../../../shared/merge/decide';
import type { Source } from '../../../shared/model/progress';
import {
  fieldKeyString, valueAtKey, type ActorStamp, type ChangeRecord, type FieldKey, type FieldWrite, type Store, type Tx,
} from '../../../server/store/types';

export interface BatchInput {
  periodId: string;
  changes: FieldChange[];
  actor: ActorStamp;
  /** The code's holder (history's `by`). */
  by?: string;
  source?: Source;
  at?: string;
}

let conflictNo = 0;

export function applyBatch(store: Store, input: BatchInput): Promise<{ results: ChangeResult[]; cursor: number }> {
  return store.transaction((tx) => applyBatchInTx(tx, input));
}

export async function applyBatchInTx(tx: Tx, input: BatchInput): Promise<{ results: ChangeResult[]; cursor: number }> {
  const { periodId, changes, actor } = input;
  const at = input.at ?? new Date().toISOString();
  const by = input.by ?? '测试单位';
  const keys = uniqueKeys(changes);
  const ids = [...new Set(changes.map((c) => c.changeId))];
  // 1 statement: the period (shared), the change ids, the fields — then read what they guard
  await tx.lock({ period: { id: periodId, mode: 'shared' }, changeIds: ids, fields: { periodId, keys } });
  const stored = await tx.changes.get(ids);
  if (changes.every((c) => stored.has(c.changeId))) {
    return { results: changes.map((c) => stored.get(c.changeId)!.result as ChangeResult), cursor: await tx.history.cursor() };
  }
  const current = await tx.entries.fields(periodId, keys);
  // base values: known for the revision just read (and, below, for revisions written in this batch);
  // only an older base revision is looked up — one query for all of them
  const read = (c: FieldKey) => current.get(fieldKeyString(c)) ?? { value: '', rev: 0 };
  const older = changes.filter((c) => c.baseRev > 0 && c.baseRev < read(c).rev && c.value !== read(c).value);
  const bases = await tx.history.valuesAt(periodId, older.map((c) => ({ ...c, rev: c.baseRev })));
  for (const k of keys) bases.set(valueAtKey(k, read(k).rev), read(k).value);
  const submitted = await tx.submissions.many(periodId, [...new Set(changes.map((c) => c.unitId))]);

  const writes: FieldWrite[] = [];
  const records: ChangeRecord[] = [];
  const results: ChangeResult[] = [];
  const done = new Map<string, ChangeResult>();
  for (const c of changes) {
    const again = (stored.get(c.changeId)?.result as ChangeResult | undefined) ?? done.get(c.changeId);
    if (again) {
      results.push(again);
      continue;
    }
    const k = fieldKeyString(c);
    const cur = current.get(k) ?? { value: '', rev: 0 };
    const baseValue = bases.get(valueAtKey(c, c.baseRev)) ?? (c.baseRev === 0 ? '' : null);
    const d = decideField({ field: c.field, baseRev: c.baseRev, baseValue, currentRev: cur.rev, currentValue: cur.value, newValue: c.value });
    let result: ChangeResult;
    if (d.kind === 'unchanged') result = { changeId: c.changeId, outcome: 'unchanged', rev: cur.rev, value: cur.value };
    else if (d.kind === 'conflict') {
      const id = `cf-${process.pid}-${++conflictNo}`;
      await tx.conflicts.insert({
        id, periodId, measureKey: c.measureKey, unitId: c.unitId, field: c.field, baseValue: baseValue ?? '', serverValue: cur.value,
        serverRev: cur.rev, theirValue: c.value, source: input.source ?? 'addin', changeId: c.changeId, createdAt: at, createdBy: by,
        resolvedAt: null, resolvedBy: null, resolution: null,
      });
      result = { changeId: c.changeId, outcome: 'conflict', rev: cur.rev, value: cur.value, conflict: { id, serverValue: cur.value, serverRev: cur.rev, mine: c.value, baseValue: baseValue ?? '' } };
    } else {
      const rev = cur.rev + 1;
      writes.push({
        measureKey: c.measureKey, unitId: c.unitId, field: c.field, oldValue: cur.value, value: d.value, rev, at, by, actor,
        source: input.source ?? 'addin', late: false, autoMerged: d.kind === 'merged', changeId: c.changeId,
        changedAfterSubmit: submitted.has(c.unitId),
      });
      current.set(k, { value: d.value, rev, updatedAt: at, updatedBy: by }); // a later change of this field in the batch sees it
      bases.set(valueAtKey(c, rev), d.value);
      result = { changeId: c.changeId, outcome: d.kind === 'merged' ? 'merged' : 'accepted', rev, value: d.value };
    }
    records.push({ changeId: c.changeId, kind: 'change', result, unitId: c.unitId, periodId, fingerprint: null, at });
    done.set(c.changeId, result);
    results.push(result);
  }
  await tx.changes.put(records);
  const { cursor } = await tx.entries.write(periodId, writes); // last: takes the cursor lock on PostgreSQL
  return { results, cursor };
}

function uniqueKeys(changes: readonly FieldKey[]): FieldKey[] {
  const seen = new Map<string, FieldKey>();
  for (const c of changes) seen.set(fieldKeyString(c), { measureKey: c.measureKey, unitId: c.unitId, field: c.field });
  return [...seen.values()];
}
