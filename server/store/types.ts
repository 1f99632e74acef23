// The store seam: what services and routes may ask of the database, one interface per aggregate,
// implemented by the SQLite backend (server/store/sqlite.ts) and the PostgreSQL backend
// (server/store/postgres.ts). Everything is async; reads on `Store` see committed data only;
// every write happens inside `store.transaction(async (tx) => …)` through the transaction-bound `Tx`.
//
// Rules a caller must keep (both backends rely on them):
//  - A transaction's callback may run more than once on PostgreSQL (retried after a deadlock or
//    serialization failure): no side effects outside `tx` (use `tx.afterCommit` for those).
//  - Inside a callback, await only `tx` (never a timer, a file or the network): on SQLite the
//    callback runs inside a shared group-commit transaction and holds it for everybody.
//  - Call `tx.lock(...)` once, before reading what you decide on (fields, change ids, the period):
//    on PostgreSQL it takes every lock in one sorted statement (no deadlock between two such
//    transactions); on SQLite it is a no-op (one writer).
//  - `tx.entries.write` last (after conflicts and change results): it writes the rows other
//    writers of the same entries then wait for until commit.
import type { Plan, Unit } from '../../shared/model/plan';
import type { Entry, Field, FieldState, Period, Source } from '../../shared/model/progress';
import type { Conflict } from '../../shared/api/contract';
import type { Liaison } from '../../shared/cycle/liaison';
import type { ReviewStep } from '../../shared/cycle/review';
import type { Extension } from '../../shared/cycle/extension';
import type { Closure } from '../../shared/cycle/closure';
import type { EvidenceKind } from '../../shared/cycle/evidence-name';

export type Dialect = 'sqlite' | 'postgres';

// ── rows ──────────────────────────────────────────────────────────────────
export type StoredField = FieldState & { value: string; rev: number };

/** One field of one entry of a period. */
export interface FieldKey {
  measureKey: string;
  unitId: string;
  field: Field;
}

/** Map key of a FieldKey (measure \0 unit \0 field). */
export const fieldKeyString = (k: FieldKey): string => `${k.measureKey}\u0000${k.unitId}\u0000${k.field}`;
/** Map key of an entry (measure \0 unit). */
export const entryKeyString = (k: { measureKey: string; unitId: string }): string => `${k.measureKey}\u0000${k.unitId}`;

/** Who really acted, from the access code (the holder's name goes in `by`). */
export interface ActorStamp {
  /** Access code id; null for the server console. */
  codeId: string | null;
  role: 'unit' | 'coordinator';
}

export interface HistoryRow {
  seq: number;
  periodId: string;
  measureKey: string;
  unitId: string;
  field: Field;
  oldValue: string;
  newValue: string;
  rev: number;
  at: string;
  /** The code's holder (its person, else the unit, else 协调办公室). */
  by: string;
  codeId: string | null;
  /** null on rows written before schema 3. */
  role: ActorStamp['role'] | null;
  /** What the client declared about the typing person (not verified), null when it said nothing. */
  declaredPerson: string | null;
  source: Source;
  late: boolean;
  autoMerged: boolean;
  changeId: string;
}

/** One accepted field value: history row + the field's new state + the entry's cursor, written together. */
export interface FieldWrite extends FieldKey {
  oldValue: string;
  value: string;
  rev: number;
  at: string;
  by: string;
  actor: ActorStamp;
  declaredPerson?: string | null;
  source: Source;
  late: boolean;
  autoMerged: boolean;
  changeId: string;
  /** The entry changed after the unit's 报送 (ORed into the entry's flag). */
  changedAfterSubmit: boolean;
}

export interface PlanRow {
  id: string;
  title: string;
  version: number;
  active: boolean;
  importedAt: string;
  updatedAt: string;
  plan: Plan;
}
export type PlanListRow = Omit<PlanRow, 'plan'>;
export interface PlanVersionRow {
  planId: string;
  version: number;
  plan: Plan;
  at: string;
  by: string;
  note: string;
}

export type PeriodEventKind = 'open' | 'close' | 'reopen';
export interface PeriodEvent {
  kind: string;
  at: string;
  by: string;
}
export interface PeriodPatch {
  name?: string;
  deadline?: string | null;
  state?: Period['state'];
  closedAt?: string | null;
}

export type ConflictRow = Omit<Conflict, 'measureNo'> & { changeId: string };

/** What a change id was used for and answered the first time (a retry must match it). */
export interface ChangeRecord {
  changeId: string;
  /** null: written before schema 3. */
  kind: 'change' | 'resolve' | null;
  /** A field change's ChangeResult, or a resolution's answer. */
  result: unknown;
  /** The entry's unit (null: written before schema 2). */
  unitId: string | null;
  /** null: written before schema 3. */
  periodId: string | null;
  /** A digest of the change's payload (null: written before schema 3). */
  fingerprint: string | null;
  at: string;
}

export interface AccessCodeRow {
  id: string;
  unitId: string | null;
  role: 'unit' | 'coordinator';
  person: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface Submission {
  submittedAt: string;
  by: string;
  /** 审签: who signed it off inside the unit (null: submitted before schema 5). */
  signedBy: string | null;
}

// ── the 督办 cycle (schema 5) ──
export interface LiaisonRow extends Liaison {
  unitId: string;
  updatedAt: string;
  updatedBy: string;
}

/** A review step as recorded: who acted (the code) beside what the step was. */
export type ReviewStepRow = ReviewStep & { id: number; periodId: string; unitId: string; codeId: string | null };
export type NewReviewStep = ReviewStep & { periodId: string; unitId: string; codeId: string | null };

export type ExtensionDecision = Pick<Extension, 'state' | 'decidedAt' | 'decidedBy' | 'grantedDeadline' | 'note'>;

export interface ClosureEvent {
  planId: string;
  measureKey: string;
  unitId: string;
  periodId: string;
  kind: 'close' | 'reopen';
  at: string;
  by: string;
  note: string;
}

/** The evidence file kinds accepted (checked by content: server/services/cycle/evidence-type.ts). */
export type { EvidenceKind };
export interface EvidenceRow {
  id: string;
  periodId: string;
  measureKey: string;
  unitId: string;
  /** The sanitised file name shown and offered on download. */
  name: string;
  kind: EvidenceKind;
  size: number;
  sha256: string;
  createdAt: string;
  createdBy: string;
  codeId: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
}
export interface EvidenceFilter {
  measureKey?: string;
  unitId?: string;
  /** Include removed files (the record of what was there). */
  withDeleted?: boolean;
}

export interface HistoryFilter {
  measureKey?: string;
  unitId?: string;
  field?: Field;
  /** Only these measures (a unit's view). */
  measureKeys?: readonly string[];
}

export interface HistoryPage {
  items: HistoryRow[];
  /** Pass as `after` for the next page; null when this was the last one. */
  next: number | null;
}

// ── aggregates: reads (on Store and Tx) ─────────────────────────────────────
export interface UnitsRead {
  get(id: string): Promise<Unit | undefined>;
  /** In registration order. */
  list(): Promise<Unit[]>;
}
export interface PlansRead {
  get(id: string): Promise<PlanRow | undefined>;
  /** The plan's current version (cheap: callers cache the parsed plan by it). */
  version(id: string): Promise<number | undefined>;
  list(): Promise<PlanListRow[]>;
  versions(id: string): Promise<PlanVersionRow[]>;
}
export interface PeriodsRead {
  get(id: string): Promise<Period | undefined>;
  /** In opening order. */
  list(): Promise<Period[]>;
  /** The most recently opened period of a plan. */
  lastOfPlan(planId: string): Promise<Period | undefined>;
  snapshot<T>(id: string): Promise<T | null>;
  events(periodId: string): Promise<PeriodEvent[]>;
}
export interface EntriesRead {
  /** The current state of these fields (one query); missing ones are absent from the map. Keyed by fieldKeyString. */
  fields(periodId: string, keys: readonly FieldKey[]): Promise<Map<string, StoredField>>;
  field(periodId: string, key: FieldKey): Promise<StoredField | undefined>;
  /** Entries changed after `since` (all when 0), in seq order, every field present ('' rev 0 when unwritten). */
  list(periodId: string, since?: number): Promise<Entry[]>;
  /**
   * Delta pull: the entries changed after `since` and the cursor to pass next time. Every change
   * at or below the cursor is in `entries` or was above `since`'s own pull; a change above it may
   * be in `entries` too, and the next pull returns it again — harmless. Cursors only grow.
   */
  pull(periodId: string, since: number): Promise<{ cursor: number; entries: Entry[] }>;
}
export interface HistoryRead {
  /**
   * The delta cursor: every change whose entry position (Entry.seq) is at or below it is committed
   * and visible, and no change at or below it can commit later. SQLite: the highest history seq;
   * PostgreSQL: a transaction horizon (repos/entries.ts). Only grows.
   */
  cursor(): Promise<number>;
  /** The values these fields had at these revisions (one query). Keyed by `${fieldKeyString}\0${rev}`; rev 0 → ''. */
  valuesAt(periodId: string, keys: readonly (FieldKey & { rev: number })[]): Promise<Map<string, string>>;
  valueAt(periodId: string, key: FieldKey, rev: number): Promise<string | null>;
  /** A page of history in seq order, after `after` (exclusive). */
  page(periodId: string, filter: HistoryFilter, opts: { after?: number; limit: number }): Promise<HistoryPage>;
  /** Entries (entryKeyString) with a change this period other than the carry-over. */
  touchedEntries(periodId: string): Promise<Set<string>>;
}
export const valueAtKey = (k: FieldKey, rev: number): string => `${fieldKeyString(k)}\u0000${rev}`;

export interface ChangesRead {
  /** The stored answers of these change ids (one query). */
  get(changeIds: readonly string[]): Promise<Map<string, ChangeRecord>>;
}
export interface ConflictsRead {
  get(id: string): Promise<ConflictRow | undefined>;
  /** In creation order. */
  list(periodId: string, filter?: { unitId?: string; open?: boolean }): Promise<ConflictRow[]>;
}
export interface CodesRead {
  findByHash(hash: string): Promise<AccessCodeRow | undefined>;
  get(id: string): Promise<AccessCodeRow | undefined>;
  /** In issue order. */
  list(): Promise<AccessCodeRow[]>;
}
export interface SubmissionsRead {
  get(periodId: string, unitId: string): Promise<Submission | undefined>;
  /** unit id → submitted at */
  list(periodId: string): Promise<Map<string, string>>;
  /** For these units (one query): unit id → submission. */
  many(periodId: string, unitIds: readonly string[]): Promise<Map<string, Submission>>;
}
export interface SummariesRead {
  list(periodId: string): Promise<Record<string, string>>;
}
export interface LiaisonsRead {
  get(unitId: string): Promise<LiaisonRow | undefined>;
  /** Every unit's liaison: unit id → row. */
  list(): Promise<Map<string, LiaisonRow>>;
}
export interface ReviewsRead {
  /** One unit's steps in a period, oldest first. */
  steps(periodId: string, unitId: string): Promise<ReviewStepRow[]>;
  /** Every unit's steps in a period: unit id → steps, oldest first (one query). */
  all(periodId: string): Promise<Map<string, ReviewStepRow[]>>;
}
export interface ExtensionsRead {
  get(id: string): Promise<Extension | undefined>;
  /** In request order; one unit's when given. */
  list(periodId: string, unitId?: string): Promise<Extension[]>;
}
export interface ClosuresRead {
  /** The closures in force for a plan. */
  list(planId: string): Promise<Closure[]>;
  /** The close/reopen log of a plan (one measure's when given), oldest first. */
  events(planId: string, measureKey?: string): Promise<ClosureEvent[]>;
}
export interface EvidenceRead {
  get(id: string): Promise<EvidenceRow | undefined>;
  /** In upload order (by task order is the caller's: it knows the plan). */
  list(periodId: string, filter?: EvidenceFilter): Promise<EvidenceRow[]>;
  /** The file's bytes, joined from its chunks (undefined: no such file). */
  content(id: string): Promise<Uint8Array | undefined>;
}

// ── aggregates: writes (on Tx only) ─────────────────────────────────────────
export interface Units extends UnitsRead {
  upsert(u: Unit): Promise<void>;
}
export interface Plans extends PlansRead {
  insert(row: PlanRow, by: string, note?: string): Promise<void>;
  /** Stores a new version (re-import, assignment edit). */
  update(id: string, plan: Plan, version: number, at: string, by: string, note?: string): Promise<void>;
  setActive(id: string, active: boolean): Promise<void>;
}
export interface Periods extends PeriodsRead {
  insert(p: Period): Promise<void>;
  update(id: string, patch: PeriodPatch): Promise<void>;
  setSnapshot(id: string, snapshot: unknown): Promise<void>;
  addEvent(periodId: string, kind: PeriodEventKind, at: string, by: string): Promise<void>;
}
export interface Entries extends EntriesRead {
  /**
   * Writes accepted values in order: a history row each (its seq returned, increasing in the same
   * order), the fields' new state (the last write of a field wins), each entry's position (above
   * every cursor handed out before) and changed-after-submit flag. `cursor`: the delta cursor
   * (SQLite: including this write; PostgreSQL: below this transaction). Call it last.
   */
  write(periodId: string, writes: readonly FieldWrite[]): Promise<{ seqs: number[]; cursor: number }>;
  clearAutoMerged(periodId: string, key: FieldKey): Promise<void>;
  clearChangedAfterSubmit(periodId: string, unitId: string): Promise<void>;
}
export interface Changes extends ChangesRead {
  put(records: readonly ChangeRecord[]): Promise<void>;
}
export interface Conflicts extends ConflictsRead {
  insert(c: ConflictRow): Promise<void>;
  /** The field moved since the conflict was raised: show the person the newer value. */
  refresh(id: string, serverValue: string, serverRev: number): Promise<void>;
  resolve(id: string, at: string, by: string, resolution: string): Promise<void>;
}
export interface Codes extends CodesRead {
  insert(info: AccessCodeRow, hash: string): Promise<void>;
  revoke(id: string, at: string): Promise<void>;
  /** Revokes every live coordinator code; returns how many. */
  revokeCoordinators(at: string): Promise<number>;
  touch(id: string, at: string): Promise<void>;
  /** Last uses noted since the previous write: [code id, at]. */
  touchMany(uses: readonly (readonly [string, string])[]): Promise<void>;
}
export interface Submissions extends SubmissionsRead {
  upsert(periodId: string, unitId: string, at: string, by: string, signedBy?: string | null): Promise<void>;
}
export interface Liaisons extends LiaisonsRead {
  /** An empty liaison removes the row. */
  set(row: LiaisonRow): Promise<void>;
}
export interface Reviews extends ReviewsRead {
  /** Appends a step; returns its id. */
  add(step: NewReviewStep): Promise<number>;
}
export interface Extensions extends ExtensionsRead {
  insert(e: Extension): Promise<void>;
  /** Decides a pending request; false when it was no longer pending (decided once). */
  decide(id: string, d: ExtensionDecision): Promise<boolean>;
}
export interface Closures extends ClosuresRead {
  /** Closes (or re-closes with a new note) and logs it. */
  close(c: Closure): Promise<void>;
  /** Reopens and logs it; false when it was not closed. */
  reopen(e: Omit<ClosureEvent, 'kind'>): Promise<boolean>;
}
export interface Evidence extends EvidenceRead {
  insert(row: EvidenceRow, content: Uint8Array): Promise<void>;
  /** Marks a file removed (kept with who and when); false when it was already. */
  remove(id: string, at: string, by: string): Promise<boolean>;
}
export interface Summaries extends SummariesRead {
  set(periodId: string, measureKey: string, text: string, at: string, by: string): Promise<void>;
}

/** What `tx.lock` serialises (PostgreSQL; no-op on SQLite). */
export interface LockRequest {
  /** Writers of a period take it shared; closing/reopening takes it exclusive. */
  period?: { id: string; mode: 'shared' | 'exclusive' };
  changeIds?: readonly string[];
  /** The fields a merge decides on (exclusive). */
  fields?: { periodId: string; keys: readonly FieldKey[] };
  /** Anything else, by name (e.g. `plan:<id>` around a version bump), exclusive. */
  names?: readonly string[];
}

// ── whole-installation copy (fengong migrate) ───────────────────────────────
export type RawRow = Record<string, string | number | null>;
export interface RawTables {
  /** Table names in copy order (parents first). */
  readonly names: readonly string[];
  count(table: string): Promise<number>;
  /** Rows in primary-key order after the given primary-key values (exclusive). */
  read(table: string, opts: { after?: RawRow; limit: number }): Promise<RawRow[]>;
}
export interface RawTablesWrite extends RawTables {
  insert(table: string, rows: readonly RawRow[]): Promise<void>;
  /**
   * After a bulk insert: counters and identity sequences follow the copied rows, and every cursor
   * from now on is above `sourceCursor` (the copied installation's cursor, which its clients hold).
   */
  afterImport(sourceCursor: number): Promise<void>;
}

// ── the store ─────────────────────────────────────────────────────────────
export interface ReadRepos {
  units: UnitsRead;
  plans: PlansRead;
  periods: PeriodsRead;
  entries: EntriesRead;
  history: HistoryRead;
  changes: ChangesRead;
  conflicts: ConflictsRead;
  codes: CodesRead;
  submissions: SubmissionsRead;
  summaries: SummariesRead;
  liaisons: LiaisonsRead;
  reviews: ReviewsRead;
  extensions: ExtensionsRead;
  closures: ClosuresRead;
  evidence: EvidenceRead;
}

export interface Tx {
  units: Units;
  plans: Plans;
  periods: Periods;
  entries: Entries;
  history: HistoryRead;
  changes: Changes;
  conflicts: Conflicts;
  codes: Codes;
  submissions: Submissions;
  summaries: Summaries;
  liaisons: Liaisons;
  reviews: Reviews;
  extensions: Extensions;
  closures: Closures;
  evidence: Evidence;
  raw: RawTablesWrite;
  lock(req: LockRequest): Promise<void>;
  /** A nested transaction (a savepoint): its failure undoes only its own writes. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs after the outermost transaction committed (and is durable); skipped on rollback. */
  afterCommit(fn: () => void): void;
  /**
   * The statements issued so far are the transaction's last: PostgreSQL sends its COMMIT with
   * them (one round trip fewer; if one of them fails, that COMMIT only ends the failed
   * transaction). Call it right after issuing them, before awaiting them; any statement issued
   * later fails. A no-op on SQLite and in a nested transaction.
   */
  commitWithIssued(): void;
}

export interface StoreStats {
  /** Transactions committed (a group commit counts once). */
  commits: number;
  /** Time spent inside transactions, ms. */
  commitMs: number;
  fsyncs: number;
  fsyncMs: number;
  /** PostgreSQL: transactions retried after a deadlock / serialization failure. */
  retries: number;
}

export interface Store extends ReadRepos {
  readonly dialect: Dialect;
  readonly stats: StoreStats;
  /** Runs `fn` in a transaction; resolves after the commit is durable. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Whole tables, for copying an installation. */
  readonly raw: RawTables;
  schemaVersion(): Promise<number>;
  /**
   * Changes whenever a sign-in's answer may have changed — a code issued or revoked or a unit
   * edited, in this process or another — so the sign-in cache can compare it. Synchronous and cheap.
   */
  authVersion(): number;
  /** Notes a code's last use without a commit of its own (written within 10 s or at close). */
  noteCodeUse(id: string, at: string): void;
  /** Resolves once every commit made so far is on disk (SQLite 'wal-fsync'; immediate otherwise). */
  durable(): Promise<void>;
  /** SQLite: an online backup to `file`. PostgreSQL: refuses (use pg_dump). */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
  /**
   * The failed-sign-in limiter's state shared by every process on the database (PostgreSQL);
   * absent on SQLite, whose one process keeps it in memory (server/auth.ts).
   */
  readonly signInLimits?: SharedSignInLimits;
}

/**
 * Per client address: a bucket of `burst` failed sign-ins refilled at one per `msPerToken`, and
 * the codes (as hashes) that signed in from there. Not part of the installation (not copied, not
 * backed up, lost harmlessly in a crash: a full bucket again).
 */
export interface SharedSignInLimits {
  /** The tokens the address has now, and whether this code signed in from there before. */
  state(address: string, codeHash: string, burst: number, msPerToken: number, now: number): Promise<{ tokens: number; known: boolean }>;
  /** Takes a token (never below 0); the tokens left. */
  failed(address: string, burst: number, msPerToken: number, now: number): Promise<number>;
  succeeded(address: string, codeHash: string, now: number): Promise<void>;
}
