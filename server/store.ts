// The store: ALL SQL of the service lives in this one module (SQLite through better-sqlite3), so a
// PostgreSQL backend can be added later by writing another module with the same methods.
// Durability — nothing is acknowledged before it is on disk. Two ways, same guarantee:
//   'full'      WAL + synchronous=FULL: SQLite fsyncs the WAL inside every COMMIT (the event loop
//               waits for the disk).
//   'wal-fsync' WAL + synchronous=NORMAL, and the server fsyncs the WAL file itself on libuv's
//               thread pool before any response leaves (`durable()`): FULL's fsync, moved off the
//               event loop and shared by every commit made before it started.
// Concurrent writers are also grouped into one commit (`enqueue`, group commit): every request's
// work runs in its own savepoint inside a shared transaction, settled only after the commit.
import Database from 'better-sqlite3';
import { fsync, fsyncSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Plan, Unit } from '../shared/model/plan';
import type { Entry, Field, FieldState, Period, Source } from '../shared/model/progress';
import { FIELDS } from '../shared/model/progress';
import type { AccessCodeInfo, ChangeResult, Conflict, HistoryItem } from '../shared/api/contract';
import type { z } from 'zod';

type AccessCode = z.infer<typeof AccessCodeInfo>;

/** Schema migrations, applied in order; PRAGMA user_version records how many ran. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE units (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '[]',
    kind TEXT NOT NULL, needs_resolution INTEGER NOT NULL DEFAULT 0, contact TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE plans (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, version INTEGER NOT NULL, active INTEGER NOT NULL DEFAULT 1,
    imported_at TEXT NOT NULL, updated_at TEXT NOT NULL, plan_json TEXT NOT NULL
  );
  CREATE TABLE plan_versions (
    plan_id TEXT NOT NULL, version INTEGER NOT NULL, plan_json TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '', PRIMARY KEY (plan_id, version)
  );
  CREATE TABLE periods (
    id TEXT PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plans(id), name TEXT NOT NULL, deadline TEXT,
    state TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT, carried_from TEXT, snapshot_json TEXT
  );
  CREATE TABLE period_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, period_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL
  );
  CREATE TABLE entries (
    period_id TEXT NOT NULL, measure_key TEXT NOT NULL, unit_id TEXT NOT NULL, seq INTEGER NOT NULL,
    changed_after_submit INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (period_id, measure_key, unit_id)
  );
  CREATE INDEX entries_seq ON entries (period_id, seq);
  CREATE TABLE entry_fields (
    period_id TEXT NOT NULL, measure_key TEXT NOT NULL, unit_id TEXT NOT NULL, field TEXT NOT NULL,
    value TEXT NOT NULL, rev INTEGER NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    auto_merged INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (period_id, measure_key, unit_id, field)
  );
  CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, period_id TEXT NOT NULL, measure_key TEXT NOT NULL, unit_id TEXT NOT NULL,
    field TEXT NOT NULL, old_value TEXT NOT NULL, new_value TEXT NOT NULL, rev INTEGER NOT NULL, at TEXT NOT NULL,
    by TEXT NOT NULL, code_id TEXT, source TEXT NOT NULL, late INTEGER NOT NULL DEFAULT 0,
    auto_merged INTEGER NOT NULL DEFAULT 0, change_id TEXT NOT NULL
  );
  CREATE INDEX history_field ON history (period_id, measure_key, unit_id, field, rev);
  CREATE TABLE change_results (change_id TEXT PRIMARY KEY, result_json TEXT NOT NULL, at TEXT NOT NULL);
  CREATE TABLE conflicts (
    id TEXT PRIMARY KEY, period_id TEXT NOT NULL, measure_key TEXT NOT NULL, unit_id TEXT NOT NULL, field TEXT NOT NULL,
    base_value TEXT NOT NULL, server_value TEXT NOT NULL, server_rev INTEGER NOT NULL, their_value TEXT NOT NULL,
    source TEXT NOT NULL, change_id TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    resolved_at TEXT, resolved_by TEXT, resolution TEXT
  );
  CREATE INDEX conflicts_period ON conflicts (period_id, resolved_at);
  CREATE TABLE submissions (
    period_id TEXT NOT NULL, unit_id TEXT NOT NULL, submitted_at TEXT NOT NULL, by TEXT NOT NULL,
    PRIMARY KEY (period_id, unit_id)
  );
  CREATE TABLE summaries (
    period_id TEXT NOT NULL, measure_key TEXT NOT NULL, text TEXT NOT NULL, updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL, PRIMARY KEY (period_id, measure_key)
  );
  CREATE TABLE access_codes (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, unit_id TEXT, role TEXT NOT NULL, person TEXT,
    created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT, last_used_at TEXT
  );
  `,
  // 2: a stored change result remembers whose entry it was about (a change id is only a retry
  //    of the same unit's change; another unit reusing the id must not read this result)
  `ALTER TABLE change_results ADD COLUMN unit_id TEXT;`,
  // 3: a change id names one change (docs/rules.md "Change ids"): what it was (kind, period,
  //    fingerprint of the payload) so a reuse with anything else is refused; history records the
  //    actor's role beside the code id, and what the client declared about the typing person
  //    separately; history is read in pages by (period, seq) and (period, unit, seq)
  `
  ALTER TABLE change_results ADD COLUMN kind TEXT;
  ALTER TABLE change_results ADD COLUMN period_id TEXT;
  ALTER TABLE change_results ADD COLUMN fingerprint TEXT;
  ALTER TABLE history ADD COLUMN role TEXT;
  ALTER TABLE history ADD COLUMN declared_person TEXT;
  CREATE INDEX history_period_seq ON history (period_id, seq);
  CREATE INDEX history_period_unit_seq ON history (period_id, unit_id, seq);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export type StoredField = FieldState & { value: string; rev: number };

export interface HistoryRow extends HistoryItem {
  codeId: string | null;
}

/** What a change id was used for (migration 3); kind/periodId/fingerprint are null on older rows. */
export interface ChangeRecord {
  kind: 'change' | 'resolve' | null;
  unitId: string | null;
  periodId: string | null;
  fingerprint: string | null;
  /** A field change's ChangeResult, or a resolution's answer ({ status, body }). */
  result: unknown;
}

export interface HistoryFilter {
  measureKey?: string;
  unitId?: string;
  measureKeys?: string[];
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

export type Durability = 'full' | 'wal-fsync';

export interface StoreOptions {
  /** How commits reach the disk (default 'full'); see the top of this file. */
  durability?: Durability;
  /** Only for the benchmark's comparison: synchronous=NORMAL with no fsync before answering (NOT durable on power loss). */
  unsafeNoSync?: boolean;
  /** Group concurrent writes into one commit (default true). */
  groupCommit?: boolean;
}

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  result?: unknown;
  error?: unknown;
  failed?: boolean;
}

const bool = (v: unknown) => v === 1 || v === true;
// listEntries: an entry's head, then per field (in FIELDS order) value, rev, updated_at, updated_by, auto_merged
const LIST_ENTRIES_SQL = `SELECT e.measure_key, e.unit_id, e.seq, e.changed_after_submit, ${FIELDS.map(
  (_, i) => `f${i}.value, f${i}.rev, f${i}.updated_at, f${i}.updated_by, f${i}.auto_merged`,
).join(', ')} FROM entries e ${FIELDS.map(
  (f, i) =>
    `LEFT JOIN entry_fields f${i} ON f${i}.period_id = e.period_id AND f${i}.measure_key = e.measure_key AND f${i}.unit_id = e.unit_id AND f${i}.field = '${f}'`,
).join(' ')} WHERE e.period_id = ? AND e.seq > ? ORDER BY e.seq`;
// a period's columns without its (large) closing snapshot
const PERIOD_COLS = 'id, plan_id, name, deadline, state, opened_at, closed_at, carried_from';

export class Store {
  readonly db: Database.Database;
  private queue: Job[] = [];
  private flushScheduled = false;
  private readonly groupCommit: boolean;
  private stmtCache = new Map<string, Database.Statement>();
  private codeUses = new Map<string, string>();
  private savepoints: { begin: Database.Statement; release: Database.Statement; rollback: Database.Statement } | null = null;
  /** Group-commit counters (the benchmark prints them): commits, jobs, ms spent inside commits. */
  readonly stats = { commits: 0, jobs: 0, commitMs: 0, fsyncs: 0, fsyncMs: 0 };
  private codeUseTimer: NodeJS.Timeout | null = null;

  constructor(readonly path: string, opts: StoreOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.groupCommit = opts.groupCommit ?? true;
    this.durability = opts.durability ?? 'full';
    this.db.pragma(`synchronous = ${this.durability === 'full' && !opts.unsafeNoSync ? 'FULL' : 'NORMAL'}`);
    try {
      this.migrate();
    } catch (err) {
      this.db.close();
      throw err;
    }
    if (this.durability === 'wal-fsync' && !opts.unsafeNoSync) this.openWal();
    this.totalChanges = this.db.prepare('SELECT total_changes() AS n').pluck();
    this.syncedUpTo = this.totalChanges.get() as number;
  }

  // ── durability ('wal-fsync') ────────────────────────────────────────────
  readonly durability: Durability;
  private walFd: number | null = null;
  private totalChanges: Database.Statement;
  private syncedUpTo = 0;
  private syncing: Promise<void> | null = null;
  private syncingUpTo = 0;
  private nextSync: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;

  private openWal(): void {
    try {
      this.db.prepare('SELECT COUNT(*) FROM sqlite_master').get(); // makes sure the -wal file exists
      this.walFd = openSync(`${this.path}-wal`, 'r+');
    } catch {
      // cannot reach the WAL file ourselves (unusual platform): let SQLite fsync every commit
      this.walFd = null;
      this.db.pragma('synchronous = FULL');
      (this as { durability: Durability }).durability = 'full';
    }
  }

  /**
   * Resolves once every commit made so far is on disk. With 'full' that is already true; with
   * 'wal-fsync' it waits for an fsync of the WAL that started after the last commit (one fsync
   * in flight at a time; everyone who committed before it started shares it).
   */
  durable(): Promise<void> {
    if (this.walFd === null || !this.db.open) return Promise.resolve();
    const changes = this.totalChanges.get() as number;
    if (changes <= this.syncedUpTo) return Promise.resolve();
    if (this.syncing && this.syncingUpTo >= changes) return this.syncing;
    if (!this.nextSync) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined);
      this.nextSync = { promise, resolve, reject };
    }
    const p = this.nextSync.promise;
    if (!this.syncing) this.startSync();
    return p;
  }

  private startSync(): void {
    const waiters = this.nextSync;
    if (!waiters || this.walFd === null) return;
    this.nextSync = null;
    const upTo = this.totalChanges.get() as number;
    this.syncing = waiters.promise;
    this.syncingUpTo = upTo;
    const t0 = performance.now();
    fsync(this.walFd, (err) => {
      this.stats.fsyncs++;
      this.stats.fsyncMs += performance.now() - t0;
      this.syncing = null;
      if (err) waiters.reject(err);
      else {
        this.syncedUpTo = Math.max(this.syncedUpTo, upTo);
        waiters.resolve();
      }
      if (this.nextSync) this.startSync();
    });
  }

  // ── plumbing ────────────────────────────────────────────────────────────
  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`数据库版本 ${current} 比程序支持的 ${MIGRATIONS.length} 新，请升级 fengong。`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  synchronousSetting(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  private s(sql: string): Database.Statement {
    let st = this.stmtCache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.stmtCache.set(sql, st);
    }
    return st;
  }

  /** Runs `fn` in one transaction (a savepoint when already inside one). */
  transaction<T>(fn: () => T): T {
    // one wrapper for every call: better-sqlite3 builds a new one per db.transaction() (costly)
    this.runInTx ??= this.db.transaction((f: () => unknown) => f());
    try {
      return this.runInTx(fn) as T;
    } catch (err) {
      this.memo?.clear(); // rolled back: a read memoized inside may be undone
      throw err;
    }
  }

  private runInTx: ((f: () => unknown) => unknown) | null = null;

  /**
   * Inside a group commit only: reads every job repeats (its period, the plan's version), kept for
   * the commit's one snapshot. Any write to those rows, or a job's rollback, empties it.
   */
  private memo: Map<string, unknown> | null = null;

  /**
   * Group commit: queues `fn`, runs all queued jobs of this event-loop turn in one transaction
   * (each in its own savepoint, so one failing job does not undo the others), commits once,
   * then settles every job's promise. Nothing resolves before the commit.
   */
  enqueue<T>(fn: () => T): Promise<T> {
    if (!this.groupCommit) {
      try {
        return Promise.resolve(this.transaction(() => (this.writeCodeUses(), fn())));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const t0 = performance.now();
    try {
      const sp = this.savepoints ??= {
        begin: this.db.prepare('SAVEPOINT job'),
        release: this.db.prepare('RELEASE job'),
        rollback: this.db.prepare('ROLLBACK TO job'),
      };
      this.memo = new Map();
      this.db.transaction(() => {
        this.writeCodeUses();
        for (const job of jobs) {
          sp.begin.run();
          try {
            job.result = job.fn();
            sp.release.run();
          } catch (err) {
            this.memo?.clear(); // what the job read or wrote is undone
            sp.rollback.run();
            sp.release.run();
            job.failed = true;
            job.error = err;
          }
        }
      })();
    } catch (err) {
      for (const job of jobs) job.reject(err);
      return;
    } finally {
      this.memo = null;
    }
    this.stats.commits++;
    this.stats.jobs += jobs.length;
    this.stats.commitMs += performance.now() - t0;
    for (const job of jobs) (job.failed ? job.reject(job.error) : job.resolve(job.result));
  }

  close(): void {
    if (!this.db.open) return;
    if (this.codeUseTimer) clearTimeout(this.codeUseTimer);
    this.codeUseTimer = null;
    this.transaction(() => this.writeCodeUses());
    if (this.walFd !== null) {
      fsyncSync(this.walFd);
      closeSync(this.walFd);
      this.walFd = null;
    }
    this.db.close();
  }

  /** SQLite online backup to `file` (consistent while the server keeps writing). */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  // ── units ───────────────────────────────────────────────────────────────
  // units change rarely (only through upsertUnit): cached, as every request looks one up
  private unitCache = new Map<string, Unit | undefined>();

  upsertUnit(u: Unit): void {
    this.unitCache.clear();
    this.authGen++; // a sign-in's label is the unit's short name
    this.s(
      `INSERT INTO units (id, name, short_name, aliases, kind, needs_resolution) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
         aliases = excluded.aliases, kind = excluded.kind, needs_resolution = excluded.needs_resolution`,
    ).run(u.id, u.name, u.shortName, JSON.stringify(u.aliases ?? []), u.kind, u.needsResolution ? 1 : 0);
  }

  getUnit(id: string): Unit | undefined {
    if (this.unitCache.has(id)) return this.unitCache.get(id);
    const r = this.s(`SELECT * FROM units WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    const unit = r ? rowToUnit(r) : undefined;
    if (unit) this.unitCache.set(id, unit);
    return unit;
  }

  listUnits(): Unit[] {
    return (this.s(`SELECT * FROM units ORDER BY rowid`).all() as Record<string, unknown>[]).map(rowToUnit);
  }

  // ── plans ───────────────────────────────────────────────────────────────
  insertPlan(row: PlanRow, by: string, note = ''): void {
    this.memo?.clear();
    const json = JSON.stringify(row.plan);
    this.s(
      `INSERT INTO plans (id, title, version, active, imported_at, updated_at, plan_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.id, row.title, row.version, row.active ? 1 : 0, row.importedAt, row.updatedAt, json);
    this.s(`INSERT INTO plan_versions (plan_id, version, plan_json, at, by, note) VALUES (?, ?, ?, ?, ?, ?)`).run(
      row.id, row.version, json, row.updatedAt, by, note,
    );
  }

  /** Stores a new version of a plan (re-import, assignment edit). */
  updatePlan(id: string, plan: Plan, version: number, at: string, by: string, note = ''): void {
    this.memo?.clear();
    const json = JSON.stringify(plan);
    this.s(`UPDATE plans SET title = ?, version = ?, updated_at = ?, plan_json = ? WHERE id = ?`).run(plan.title, version, at, json, id);
    this.s(`INSERT INTO plan_versions (plan_id, version, plan_json, at, by, note) VALUES (?, ?, ?, ?, ?, ?)`).run(id, version, json, at, by, note);
  }

  setPlanActive(id: string, active: boolean): void {
    this.s(`UPDATE plans SET active = ? WHERE id = ?`).run(active ? 1 : 0, id);
  }

  getPlan(id: string): PlanRow | undefined {
    const r = this.s(`SELECT * FROM plans WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? rowToPlan(r) : undefined;
  }

  planVersion(id: string): number | undefined {
    const m = this.memo;
    const hit = m?.get(`plan\0${id}`) as number | undefined;
    if (hit !== undefined) return hit;
    const r = this.s(`SELECT version FROM plans WHERE id = ?`).get(id) as { version: number } | undefined;
    if (m && r) m.set(`plan\0${id}`, r.version);
    return r?.version;
  }

  listPlans(): Omit<PlanRow, 'plan'>[] {
    return (this.s(`SELECT id, title, version, active, imported_at, updated_at FROM plans ORDER BY imported_at, id`).all() as Record<string, unknown>[]).map(
      (r) => ({
        id: r.id as string,
        title: r.title as string,
        version: r.version as number,
        active: bool(r.active),
        importedAt: r.imported_at as string,
        updatedAt: r.updated_at as string,
      }),
    );
  }

  // ── periods ─────────────────────────────────────────────────────────────
  insertPeriod(p: Period): void {
    this.memo?.clear();
    this.s(
      `INSERT INTO periods (id, plan_id, name, deadline, state, opened_at, closed_at, carried_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(p.id, p.planId, p.name, p.deadline, p.state, p.openedAt, p.closedAt, p.carriedFrom);
  }

  getPeriod(id: string): Period | undefined {
    const m = this.memo;
    if (m) {
      const hit = m.get(`period\0${id}`) as Period | undefined;
      if (hit) return { ...hit };
    }
    const r = this.s(`SELECT ${PERIOD_COLS} FROM periods WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    const period = r ? rowToPeriod(r) : undefined;
    if (m && period) m.set(`period\0${id}`, { ...period });
    return period;
  }

  listPeriods(): Period[] {
    return (this.s(`SELECT ${PERIOD_COLS} FROM periods ORDER BY opened_at, rowid`).all() as Record<string, unknown>[]).map(rowToPeriod);
  }

  /** The most recently opened period of a plan (the one a new period carries over from). */
  lastPeriodOfPlan(planId: string): Period | undefined {
    const r = this.s(`SELECT ${PERIOD_COLS} FROM periods WHERE plan_id = ? ORDER BY opened_at DESC, rowid DESC LIMIT 1`).get(planId) as
      | Record<string, unknown>
      | undefined;
    return r ? rowToPeriod(r) : undefined;
  }

  updatePeriod(id: string, patch: { name?: string; deadline?: string | null; state?: string; closedAt?: string | null }): void {
    const cur = this.getPeriod(id);
    if (!cur) return;
    this.s(`UPDATE periods SET name = ?, deadline = ?, state = ?, closed_at = ? WHERE id = ?`).run(
      patch.name ?? cur.name,
      patch.deadline !== undefined ? patch.deadline : cur.deadline,
      patch.state ?? cur.state,
      patch.closedAt !== undefined ? patch.closedAt : cur.closedAt,
      id,
    );
    this.memo?.clear(); // after the write: the read above memoized the old row
  }

  setPeriodSnapshot(id: string, snapshot: unknown): void {
    this.s(`UPDATE periods SET snapshot_json = ? WHERE id = ?`).run(JSON.stringify(snapshot), id);
  }

  getPeriodSnapshot<T>(id: string): T | null {
    const r = this.s(`SELECT snapshot_json FROM periods WHERE id = ?`).get(id) as { snapshot_json: string | null } | undefined;
    return r?.snapshot_json ? (JSON.parse(r.snapshot_json) as T) : null;
  }

  addPeriodEvent(periodId: string, kind: 'open' | 'close' | 'reopen', at: string, by: string): void {
    this.s(`INSERT INTO period_events (period_id, kind, at, by) VALUES (?, ?, ?, ?)`).run(periodId, kind, at, by);
  }

  listPeriodEvents(periodId: string): { kind: string; at: string; by: string }[] {
    return this.s(`SELECT kind, at, by FROM period_events WHERE period_id = ? ORDER BY id`).all(periodId) as {
      kind: string; at: string; by: string;
    }[];
  }

  // ── entries ─────────────────────────────────────────────────────────────
  getField(periodId: string, measureKey: string, unitId: string, field: Field): StoredField | undefined {
    const r = this.s(
      `SELECT value, rev, updated_at, updated_by, auto_merged FROM entry_fields
       WHERE period_id = ? AND measure_key = ? AND unit_id = ? AND field = ?`,
    ).get(periodId, measureKey, unitId, field) as Record<string, unknown> | undefined;
    return r ? rowToField(r) : undefined;
  }

  putField(
    periodId: string, measureKey: string, unitId: string, field: Field,
    f: { value: string; rev: number; updatedAt: string; updatedBy: string; autoMerged: boolean },
  ): void {
    this.s(
      `INSERT INTO entry_fields (period_id, measure_key, unit_id, field, value, rev, updated_at, updated_by, auto_merged)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (period_id, measure_key, unit_id, field) DO UPDATE SET value = excluded.value, rev = excluded.rev,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by, auto_merged = excluded.auto_merged`,
    ).run(periodId, measureKey, unitId, field, f.value, f.rev, f.updatedAt, f.updatedBy, f.autoMerged ? 1 : 0);
  }

  clearAutoMerged(periodId: string, measureKey: string, unitId: string, field: Field): void {
    this.s(`UPDATE entry_fields SET auto_merged = 0 WHERE period_id = ? AND measure_key = ? AND unit_id = ? AND field = ?`).run(
      periodId, measureKey, unitId, field,
    );
  }

  /** Marks the entry changed at `seq` (the delta cursor compares with it). */
  touchEntry(periodId: string, measureKey: string, unitId: string, seq: number, changedAfterSubmit: boolean): void {
    this.s(
      `INSERT INTO entries (period_id, measure_key, unit_id, seq, changed_after_submit) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (period_id, measure_key, unit_id) DO UPDATE SET seq = excluded.seq,
         changed_after_submit = MAX(entries.changed_after_submit, excluded.changed_after_submit)`,
    ).run(periodId, measureKey, unitId, seq, changedAfterSubmit ? 1 : 0);
  }

  clearChangedAfterSubmit(periodId: string, unitId: string): void {
    this.s(`UPDATE entries SET changed_after_submit = 0 WHERE period_id = ? AND unit_id = ?`).run(periodId, unitId);
  }

  /** Entries of a period changed after `since` (all when 0), with all fields (unwritten ones as '' rev 0). */
  listEntries(periodId: string, since = 0): Entry[] {
    // one row per entry (its fields joined side by side, each a primary-key lookup), read as arrays:
    // half the time of fetching the fields as rows of their own and grouping them here
    const rows = this.s(LIST_ENTRIES_SQL).raw(true).all(periodId, since) as unknown[][];
    const out: Entry[] = new Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      const fields = {} as Entry['fields'];
      for (let i = 0; i < FIELDS.length; i++) {
        const o = 4 + i * 5;
        if (r[o] === null) {
          fields[FIELDS[i]] = { value: '', rev: 0 };
          continue;
        }
        const f: StoredField = { value: r[o] as string, rev: r[o + 1] as number, updatedAt: r[o + 2] as string, updatedBy: r[o + 3] as string };
        if (bool(r[o + 4])) f.autoMerged = true;
        fields[FIELDS[i]] = f;
      }
      out[k] = {
        periodId,
        measureKey: r[0] as string,
        unitId: r[1] as string,
        fields,
        seq: r[2] as number,
        changedAfterSubmit: bool(r[3]),
      };
    }
    return out;
  }

  // ── history ─────────────────────────────────────────────────────────────
  /** Appends one accepted change; returns its sequence number (the global cursor). */
  appendHistory(h: Omit<HistoryRow, 'seq'>): number {
    const r = this.s(
      `INSERT INTO history (period_id, measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, source, late, auto_merged,
         change_id, role, declared_person)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      h.periodId, h.measureKey, h.unitId, h.field, h.oldValue, h.newValue, h.rev, h.at, h.by, h.codeId, h.source,
      h.late ? 1 : 0, h.autoMerged ? 1 : 0, h.changeId, h.role, h.declaredPerson,
    );
    return Number(r.lastInsertRowid);
  }

  /** The global cursor: the sequence number of the latest change. */
  currentSeq(): number {
    const r = this.s(`SELECT COALESCE(MAX(seq), 0) AS seq FROM history`).get() as { seq: number };
    return r.seq;
  }

  valueAtRev(periodId: string, measureKey: string, unitId: string, field: Field, rev: number): string | null {
    if (rev === 0) return '';
    const r = this.s(
      `SELECT new_value FROM history WHERE period_id = ? AND measure_key = ? AND unit_id = ? AND field = ? AND rev = ?
       ORDER BY seq DESC LIMIT 1`,
    ).get(periodId, measureKey, unitId, field, rev) as { new_value: string } | undefined;
    return r ? r.new_value : null;
  }

  /** Every history row of a period matching the filter, in order (internal readers; the API reads pages). */
  listHistory(periodId: string, filter: HistoryFilter = {}): HistoryRow[] {
    return this.historyRows(periodId, filter, 0, -1);
  }

  /**
   * One page of a period's history: rows after `after` (a seq), at most `limit`, in order; `next`
   * is the seq to pass as `after` for the following page, null when this page is the last.
   */
  historyPage(periodId: string, filter: HistoryFilter, after: number, limit: number): { items: HistoryRow[]; next: number | null } {
    const rows = this.historyRows(periodId, filter, after, limit + 1);
    if (rows.length <= limit) return { items: rows, next: null };
    rows.length = limit;
    return { items: rows, next: rows[limit - 1].seq };
  }

  private historyRows(periodId: string, filter: HistoryFilter, after: number, limit: number): HistoryRow[] {
    const where = ['period_id = ?', 'seq > ?'];
    const args: unknown[] = [periodId, after];
    if (filter.measureKey) {
      where.push('measure_key = ?');
      args.push(filter.measureKey);
    }
    if (filter.unitId) {
      where.push('unit_id = ?');
      args.push(filter.unitId);
    }
    if (filter.measureKeys) {
      where.push(`measure_key IN (SELECT value FROM json_each(?))`);
      args.push(JSON.stringify(filter.measureKeys));
    }
    // read as arrays (about half the time of row objects for thousands of rows); few distinct filters
    const sql = `SELECT ${HISTORY_COLS} FROM history WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`;
    args.push(limit);
    return (this.s(sql).raw(true).all(...args) as unknown[][]).map(arrayToHistory);
  }

  /** Entries (measure\0unit) with a change this period other than the carry-over. */
  entriesTouchedThisPeriod(periodId: string): Set<string> {
    const rows = this.s(`SELECT DISTINCT measure_key, unit_id FROM history WHERE period_id = ? AND source != 'carryover'`).all(periodId) as {
      measure_key: string; unit_id: string;
    }[];
    return new Set(rows.map((r) => `${r.measure_key}\u0000${r.unit_id}`));
  }

  // ── idempotency ─────────────────────────────────────────────────────────
  /** What a change id was used for, if it was. */
  getChangeRecord(changeId: string): ChangeRecord | undefined {
    const r = this.s(`SELECT result_json, unit_id, kind, period_id, fingerprint FROM change_results WHERE change_id = ?`).get(changeId) as
      | { result_json: string; unit_id: string | null; kind: ChangeRecord['kind']; period_id: string | null; fingerprint: string | null }
      | undefined;
    return r
      ? { result: JSON.parse(r.result_json) as unknown, unitId: r.unit_id, kind: r.kind, periodId: r.period_id, fingerprint: r.fingerprint }
      : undefined;
  }

  putChangeRecord(changeId: string, rec: Omit<ChangeRecord, 'kind'> & { kind: 'change' | 'resolve' }, at: string): void {
    this.s(`INSERT INTO change_results (change_id, result_json, at, unit_id, kind, period_id, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      changeId, JSON.stringify(rec.result), at, rec.unitId, rec.kind, rec.periodId, rec.fingerprint,
    );
  }

  // ── conflicts ───────────────────────────────────────────────────────────
  insertConflict(c: Omit<Conflict, 'measureNo'> & { changeId: string }): void {
    this.s(
      `INSERT INTO conflicts (id, period_id, measure_key, unit_id, field, base_value, server_value, server_rev, their_value,
         source, change_id, created_at, created_by, resolved_at, resolved_by, resolution)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      c.id, c.periodId, c.measureKey, c.unitId, c.field, c.baseValue, c.serverValue, c.serverRev, c.theirValue, c.source,
      c.changeId, c.createdAt, c.createdBy, c.resolvedAt, c.resolvedBy, c.resolution,
    );
  }

  getConflict(id: string): (Omit<Conflict, 'measureNo'> & { changeId: string }) | undefined {
    const r = this.s(`SELECT * FROM conflicts WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? rowToConflict(r) : undefined;
  }

  listConflicts(periodId: string, filter: { unitId?: string; open?: boolean } = {}): (Omit<Conflict, 'measureNo'> & { changeId: string })[] {
    const where = ['period_id = ?'];
    const args: unknown[] = [periodId];
    if (filter.unitId) {
      where.push('unit_id = ?');
      args.push(filter.unitId);
    }
    if (filter.open) where.push('resolved_at IS NULL');
    return (this.db.prepare(`SELECT * FROM conflicts WHERE ${where.join(' AND ')} ORDER BY created_at, rowid`).all(...args) as Record<
      string, unknown
    >[]).map(rowToConflict);
  }

  /** The field moved while a person was deciding: the conflict now shows the newer server value. */
  updateConflictServer(id: string, serverValue: string, serverRev: number): void {
    this.s(`UPDATE conflicts SET server_value = ?, server_rev = ? WHERE id = ?`).run(serverValue, serverRev, id);
  }

  resolveConflict(id: string, at: string, by: string, resolution: string): void {
    this.s(`UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?`).run(at, by, resolution, id);
  }

  // ── submissions (报送) ──────────────────────────────────────────────────
  upsertSubmission(periodId: string, unitId: string, at: string, by: string): void {
    this.memo?.clear();
    this.s(
      `INSERT INTO submissions (period_id, unit_id, submitted_at, by) VALUES (?, ?, ?, ?)
       ON CONFLICT (period_id, unit_id) DO UPDATE SET submitted_at = excluded.submitted_at, by = excluded.by`,
    ).run(periodId, unitId, at, by);
  }

  getSubmission(periodId: string, unitId: string): { submittedAt: string; by: string } | undefined {
    const key = `submission\0${periodId}\0${unitId}`;
    const m = this.memo;
    if (m?.has(key)) {
      const hit = m.get(key) as { submittedAt: string; by: string } | null;
      return hit ? { ...hit } : undefined;
    }
    const r = this.s(`SELECT submitted_at, by FROM submissions WHERE period_id = ? AND unit_id = ?`).get(periodId, unitId) as
      | { submitted_at: string; by: string }
      | undefined;
    const sub = r ? { submittedAt: r.submitted_at, by: r.by } : undefined;
    m?.set(key, sub ? { ...sub } : null);
    return sub;
  }

  listSubmissions(periodId: string): Map<string, string> {
    const rows = this.s(`SELECT unit_id, submitted_at FROM submissions WHERE period_id = ?`).all(periodId) as {
      unit_id: string; submitted_at: string;
    }[];
    return new Map(rows.map((r) => [r.unit_id, r.submitted_at]));
  }

  // ── summaries (汇总进展) ────────────────────────────────────────────────
  setSummary(periodId: string, measureKey: string, text: string, at: string, by: string): void {
    this.s(
      `INSERT INTO summaries (period_id, measure_key, text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (period_id, measure_key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(periodId, measureKey, text, at, by);
  }

  listSummaries(periodId: string): Record<string, string> {
    const rows = this.s(`SELECT measure_key, text FROM summaries WHERE period_id = ?`).all(periodId) as { measure_key: string; text: string }[];
    return Object.fromEntries(rows.map((r) => [r.measure_key, r.text]));
  }

  // ── access codes ────────────────────────────────────────────────────────
  /**
   * A number that changes whenever a sign-in's answer may have changed (the sign-in cache in
   * server/auth.ts compares it): a code issued or revoked or a unit renamed here, or any commit by
   * another connection (PRAGMA data_version) — e.g. `fengong admin reset-code` beside the server.
   */
  authVersion(): number {
    const dv = (this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck()).get() as number;
    if (dv !== this.lastDataVersion) {
      this.lastDataVersion = dv;
      this.authGen++;
    }
    return this.authGen;
  }

  private authGen = 0;
  private dataVersion: Database.Statement | null = null;
  private lastDataVersion = -1;

  insertCode(info: AccessCode, hash: string): void {
    this.authGen++;
    this.s(
      `INSERT INTO access_codes (id, hash, unit_id, role, person, created_at, expires_at, revoked_at, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(info.id, hash, info.unitId, info.role, info.person, info.createdAt, info.expiresAt, info.revokedAt, info.lastUsedAt);
  }

  findCodeByHash(hash: string): AccessCode | undefined {
    const r = this.s(`SELECT * FROM access_codes WHERE hash = ?`).get(hash) as Record<string, unknown> | undefined;
    return r ? rowToCode(r) : undefined;
  }

  getCode(id: string): AccessCode | undefined {
    const r = this.s(`SELECT * FROM access_codes WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? rowToCode(r) : undefined;
  }

  listCodes(): AccessCode[] {
    return (this.s(`SELECT * FROM access_codes ORDER BY created_at, rowid`).all() as Record<string, unknown>[]).map(rowToCode);
  }

  revokeCode(id: string, at: string): void {
    this.authGen++;
    this.s(`UPDATE access_codes SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`).run(at, id);
  }

  revokeCoordinatorCodes(at: string): number {
    this.authGen++;
    return this.s(`UPDATE access_codes SET revoked_at = ? WHERE role = 'coordinator' AND revoked_at IS NULL`).run(at).changes;
  }

  touchCode(id: string, at: string): void {
    this.s(`UPDATE access_codes SET last_used_at = ? WHERE id = ?`).run(at, id);
  }

  /**
   * Notes a code's last use without a commit of its own (a sign-in must not cost an fsync): written
   * with the next group commit, or by a timer within 10 s.
   */
  noteCodeUse(id: string, at: string): void {
    this.codeUses.set(id, at);
    if (!this.codeUseTimer) {
      this.codeUseTimer = setTimeout(() => {
        this.codeUseTimer = null;
        if (this.codeUses.size && this.db.open) void this.enqueue(() => undefined).catch(() => undefined);
      }, 10_000);
      this.codeUseTimer.unref();
    }
  }

  private writeCodeUses(): void {
    if (this.codeUses.size === 0) return;
    for (const [id, at] of this.codeUses) this.touchCode(id, at);
    this.codeUses.clear();
  }
}

// ── row mappers ───────────────────────────────────────────────────────────
function rowToUnit(r: Record<string, unknown>): Unit {
  return {
    id: r.id as string,
    name: r.name as string,
    shortName: r.short_name as string,
    aliases: JSON.parse(r.aliases as string) as string[],
    kind: r.kind as Unit['kind'],
    needsResolution: bool(r.needs_resolution),
  };
}

function rowToPlan(r: Record<string, unknown>): PlanRow {
  return {
    id: r.id as string,
    title: r.title as string,
    version: r.version as number,
    active: bool(r.active),
    importedAt: r.imported_at as string,
    updatedAt: r.updated_at as string,
    plan: JSON.parse(r.plan_json as string) as Plan,
  };
}

function rowToPeriod(r: Record<string, unknown>): Period {
  return {
    id: r.id as string,
    planId: r.plan_id as string,
    name: r.name as string,
    deadline: (r.deadline as string | null) ?? null,
    state: r.state as Period['state'],
    openedAt: r.opened_at as string,
    closedAt: (r.closed_at as string | null) ?? null,
    carriedFrom: (r.carried_from as string | null) ?? null,
  };
}

function rowToField(r: Record<string, unknown>): StoredField {
  const f: StoredField = {
    value: r.value as string,
    rev: r.rev as number,
    updatedAt: r.updated_at as string,
    updatedBy: r.updated_by as string,
  };
  if (bool(r.auto_merged)) f.autoMerged = true;
  return f;
}

const HISTORY_COLS =
  'seq, period_id, measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, source, late, auto_merged, change_id, role, declared_person';

/** A history row read as an array of HISTORY_COLS. */
function arrayToHistory(r: unknown[]): HistoryRow {
  return {
    seq: r[0] as number,
    periodId: r[1] as string,
    measureKey: r[2] as string,
    unitId: r[3] as string,
    field: r[4] as Field,
    oldValue: r[5] as string,
    newValue: r[6] as string,
    rev: r[7] as number,
    at: r[8] as string,
    by: r[9] as string,
    codeId: (r[10] as string | null) ?? null,
    source: r[11] as Source,
    late: bool(r[12]),
    autoMerged: bool(r[13]),
    changeId: r[14] as string,
    role: (r[15] as HistoryRow['role']) ?? null,
    declaredPerson: (r[16] as string | null) ?? null,
  };
}

function rowToConflict(r: Record<string, unknown>): Omit<Conflict, 'measureNo'> & { changeId: string } {
  return {
    id: r.id as string,
    periodId: r.period_id as string,
    measureKey: r.measure_key as string,
    unitId: r.unit_id as string,
    field: r.field as Field,
    baseValue: r.base_value as string,
    serverValue: r.server_value as string,
    serverRev: r.server_rev as number,
    theirValue: r.their_value as string,
    source: r.source as Source,
    changeId: r.change_id as string,
    createdAt: r.created_at as string,
    createdBy: r.created_by as string,
    resolvedAt: (r.resolved_at as string | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolution: (r.resolution as string | null) ?? null,
  };
}

function rowToCode(r: Record<string, unknown>): AccessCode {
  return {
    id: r.id as string,
    unitId: (r.unit_id as string | null) ?? null,
    role: r.role as AccessCode['role'],
    person: (r.person as string | null) ?? null,
    createdAt: r.created_at as string,
    expiresAt: (r.expires_at as string | null) ?? null,
    revokedAt: (r.revoked_at as string | null) ?? null,
    lastUsedAt: (r.last_used_at as string | null) ?? null,
  };
}
