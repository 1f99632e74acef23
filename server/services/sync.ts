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
import { batchText, MAX_BATCH_TEXT } from '../../shared/sync/change-batches';
import { cleanText, textProblem } from '../../shared/text/integrity';
import type { AppContext } from '../context';
import {
  fieldKeyString, valueAtKey, type ActorStamp, type ChangeRecord, type ConflictRow, type FieldKey, type FieldWrite, type ReadRepos,
  type StoredField, type Tx,
} from '../store/types';
import type { Actor } from './actor';
import { newId } from './ids';
import { getPlanIndex, type PlanIndex } from './plans';
import { Grouper, type GroupStats, type Outcome } from './sync-group';

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

/** Applies a batch in its own transaction: the batches of a period that arrive together share one
 * (sync-group.ts) — one set of reads and writes for the group; on SQLite its group commit then
 * shares the commit's fsync with every other transaction of the turn. */
export function applyChanges(ctx: AppContext, input: ApplyChangesInput): Promise<ChangesResponse> {
  return grouperOf(ctx).submit(input);
}

function applyAlone(ctx: AppContext, input: ApplyChangesInput): Promise<ChangesResponse> {
  return ctx.store.transaction((tx) => applyChangesInTx(ctx, tx, { ...input, ownTransaction: true }));
}

/** A group's bounds: batches per transaction, and all their text within one batch's cap (the work one group holds the event loop for). */
export const GROUP_MAX_INPUTS = 64;
const GROUP_MAX_CHANGES = 5000; // one request's limit (shared/api/sync.ts)
/** Groups of a period running at once: on SQLite one (one writer: a second could only wait, and it
 * grows meanwhile); on PostgreSQL two (one deciding while the other's COMMIT is on the wire). */
const groupMaxInFlight = (ctx: AppContext) => (ctx.store.dialect === 'sqlite' ? 1 : 2);

const groupers = new WeakMap<AppContext, Grouper<ApplyChangesInput, ChangesResponse>>();
function grouperOf(ctx: AppContext): Grouper<ApplyChangesInput, ChangesResponse> {
  let g = groupers.get(ctx);
  if (!g) {
    g = new Grouper<ApplyChangesInput, ChangesResponse>({
      key: (i) => i.periodId,
      // text, and the changes counted as text too (so a group stays within one request's count as well)
      weight: (i) => Math.max(batchText(i.changes), (i.changes.length * MAX_BATCH_TEXT) / GROUP_MAX_CHANGES),
      maxInputs: GROUP_MAX_INPUTS,
      maxWeight: MAX_BATCH_TEXT,
      maxInFlight: groupMaxInFlight(ctx),
      runGroup: (inputs) => ctx.store.transaction((tx) => mergeGroup(ctx, tx, inputs, { own: true, isolate: true })),
      runOne: (input) => applyAlone(ctx, input),
    });
    groupers.set(ctx, g);
  }
  return g;
}

/** What the grouper did in this context (tests, the bench). */
export function syncGroupStats(ctx: AppContext): GroupStats | undefined {
  return groupers.get(ctx)?.stats;
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
 * The merge path for one batch (`mergeGroup` with a group of one): lock (period shared, change ids,
 * fields) → read (change ids, period, plan version, fields, base revisions, submissions) → decide
 * each change (pure, shared/merge) → persist (conflicts, change results, then the accepted values
 * with history and cursors in one `entries.write`). Any refusal throws and writes nothing.
 */
export async function applyChangesInTx(ctx: AppContext, tx: Tx, input: ApplyChangesInput): Promise<ChangesResponse> {
  const [out] = await mergeGroup(ctx, tx, [input], { own: !!input.ownTransaction, isolate: false });
  if (!out.ok) throw out.error; // (not reached: a refusal throws when not isolated)
  return out.value;
}

/**
 * Batches of one period in one transaction, in the statements of one batch: one lock for the union
 * of their change ids and fields, the reads once for the union, each batch then checked and decided
 * in order against one shared state (a later batch sees the fields an earlier one accepted and the
 * change ids it stored, exactly as if it ran after it), and one set of writes for all of them. They
 * share the cursor: all entries of one transaction share its position.
 * `isolate`: a batch's own refusal (an AppError while checking it, before it decides anything) is its
 * outcome and the others go on; otherwise it throws. `own`: nothing follows the writes in this
 * transaction, so the COMMIT goes with them.
 */
export async function mergeGroup(
  ctx: AppContext, tx: Tx, inputs: readonly ApplyChangesInput[], opts: { own: boolean; isolate: boolean },
): Promise<Outcome<ChangesResponse>[]> {
  const { periodId } = inputs[0];
  if (inputs.some((i) => i.periodId !== periodId)) throw new Error('mergeGroup: one period per group');
  const all = inputs.length === 1 ? inputs[0].changes : inputs.flatMap((i) => i.changes);
  const keys = uniqueKeys(all);
  const ids = [...new Set(all.map((c) => c.changeId))];
  const unitIds = [...new Set(all.map((c) => c.unitId))];
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
  const hinted = !!period && period.planId === hint;
  if (period && !hinted) rememberPlan(ctx, period);
  let planRead: Promise<readonly [PlanIndex, Closure[]]> | undefined; // once per group, when a batch needs it
  const planOf = (p: Period): Promise<readonly [PlanIndex, Closure[]]> => {
    if (!hinted) return (planRead ??= inOrder([getPlanIndex(ctx, p.planId, tx), tx.closures.list(p.planId)] as const));
    return hintedPlan instanceof Error ? Promise.reject(hintedPlan) : Promise.resolve([hintedPlan as PlanIndex, hintedClosures!] as const);
  };

  // base values at other revisions than the current one (the current one is known; revisions
  // written earlier in this group are added as they are written) — a round trip only when a
  // client edited an older revision
  const read = (k: FieldKey): FieldState & { rev: number; value: string } => current.get(fieldKeyString(k)) ?? { value: '', rev: 0 };
  const older = all.filter((c) => !stored.has(c.changeId) && c.baseRev > 0 && c.baseRev !== read(c).rev).map((c) => ({ ...c, rev: c.baseRev }));
  const bases = older.length ? await tx.history.valuesAt(periodId, older) : new Map<string, string>();
  for (const k of keys) bases.set(valueAtKey(k, read(k).rev), read(k).value);

  const shared: Shared = { periodId, at: ctx.now().toISOString(), current, bases, submitted, writes: [], conflicts: [] };
  const known = new Map(stored); // change records: the stored ones, then the ones this group stores
  const knownUnits = new Set<string>();
  const records: ChangeRecord[] = [];
  const answers: Outcome<ChangeResult[]>[] = [];
  let since = performance.now();
  for (const input of inputs) {
    if (opts.isolate && performance.now() - since > YIELD_AFTER_MS) {
      await new Promise((r) => setImmediate(r)); // a long group does not hold the event loop (decisions are synchronous)
      since = performance.now();
    }
    let checked: Checked | ChangeResult[];
    try {
      checked = await checkBatch(tx, input, period, known, knownUnits, planOf);
    } catch (err) {
      if (!opts.isolate || !(err instanceof AppError)) throw err;
      answers.push({ ok: false, error: err }); // refused alone: it has decided nothing, so left no trace
      continue;
    }
    if (Array.isArray(checked)) {
      answers.push({ ok: true, value: checked });
      continue;
    }
    const out = decideBatch(shared, checked);
    for (const r of out.records) known.set(r.changeId, r);
    records.push(...out.records);
    answers.push({ ok: true, value: out.results });
  }
  // the writes go out together too, entries.write last (server/store/types.ts); when the group is
  // the whole transaction, its COMMIT goes with them
  const writing = [...shared.conflicts.map((cf) => tx.conflicts.insert(cf)), tx.changes.put(records), tx.entries.write(periodId, shared.writes)];
  if (opts.own) tx.commitWithIssued();
  const written = await inOrder(writing);
  const { cursor } = written[written.length - 1] as { cursor: number };
  return answers.map((a) => (a.ok ? { ok: true, value: { results: a.value, cursor } } : a));
}

/** Between batches of a group, the event loop gets a turn when the group has held it this long. */
const YIELD_AFTER_MS = 10;

/** A batch checked and ready to decide. */
interface Checked {
  input: ApplyChangesInput;
  plan: PlanIndex;
  closures: Closure[];
  late: boolean;
  prints: string[];
  /** What each change would store (files: cleaned). */
  values: string[];
  /** Retries (by index): answered from the stored result. */
  earlier: Map<number, ChangeResult>;
}

/**
 * Checks one batch against what is stored (and what earlier batches of its group store): its
 * answers when it is a pure retry, else what deciding it needs; throws its refusal. Changes nothing.
 */
async function checkBatch(
  tx: Tx, input: ApplyChangesInput, period: Period | undefined, known: ReadonlyMap<string, ChangeRecord>, knownUnits: Set<string>,
  planOf: (p: Period) => Promise<readonly [PlanIndex, Closure[]]>,
): Promise<Checked | ChangeResult[]> {
  const { periodId, changes, actor, source } = input;
  const prints = changes.map((c) => changePrint(periodId, c));
  // A pure retry (every change already applied) answers as the first time, even if the period has
  // closed since — the client must learn its changes went through.
  const replay = changes.map((c) => known.get(c.changeId));
  if (period && replay.every((r, i) => r && isRetryOf(r, prints[i], changes[i]))) return replay.map((r) => r!.result as ChangeResult);
  if (!period) throw new AppError('UNKNOWN_PERIOD', 404, periodId);
  const late = writeMode(period, actor, input.late);
  const [plan, closures] = await planOf(period);
  const cleans = FILE_SOURCES.has(source);

  // Validate the whole batch before deciding anything: a bad batch leaves the store (and its group) unchanged.
  const earlier = new Map<number, ChangeResult>();
  const values: string[] = [];
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
  return { input, plan, closures, late, prints, values, earlier };
}

/** Decides a checked batch against the shared state, which it updates: its results and change records. */
function decideBatch(s: Shared, b: Checked): { results: ChangeResult[]; records: ChangeRecord[] } {
  const { input, prints, values, earlier } = b;
  const batch: Batch = {
    ...s, plan: b.plan, closures: b.closures, late: b.late, actor: input.actor, source: input.source,
    declared: input.person?.trim() || null, budget: newMergeBudget(), // one merge budget per batch
  };
  const results: ChangeResult[] = [];
  const records: ChangeRecord[] = [];
  const done = new Map<string, { print: string; result: ChangeResult }>(); // ids seen in this batch
  for (const [i, c] of input.changes.entries()) {
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
    const result = decideOne(batch, { ...c, value });
    if (value !== c.value && result.outcome !== 'rejected') result.cleaned = true;
    records.push({ changeId: c.changeId, kind: 'change', unitId: c.unitId, periodId: input.periodId, fingerprint: prints[i], result, at: s.at });
    done.set(c.changeId, { print: prints[i], result });
    results.push(result);
  }
  return { results, records };
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

/** What a group's batches share: what was read, updated as they decide, and what they will write. */
interface Shared {
  periodId: string;
  at: string;
  /** The fields' state, updated as values are accepted (a later change of a field sees the earlier). */
  current: Map<string, StoredField>;
  /** Values at revisions (valueAtKey), including the ones the group writes. */
  bases: Map<string, string>;
  submitted: Map<string, unknown>;
  writes: FieldWrite[];
  conflicts: ConflictRow[];
}

/** One batch being decided: the shared state, and what is its own. */
interface Batch extends Shared {
  plan: PlanIndex;
  actor: Actor;
  source: Source;
  late: boolean;
  declared: string | null;
  /** 办结 entries of the plan: writes to them are refused (shared/cycle/closure.ts). */
  closures: Closure[];
  budget: MergeBudget;
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
