// The one merge path: HTTP sync, the fill page, the console and returned workbooks all apply field
// changes through `applyChanges` (docs/rules.md). Per field, inside one transaction, the pure rule in
// shared/merge/decide.ts decides accept / unchanged / merged / conflict; accepted changes go to the
// append-only history under the actor the access code names; each change's result is stored under
// its client change id with a fingerprint of the change, so a retried batch applies once and gets
// the same answers, and the id reused for anything else is refused. Text is checked here for every
// path: refused from clients (INVALID_TEXT), cleaned and reported from files.
import { hash } from 'node:crypto';
import { SOURCES_BY_ROLE, type ChangeResult, type ChangesResponse, type EntriesResponse, type FieldChange } from '../../shared/api/contract';
import { refuseClosedWrite, type Closure } from '../../shared/cycle/closure';
import { decideField, newMergeBudget, type MergeBudget } from '../../shared/merge/decide';
import { AppError, ERRORS, type ErrorCode } from '../../shared/messages';
import { STATUSES, type FieldState, type Period, type Source } from '../../shared/model/progress';
import { cleanText, textProblem } from '../../shared/text/integrity';
import type { AppContext } from '../context';
import {
  fieldKeyString, valueAtKey, type ActorStamp, type ChangeRecord, type ConflictRow, type FieldKey, type FieldWrite, type ReadRepos,
  type StoredField, type Tx,
} from '../store/types';
import type { Actor } from './actor';
import { newId } from './ids';
import { getPlanIndex, type PlanIndex } from './plans';

export interface ApplyChangesInput {
  periodId: string;
  changes: FieldChange[];
  actor: Actor;
  source: Source;
  /** What the client says about the typing person: kept in history beside the actor, labelled as declared. */
  person?: string;
  /** Merge into a closed period (office only); implied when the period is closed. */
  late?: boolean;
  /** Set by applyChanges: nothing follows the batch's writes in its transaction. */
  ownTransaction?: boolean;
}

/** Sources whose text comes from files: cleaned and reported. Everything else is refused when unclean. */
const FILE_SOURCES: ReadonlySet<Source> = new Set(['workbook', 'import', 'carryover']);

/** Applies a batch in its own transaction. Concurrent requests share a commit (SQLite group commit). */
export function applyChanges(ctx: AppContext, input: ApplyChangesInput): Promise<ChangesResponse> {
  return ctx.store.transaction((tx) => applyChangesInTx(ctx, tx, { ...input, ownTransaction: true }));
}

function rejected(changeId: string, code: ErrorCode): ChangeResult {
  return { changeId, outcome: 'rejected', reason: { code, message: ERRORS[code] } };
}

export async function requirePeriod(db: ReadRepos, periodId: string): Promise<Period> {
  const period = await db.periods.get(periodId);
  if (!period) throw new AppError('UNKNOWN_PERIOD', 404, periodId);
  return period;
}

/** A unit may claim only its own clients' labels; carryover/import only the service writes. */
export function requireSource(actor: Actor, source: Source): void {
  if (!(SOURCES_BY_ROLE[actor.role] as readonly Source[]).includes(source)) throw new AppError('SOURCE_NOT_ALLOWED', 403, `source=${source}`);
}

/** What one change is: a stored record with another fingerprint was another change. */
export function fingerprint(...parts: (string | number)[]): string {
  // one-shot hash (Node ≥ 20.12): createHash built a Hash stream object per change, ~10 µs in a sync batch
  return hash('sha256', JSON.stringify(parts), 'base64url');
}

const changePrint = (periodId: string, c: FieldChange) => fingerprint('change', periodId, c.measureKey, c.unitId, c.field, c.baseRev, c.value);

/** Whether a stored record is this very change again (a retry). Older rows know only their unit. */
function isRetryOf(r: ChangeRecord, print: string, c: FieldChange): boolean {
  if (r.fingerprint !== null) return r.kind === 'change' && r.fingerprint === print;
  return r.kind !== 'resolve' && (r.unitId === null || r.unitId === c.unitId);
}

/** Whether this actor may write to the period now, and whether the write counts as late. */
function writeMode(period: Period, actor: Actor, late?: boolean): boolean {
  if (period.state === 'closed') {
    if (actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    return true;
  }
  return !!late;
}

/** The stamp history keeps of who acted (from the access code). */
export const stampOf = (a: Actor): ActorStamp => ({ codeId: a.codeId, role: a.role });

/**
 * The merge path, in a fixed number of statements per batch: lock (period shared, change ids,
 * fields) → read (change ids, period, plan version, fields, base revisions, submissions) →
 * decide each change (pure, shared/merge) → persist (conflicts, change results, then the
 * accepted values with history and cursors in one `entries.write`).
 */
export async function applyChangesInTx(ctx: AppContext, tx: Tx, input: ApplyChangesInput): Promise<ChangesResponse> {
  const { periodId, changes, actor, source } = input;
  const prints = changes.map((c) => changePrint(periodId, c));
  const keys = uniqueKeys(changes);
  const ids = [...new Set(changes.map((c) => c.changeId))];
  const unitIds = [...new Set(changes.map((c) => c.unitId))];
  // The lock and every read that does not depend on another go out together (PostgreSQL pipelines
  // them on the transaction's connection: one round trip; the server still runs them in this order,
  // so each read's snapshot is taken after the lock is held). Errors are raised in this order too.
  // The plan this process last saw the period in (a period never changes plans): its plan and 办结
  // list are then read together with the period instead of after it; a wrong hint only costs the reads again.
  const hint = periodPlans(ctx).get(periodId);
  const [, stored, period, current, submitted, hintedPlan, hintedClosures] = await inOrder([
    tx.lock({ period: { id: periodId, mode: 'shared' }, changeIds: ids, fields: { periodId, keys } }),
    tx.changes.get(ids),
    tx.periods.get(periodId),
    tx.entries.fields(periodId, keys),
    tx.submissions.many(periodId, unitIds),
    hint ? getPlanIndex(ctx, hint, tx).catch((err: unknown) => err as Error) : undefined,
    hint ? tx.closures.list(hint) : undefined,
  ] as const);
  // A pure retry (every change already applied) answers as the first time, even if the period has
  // closed since — the client must learn its changes went through.
  const replay = changes.map((c) => stored.get(c.changeId));
  if (period && replay.every((r, i) => r && isRetryOf(r, prints[i], changes[i]))) {
    return { results: replay.map((r) => r!.result as ChangeResult), cursor: await tx.history.cursor() };
  }
  if (!period) throw new AppError('UNKNOWN_PERIOD', 404, periodId);
  const late = writeMode(period, actor, input.late);
  const hinted = period.planId === hint;
  if (!hinted) rememberPlan(ctx, period);
  if (hinted && hintedPlan instanceof Error) throw hintedPlan;
  const [plan, closures] = hinted
    ? [hintedPlan as PlanIndex, hintedClosures!]
    : await inOrder([getPlanIndex(ctx, period.planId, tx), tx.closures.list(period.planId)] as const);
  const cleans = FILE_SOURCES.has(source);

  // Validate the whole batch before writing anything: a bad batch leaves the store unchanged.
  const earlier = new Map<number, ChangeResult>(); // retries (by index): answered from the stored result
  const values: string[] = []; // what each change would store (files: cleaned)
  const knownUnits = new Set<string>();
  for (const [i, c] of changes.entries()) {
    const r = replay[i];
    if (r) {
      // a retry answers as the first time; the id used for any other change is refused
      earlier.set(i, isRetryOf(r, prints[i], c) ? (r.result as ChangeResult) : rejected(c.changeId, 'DUPLICATE_CHANGE_ID'));
      continue;
    }
    if (!plan.measures.has(c.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, c.measureKey);
    if (!knownUnits.has(c.unitId)) {
      if (!(await tx.units.get(c.unitId))) throw new AppError('UNKNOWN_UNIT', 400, c.unitId);
      knownUnits.add(c.unitId);
    }
    if (actor.role === 'unit' && c.unitId !== actor.unitId) throw new AppError('NOT_YOUR_ENTRY', 403, c.unitId);
    const bad = cleans ? null : textProblem(c.value);
    if (bad) throw new AppError('INVALID_TEXT', 400, `changes[${i}].value 第 ${bad.index + 1} 个字符 ${bad.char}`);
    values[i] = cleans ? cleanText(c.value) : c.value;
  }

  // base values at other revisions than the current one (the current one is known; revisions
  // written earlier in this batch are added as they are written) — a round trip only when a
  // client edited an older revision
  const fresh = changes.filter((_, i) => !earlier.has(i));
  const read = (k: FieldKey): FieldState & { rev: number; value: string } => current.get(fieldKeyString(k)) ?? { value: '', rev: 0 };
  const older = fresh.filter((c) => c.baseRev > 0 && c.baseRev !== read(c).rev).map((c) => ({ ...c, rev: c.baseRev }));
  const bases = older.length ? await tx.history.valuesAt(periodId, older) : new Map<string, string>();
  for (const k of keys) bases.set(valueAtKey(k, read(k).rev), read(k).value);

  const at = ctx.now().toISOString();
  const state: Batch = {
    periodId, plan, actor, source, late, at, declared: input.person?.trim() || null, current, bases, submitted, closures,
    budget: newMergeBudget(), writes: [], conflicts: [],
  };
  const results: ChangeResult[] = [];
  const records: ChangeRecord[] = [];
  const done = new Map<string, { print: string; result: ChangeResult }>(); // ids seen in this batch
  for (const [i, c] of changes.entries()) {
    const again = earlier.get(i);
    if (again) {
      results.push(again);
      continue;
    }
    // the same id twice in one batch: the same change again is a retry, anything else is refused
    const twin = done.get(c.changeId);
    if (twin) {
      results.push(twin.print === prints[i] ? twin.result : rejected(c.changeId, 'DUPLICATE_CHANGE_ID'));
      continue;
    }
    const value = values[i];
    const result = decideOne(state, { ...c, value });
    if (value !== c.value && result.outcome !== 'rejected') result.cleaned = true;
    records.push({ changeId: c.changeId, kind: 'change', unitId: c.unitId, periodId, fingerprint: prints[i], result, at });
    done.set(c.changeId, { print: prints[i], result });
    results.push(result);
  }
  // the writes go out together too, entries.write last (server/store/types.ts); when this batch is
  // the whole transaction, its COMMIT goes with them
  const writing = [...state.conflicts.map((cf) => tx.conflicts.insert(cf)), tx.changes.put(records), tx.entries.write(periodId, state.writes)];
  if (input.ownTransaction) tx.commitWithIssued();
  const written = await inOrder(writing);
  const { cursor } = written[written.length - 1] as { cursor: number };
  return { results, cursor };
}

// period → plan, as last read in a transaction: only a hint (checked against the period read)
const planOfPeriod = new WeakMap<AppContext, Map<string, string>>();
function periodPlans(ctx: AppContext): Map<string, string> {
  let m = planOfPeriod.get(ctx);
  if (!m) planOfPeriod.set(ctx, (m = new Map()));
  return m;
}
function rememberPlan(ctx: AppContext, period: Period): void {
  const m = periodPlans(ctx);
  if (m.size >= 1000) m.clear(); // bounded; a miss only costs one round trip
  m.set(period.id, period.planId);
}

/**
 * Awaits statements issued together; the first to fail *in this order* is the error (not the
 * first to fail in time), so a batch fails as it would have one statement at a time.
 */
async function inOrder<T extends readonly unknown[]>(ps: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(ps);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

function uniqueKeys(changes: readonly FieldKey[]): FieldKey[] {
  const seen = new Map<string, FieldKey>();
  for (const c of changes) seen.set(fieldKeyString(c), { measureKey: c.measureKey, unitId: c.unitId, field: c.field });
  return [...seen.values()];
}

/** A batch being decided: what was read, and what it will write. */
interface Batch {
  periodId: string;
  plan: PlanIndex;
  actor: Actor;
  source: Source;
  late: boolean;
  at: string;
  declared: string | null;
  /** The fields' state, updated as the batch accepts values (a later change of a field sees the earlier). */
  current: Map<string, StoredField>;
  /** Values at revisions (valueAtKey), including the ones this batch writes. */
  bases: Map<string, string>;
  submitted: Map<string, unknown>;
  /** 办结 entries of the plan: writes to them are refused (shared/cycle/closure.ts). */
  closures: Closure[];
  budget: MergeBudget;
  writes: FieldWrite[];
  conflicts: ConflictRow[];
}

/** One change against the batch's state: its result, and what it adds to the writes or conflicts. */
function decideOne(b: Batch, c: FieldChange): ChangeResult {
  if (!b.plan.measures.get(c.measureKey)!.unitIds.has(c.unitId)) return rejected(c.changeId, 'NOT_ASSIGNED');
  if (c.field === 'status' && c.value !== '' && !(STATUSES as readonly string[]).includes(c.value)) {
    return rejected(c.changeId, 'INVALID_STATUS');
  }
  const k = fieldKeyString(c);
  const cur = b.current.get(k) ?? { value: '', rev: 0 };
  const needsBase = c.value !== cur.value && c.baseRev !== cur.rev;
  const baseValue = needsBase ? (c.baseRev === 0 ? '' : (b.bases.get(valueAtKey(c, c.baseRev)) ?? null)) : cur.value;
  const d = decideField({ field: c.field, baseRev: c.baseRev, baseValue, currentRev: cur.rev, currentValue: cur.value, newValue: c.value }, b.budget);

  if (d.kind === 'unchanged') return { changeId: c.changeId, outcome: 'unchanged', rev: cur.rev, value: cur.value };
  // 办结: the same text again is harmless (a returned template's untouched row); anything else is refused
  const closed = refuseClosedWrite(b.closures, c.measureKey, c.unitId, b.source);
  if (closed) return rejected(c.changeId, closed);
  if (d.kind === 'conflict') {
    const id = newId('cf');
    b.conflicts.push({
      id, periodId: b.periodId, measureKey: c.measureKey, unitId: c.unitId, field: c.field,
      baseValue: baseValue ?? '', serverValue: cur.value, serverRev: cur.rev, theirValue: c.value,
      source: b.source, changeId: c.changeId, createdAt: b.at, createdBy: b.actor.label,
      resolvedAt: null, resolvedBy: null, resolution: null,
    });
    return {
      changeId: c.changeId, outcome: 'conflict', rev: cur.rev, value: cur.value,
      conflict: { id, serverValue: cur.value, serverRev: cur.rev, mine: c.value, baseValue: baseValue ?? '' },
    };
  }
  const rev = cur.rev + 1;
  const autoMerged = d.kind === 'merged';
  b.writes.push({
    measureKey: c.measureKey, unitId: c.unitId, field: c.field, oldValue: cur.value, value: d.value, rev, at: b.at, by: b.actor.label,
    actor: stampOf(b.actor), declaredPerson: b.declared, source: b.source, late: b.late, autoMerged, changeId: c.changeId,
    changedAfterSubmit: b.source !== 'carryover' && b.submitted.has(c.unitId),
  });
  const next: StoredField = { value: d.value, rev, updatedAt: b.at, updatedBy: b.actor.label };
  if (autoMerged) next.autoMerged = true;
  b.current.set(k, next);
  b.bases.set(valueAtKey(c, rev), d.value);
  return { changeId: c.changeId, outcome: autoMerged ? 'merged' : 'accepted', rev, value: d.value };
}

/** The current state of one field (value '' rev 0 when never written). */
export async function currentField(db: ReadRepos, periodId: string, key: FieldKey): Promise<FieldState> {
  return (await db.entries.field(periodId, key)) ?? { value: '', rev: 0 };
}

/** Delta pull: the period's entries changed after `since`; a unit sees only its own measures' entries. */
export async function pullEntries(ctx: AppContext, periodId: string, since: number, actor: Actor, unitFilter?: string): Promise<EntriesResponse> {
  const period = await requirePeriod(ctx.store, periodId);
  if (!Number.isInteger(since) || since < 0) throw new AppError('STALE_CURSOR', 409, `since=${since}`);
  const pulled = await ctx.store.entries.pull(periodId, since);
  const { cursor } = pulled;
  if (since > cursor) throw new AppError('STALE_CURSOR', 409, `since=${since}`);
  let { entries } = pulled;
  if (actor.role === 'unit') {
    const mine = new Set((await getPlanIndex(ctx, period.planId)).measuresOfUnit.get(actor.unitId!) ?? []);
    entries = entries.filter((e) => mine.has(e.measureKey));
  }
  if (unitFilter) entries = entries.filter((e) => e.unitId === unitFilter);
  return { cursor, entries, full: since === 0 };
}
