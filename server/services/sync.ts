// The one merge path: HTTP sync, the fill page, the console and returned workbooks all apply field
// changes through `applyChanges` (docs/rules.md). Per field, inside one transaction, the pure rule in
// shared/merge/decide.ts decides accept / unchanged / merged / conflict; accepted changes go to the
// append-only history under the actor the access code names; each change's result is stored under
// its client change id with a fingerprint of the change, so a retried batch applies once and gets
// the same answers, and the id reused for anything else is refused. Text is checked here for every
// path: refused from clients (INVALID_TEXT), cleaned and reported from files.
import { createHash } from 'node:crypto';
import { SOURCES_BY_ROLE, type ChangeResult, type ChangesResponse, type EntriesResponse, type FieldChange } from '../../shared/api/contract';
import { decideField, newMergeBudget, type MergeBudget } from '../../shared/merge/decide';
import { AppError, ERRORS, type ErrorCode } from '../../shared/messages';
import { STATUSES, type Field, type FieldState, type Source } from '../../shared/model/progress';
import { cleanText, textProblem } from '../../shared/text/integrity';
import type { AppContext } from '../context';
import type { ChangeRecord } from '../store';
import type { Actor } from './actor';
import { newId } from './ids';
import { getPlanIndex } from './plans';

export interface ApplyChangesInput {
  periodId: string;
  changes: FieldChange[];
  actor: Actor;
  source: Source;
  /** What the client says about the typing person: kept in history beside the actor, labelled as declared. */
  person?: string;
  /** Merge into a closed period (office only); implied when the period is closed. */
  late?: boolean;
}

/** Sources whose text comes from files: cleaned and reported. Everything else is refused when unclean. */
const FILE_SOURCES: ReadonlySet<Source> = new Set(['workbook', 'import', 'carryover']);

/** Applies a batch in its own transaction (a savepoint when called inside one). */
export function applyChanges(ctx: AppContext, input: ApplyChangesInput): ChangesResponse {
  return ctx.store.transaction(() => applyChangesInTx(ctx, input));
}

/** The same, through the store's group commit (HTTP handlers: concurrent requests share a commit). */
export function applyChangesQueued(ctx: AppContext, input: ApplyChangesInput): Promise<ChangesResponse> {
  return ctx.store.enqueue(() => applyChangesInTx(ctx, input));
}

function rejected(changeId: string, code: ErrorCode): ChangeResult {
  return { changeId, outcome: 'rejected', reason: { code, message: ERRORS[code] } };
}

export function requirePeriod(ctx: AppContext, periodId: string) {
  const period = ctx.store.getPeriod(periodId);
  if (!period) throw new AppError('UNKNOWN_PERIOD', 404, periodId);
  return period;
}

/** A unit may claim only its own clients' labels; carryover/import only the service writes. */
export function requireSource(actor: Actor, source: Source): void {
  if (!(SOURCES_BY_ROLE[actor.role] as readonly Source[]).includes(source)) throw new AppError('SOURCE_NOT_ALLOWED', 403, `source=${source}`);
}

/** What one change is: a stored record with another fingerprint was another change. */
export function fingerprint(...parts: (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

const changePrint = (periodId: string, c: FieldChange) => fingerprint('change', periodId, c.measureKey, c.unitId, c.field, c.baseRev, c.value);

/** Whether a stored record is this very change again (a retry). Older rows know only their unit. */
function isRetryOf(r: ChangeRecord, print: string, c: FieldChange): boolean {
  if (r.fingerprint !== null) return r.kind === 'change' && r.fingerprint === print;
  return r.kind !== 'resolve' && (r.unitId === null || r.unitId === c.unitId);
}

/** The period, if this actor may write to it now, and whether the write counts as late. */
function writeMode(ctx: AppContext, periodId: string, actor: Actor, late?: boolean) {
  const period = requirePeriod(ctx, periodId);
  if (period.state === 'closed') {
    if (actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    return { period, late: true };
  }
  return { period, late: !!late };
}

function applyChangesInTx(ctx: AppContext, input: ApplyChangesInput): ChangesResponse {
  const { store } = ctx;
  const { periodId, changes, actor, source } = input;
  const prints = changes.map((c) => changePrint(periodId, c));
  // A pure retry (every change already applied) answers as the first time, even if the period has
  // closed since — the client must learn its changes went through.
  const replay = changes.map((c) => store.getChangeRecord(c.changeId));
  if (replay.every((r, i) => r && isRetryOf(r, prints[i], changes[i])) && store.getPeriod(periodId)) {
    return { results: replay.map((r) => r!.result as ChangeResult), cursor: store.currentSeq() };
  }
  const { period, late } = writeMode(ctx, periodId, actor, input.late);
  const plan = getPlanIndex(ctx, period.planId);
  const cleans = FILE_SOURCES.has(source);

  // Validate the whole batch before writing anything: a bad batch leaves the store unchanged.
  const earlier = new Map<number, ChangeResult>(); // retries (by index): answered from the stored result
  const values: string[] = []; // what each change would store (files: cleaned)
  const knownUnits = new Set<string>();
  for (const [i, c] of changes.entries()) {
    const stored = replay[i];
    if (stored) {
      // a retry answers as the first time; the id used for any other change is refused
      earlier.set(i, isRetryOf(stored, prints[i], c) ? (stored.result as ChangeResult) : rejected(c.changeId, 'DUPLICATE_CHANGE_ID'));
      continue;
    }
    if (!plan.measures.has(c.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, c.measureKey);
    if (!knownUnits.has(c.unitId)) {
      if (!store.getUnit(c.unitId)) throw new AppError('UNKNOWN_UNIT', 400, c.unitId);
      knownUnits.add(c.unitId);
    }
    if (actor.role === 'unit' && c.unitId !== actor.unitId) throw new AppError('NOT_YOUR_ENTRY', 403, c.unitId);
    const bad = cleans ? null : textProblem(c.value);
    if (bad) throw new AppError('INVALID_TEXT', 400, `changes[${i}].value 第 ${bad.index + 1} 个字符 ${bad.char}`);
    values[i] = cleans ? cleanText(c.value) : c.value;
  }

  const at = ctx.now().toISOString();
  const declared = input.person?.trim() || null;
  const submitted = new Map<string, boolean>();
  const touched: Touched = new Map();
  const budget = newMergeBudget();
  const results: ChangeResult[] = [];
  const done = new Map<string, { print: string; result: ChangeResult }>(); // ids seen in this batch
  for (const [i, c] of changes.entries()) {
    const stored = earlier.get(i);
    if (stored) {
      results.push(stored);
      continue;
    }
    // the same id twice in one batch: the same change again is a retry, anything else is refused
    const twin = done.get(c.changeId);
    if (twin) {
      results.push(twin.print === prints[i] ? twin.result : rejected(c.changeId, 'DUPLICATE_CHANGE_ID'));
      continue;
    }
    const value = values[i];
    const result = applyOne(ctx, { periodId, change: { ...c, value }, plan, actor, source, late, at, declared, submitted, touched, budget });
    if (value !== c.value && result.outcome !== 'rejected') result.cleaned = true;
    store.putChangeRecord(c.changeId, { kind: 'change', unitId: c.unitId, periodId, fingerprint: prints[i], result }, at);
    done.set(c.changeId, { print: prints[i], result });
    results.push(result);
  }
  touchEntries(ctx, periodId, touched);
  return { results, cursor: store.currentSeq() };
}

interface OneInput {
  periodId: string;
  change: FieldChange;
  plan: ReturnType<typeof getPlanIndex>;
  actor: Actor;
  source: Source;
  late: boolean;
  at: string;
  declared: string | null;
  submitted: Map<string, boolean>;
  touched: Touched;
  budget: MergeBudget;
}

function applyOne(ctx: AppContext, o: OneInput): ChangeResult {
  const { store } = ctx;
  const { periodId, change: c } = o;
  if (!o.plan.measures.get(c.measureKey)!.unitIds.has(c.unitId)) return rejected(c.changeId, 'NOT_ASSIGNED');
  if (c.field === 'status' && c.value !== '' && !(STATUSES as readonly string[]).includes(c.value)) {
    return rejected(c.changeId, 'INVALID_STATUS');
  }
  const cur = store.getField(periodId, c.measureKey, c.unitId, c.field) ?? { value: '', rev: 0 };
  const needsBase = c.value !== cur.value && c.baseRev !== cur.rev;
  const baseValue = needsBase ? store.valueAtRev(periodId, c.measureKey, c.unitId, c.field, c.baseRev) : cur.value;
  const d = decideField({ field: c.field, baseRev: c.baseRev, baseValue, currentRev: cur.rev, currentValue: cur.value, newValue: c.value }, o.budget);

  if (d.kind === 'unchanged') return { changeId: c.changeId, outcome: 'unchanged', rev: cur.rev, value: cur.value };
  if (d.kind === 'conflict') {
    const id = newId('cf');
    store.insertConflict({
      id, periodId, measureKey: c.measureKey, unitId: c.unitId, field: c.field,
      baseValue: baseValue ?? '', serverValue: cur.value, serverRev: cur.rev, theirValue: c.value,
      source: o.source, changeId: c.changeId, createdAt: o.at, createdBy: o.actor.label,
      resolvedAt: null, resolvedBy: null, resolution: null,
    });
    return {
      changeId: c.changeId, outcome: 'conflict', rev: cur.rev, value: cur.value,
      conflict: { id, serverValue: cur.value, serverRev: cur.rev, mine: c.value, baseValue: baseValue ?? '' },
    };
  }
  const rev = writeField(ctx, {
    periodId, measureKey: c.measureKey, unitId: c.unitId, field: c.field, oldValue: cur.value, value: d.value,
    rev: cur.rev + 1, at: o.at, actor: o.actor, declared: o.declared, source: o.source, late: o.late,
    autoMerged: d.kind === 'merged', changeId: c.changeId, submitted: o.submitted, touched: o.touched,
  });
  return { changeId: c.changeId, outcome: d.kind === 'merged' ? 'merged' : 'accepted', rev, value: d.value };
}

interface WriteInput {
  periodId: string; measureKey: string; unitId: string; field: Field; oldValue: string; value: string; rev: number;
  /** History's `by` is always the actor's label (from the access code); `declared` is what the client said about the typing person. */
  at: string; actor: Actor; declared?: string | null; source: Source; late: boolean; autoMerged: boolean; changeId: string;
  submitted?: Map<string, boolean>;
  /** When given, the entry's cursor is collected here and set by touchEntries (once per entry per batch). */
  touched?: Touched;
}

/** Entries written in a batch: measure\0unit → the entry's latest seq and whether it changed after 报送. */
type Touched = Map<string, { measureKey: string; unitId: string; seq: number; afterSubmit: boolean }>;

function touchEntries(ctx: AppContext, periodId: string, touched: Touched): void {
  for (const t of touched.values()) ctx.store.touchEntry(periodId, t.measureKey, t.unitId, t.seq, t.afterSubmit);
}

/** Writes one field value: history first (its seq is the entry's new cursor), then the current state. */
export function writeField(ctx: AppContext, w: WriteInput): number {
  const { store } = ctx;
  const by = w.actor.label;
  const seq = store.appendHistory({
    periodId: w.periodId, measureKey: w.measureKey, unitId: w.unitId, field: w.field, oldValue: w.oldValue,
    newValue: w.value, rev: w.rev, at: w.at, by, codeId: w.actor.codeId, role: w.actor.role, declaredPerson: w.declared ?? null,
    source: w.source, late: w.late, autoMerged: w.autoMerged, changeId: w.changeId,
  });
  store.putField(w.periodId, w.measureKey, w.unitId, w.field, { value: w.value, rev: w.rev, updatedAt: w.at, updatedBy: by, autoMerged: w.autoMerged });
  let afterSubmit = w.submitted?.get(w.unitId);
  if (afterSubmit === undefined) {
    afterSubmit = w.source !== 'carryover' && !!store.getSubmission(w.periodId, w.unitId);
    w.submitted?.set(w.unitId, afterSubmit);
  }
  if (!w.touched) store.touchEntry(w.periodId, w.measureKey, w.unitId, seq, afterSubmit);
  else {
    const key = `${w.measureKey}\u0000${w.unitId}`;
    const t = w.touched.get(key);
    if (t) {
      t.seq = seq; // history seqs only grow: the last write is the entry's cursor
      t.afterSubmit ||= afterSubmit;
    } else w.touched.set(key, { measureKey: w.measureKey, unitId: w.unitId, seq, afterSubmit });
  }
  return w.rev;
}

/** The value a field had at revision `rev` ('' for 0 or an unknown revision). */
export function valueAtRev(ctx: AppContext, periodId: string, measureKey: string, unitId: string, field: Field, rev: number): string {
  return ctx.store.valueAtRev(periodId, measureKey, unitId, field, rev) ?? '';
}

/** Like valueAtRev, but null when the server has no such revision (e.g. a workbook from another server). */
export function findValueAtRev(ctx: AppContext, periodId: string, measureKey: string, unitId: string, field: Field, rev: number): string | null {
  return ctx.store.valueAtRev(periodId, measureKey, unitId, field, rev);
}

/** The current state of one field (value '' rev 0 when never written). */
export function currentField(ctx: AppContext, periodId: string, measureKey: string, unitId: string, field: Field): FieldState {
  return ctx.store.getField(periodId, measureKey, unitId, field) ?? { value: '', rev: 0 };
}

/** Delta pull: the period's entries changed after `since`; a unit sees only its own measures' entries. */
export function pullEntries(ctx: AppContext, periodId: string, since: number, actor: Actor, unitFilter?: string): EntriesResponse {
  const period = requirePeriod(ctx, periodId);
  const cursor = ctx.store.currentSeq();
  if (!Number.isInteger(since) || since < 0 || since > cursor) throw new AppError('STALE_CURSOR', 409, `since=${since}`);
  let entries = ctx.store.listEntries(periodId, since);
  if (actor.role === 'unit') {
    const mine = new Set(getPlanIndex(ctx, period.planId).measuresOfUnit.get(actor.unitId!) ?? []);
    entries = entries.filter((e) => mine.has(e.measureKey));
  }
  if (unitFilter) entries = entries.filter((e) => e.unitId === unitFilter);
  return { cursor, entries, full: since === 0 };
}
