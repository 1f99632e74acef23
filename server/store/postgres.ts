// The PostgreSQL backend: a province on several stateless service processes sharing one database.
// Correct under several processes because the database, not a process, decides:
//  - per-field revisions: `tx.lock` takes transaction-scoped advisory locks on the fields a merge
//    decides on (and the change ids, and the period shared), in one statement in hash order — two
//    such transactions cannot deadlock; the fields are read in the next statement, whose snapshot
//    then includes whatever the previous holder committed (READ COMMITTED takes a new snapshot
//    per statement — reading in the locking statement itself would use a stale one).
//  - change ids: locked like fields, so a retry arriving at another process waits for the first
//    attempt's commit and then reads its stored answer.
//  - the delta cursor: each entry carries its last writer's transaction id, a pull the horizon of
//    its snapshot (pg_snapshot_xmin) — writers never wait for each other (see repos/entries.ts).
//  - caches (sign-in answers, units): a transaction that changes codes or units bumps
//    `counters.auth` and NOTIFYs fengong_auth; every process LISTENs (the hint) and also polls the
//    counter (the truth, for notifications lost while reconnecting); while not listening it does
//    not cache at all.
// Durability: synchronous_commit is left at its default, on — COMMIT returns after the WAL flush.
// Transactions are retried (whole callback) after a deadlock or serialization failure.
import { StoreBase } from './base';
import pg from 'pg';
import { PgExec, type Exec, type PgQueryable } from './exec';
import { migrationSql, SCHEMA_VERSION, tooNew } from './migrations';
import { nodePgDriver, SCHEMA_NAME, type PgClient, type PgDriver } from './pg-driver';
import { PgSignInLimits, SIGNIN_TABLES_SQL } from './signin-limits';

const { escapeLiteral } = pg;
import { makeTx, readRepos, settleCommitted, TxState, type Repos, type TxBackend } from './tx';
import type { LockRequest, Store, Tx } from './types';

export interface PgOptions {
  /** Use this schema (created when missing) instead of public — tests share one database this way. */
  schema?: string;
  /** Retries of a transaction after a deadlock / serialization failure (default 5). */
  maxRetries?: number;
  /** How often the sign-in epoch is read from the database (default 5000 ms). */
  authPollMs?: number;
}

const MIGRATION_LOCK = 7_260_401; // pg_advisory_lock key: one migrating process at a time
const AUTH_CHANNEL = 'fengong_auth';
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/** Brings the schema up to SCHEMA_VERSION (fengong_schema.version counts the migrations run). */
export async function migratePg(driver: PgDriver, schema?: string): Promise<void> {
  const c = await driver.connect();
  try {
    if (schema) await c.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await c.exec(`CREATE TABLE IF NOT EXISTS fengong_schema (version INTEGER NOT NULL)`);
      const r = await c.query(`SELECT version FROM fengong_schema`, [], {});
      let current = r.rows.length ? Number((r.rows[0] as { version: number }).version) : -1;
      if (current < 0) {
        await c.exec(`INSERT INTO fengong_schema (version) VALUES (0)`);
        current = 0;
      }
      if (current > SCHEMA_VERSION) throw tooNew(current);
      for (let v = current; v < SCHEMA_VERSION; v++) {
        await c.exec('BEGIN');
        try {
          await c.exec(migrationSql('postgres', v + 1));
          await c.exec(`UPDATE fengong_schema SET version = ${v + 1}`);
          await c.exec('COMMIT');
        } catch (err) {
          await c.exec('ROLLBACK');
          throw err;
        }
      }
      await c.exec(SIGNIN_TABLES_SQL); // backend-internal, not a migration (not part of the installation)
    } finally {
      await c.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    c.release();
  }
}

/** The keys of a lock request and whether each is shared. */
function lockKeys(req: LockRequest): { keys: string[]; shared: boolean[] } {
  const keys: string[] = [];
  const shared: boolean[] = [];
  const add = (k: string, s = false) => (keys.push(k), shared.push(s));
  if (req.period) add(`period:${req.period.id}`, req.period.mode === 'shared');
  for (const id of req.changeIds ?? []) add(`change:${id}`);
  for (const k of req.fields?.keys ?? []) add(`field:${JSON.stringify([req.fields!.periodId, k.measureKey, k.unitId, k.field])}`); // (PostgreSQL text holds no NUL)
  for (const n of req.names ?? []) add(`name:${n}`);
  return { keys, shared };
}

// one statement, in hash order (a key asked both ways is taken exclusive); hash collisions only
// merge two keys into one lock. Its values are literals (escaped by pg's escapeLiteral; a NUL,
// which a query text cannot carry, spelled out): it goes
// out in one simple query with the BEGIN before it — one round trip fewer per transaction.
function lockSql(req: LockRequest): string | null {
  const { keys, shared } = lockKeys(req);
  if (!keys.length) return null;
  return `SELECT count(CASE WHEN q.s THEN pg_advisory_xact_lock_shared(q.h) ELSE pg_advisory_xact_lock(q.h) END) AS n
  FROM (SELECT hashtextextended(t.k, 0) AS h, bool_and(t.s) AS s
    FROM unnest(ARRAY[${keys.map((k) => escapeLiteral(k.replaceAll('\u0000', '\\u0000'))).join(',')}]::text[], ARRAY[${shared.join(',')}]::boolean[]) AS t(k, s) GROUP BY 1 ORDER BY 1) q`;
}

/**
 * A transaction's connection. It sends BEGIN with the first statement: together with the lock (one
 * simple query) when the transaction starts with `tx.lock`, else just before the first statement;
 * never, when the callback ran none. Statements issued together (in one turn: the merge path's
 * reads after its lock, its writes) leave together — pipelined, in one write to the socket — and
 * are answered together: one round trip. The server still runs them one after another in the
 * order issued, so a read issued with the lock takes its snapshot after the lock is held.
 * (Measured: one statement made of several reads cost the server more than the same reads
 * pipelined, so they stay separate statements.)
 */
class TxConnection implements PgQueryable {
  begun = false;
  /** The COMMIT sent with the last statements (Tx.commitWithIssued), once asked for. */
  commit: Promise<unknown> | null = null;
  private queue: Pending[] = [];
  private uncork: (() => void) | undefined;
  constructor(private readonly c: PgClient) {}

  query(text: string, values: readonly unknown[], opts: { name?: string; arrays?: boolean }) {
    if (this.commit) return Promise.reject(new Error('store: statement after commitWithIssued'));
    if (!this.begun) void this.begin('').catch(() => undefined); // (its failure fails the statements after it)
    return new Promise<{ rows: unknown[]; rowCount: number }>((resolve, reject) => {
      this.hold();
      this.queue.push({ text, values, opts, resolve, reject });
    });
  }

  /** BEGIN (if not yet) and then these parameterless statements, in one round trip. */
  begin(sql: string): Promise<void> {
    if (this.begun && !sql) return Promise.resolve();
    const text = this.begun ? sql : sql ? `BEGIN; ${sql}` : 'BEGIN';
    this.begun = true;
    this.flushQueue(); // whatever was issued before goes first
    this.hold(); // and what is issued in this turn leaves in the same write
    return this.c.exec(text);
  }

  /** The COMMIT goes with what was issued (Tx.commitWithIssued). */
  commitWithIssued(): void {
    if (!this.begun || this.commit) return;
    this.flushQueue(); // after the statements it ends
    this.commit = this.c.exec('COMMIT');
    this.commit.catch(() => undefined); // (the transaction's statements carry its failure)
    this.flush();
  }

  /** Holds this turn's writes to the socket until the end of the turn. */
  private hold(): void {
    if (this.uncork !== undefined) return;
    this.uncork = this.c.cork?.() ?? (() => undefined);
    process.nextTick(() => this.flush());
  }

  /** Sends what was issued, in order, in one write (also called before COMMIT and ROLLBACK). */
  flush(): void {
    this.flushQueue();
    const uncork = this.uncork;
    this.uncork = undefined;
    uncork?.();
  }

  private flushQueue(): void {
    const q = this.queue;
    this.queue = [];
    for (const p of q) this.c.query(p.text, p.values, p.opts).then(p.resolve, p.reject);
  }
}

interface Pending {
  text: string;
  values: readonly unknown[];
  opts: { name?: string; arrays?: boolean };
  resolve(r: { rows: unknown[]; rowCount: number }): void;
  reject(err: unknown): void;
}

export class PgStore extends StoreBase implements Store {
  readonly dialect = 'postgres' as const;
  readonly signInLimits: PgSignInLimits;
  protected readonly reads: Repos;
  private readonly backend: TxBackend;
  private authGen = 0;
  private authEpoch = -1;
  private listening = false;
  private pollTimer: NodeJS.Timeout | null = null;

  private constructor(readonly driver: PgDriver, private opts: PgOptions) {
    super();
    this.reads = readRepos(new PgExec({ query: (t, v, o) => driver.query(t, v, o) }), this.unitCache);
    this.signInLimits = new PgSignInLimits(driver);
    this.backend = {
      lock: async () => {
        throw new Error('store: lock outside a transaction'); // (each transaction has its own, below)
      },
      authChangedInTx: async (x: Exec) => {
        await x.get(
          `WITH u AS (UPDATE counters SET value = value + 1 WHERE name = 'auth' RETURNING value) SELECT pg_notify('${AUTH_CHANNEL}', (SELECT value FROM u)::text)`,
        );
      },
      authChangedCommitted: () => this.bumpAuth(),
    };
  }

  /** Opens (and migrates) a store on a PostgreSQL URL or a driver. */
  static async open(target: string | PgDriver, opts: PgOptions = {}): Promise<PgStore> {
    if (opts.schema && !SCHEMA_NAME.test(opts.schema)) throw new Error(`bad schema name ${opts.schema}`);
    const driver = typeof target === 'string' ? nodePgDriver({ connectionString: target, schema: opts.schema }) : target;
    try {
      await migratePg(driver, opts.schema);
      const store = new PgStore(driver, opts);
      await store.startAuthWatch();
      return store;
    } catch (err) {
      await driver.end().catch(() => undefined);
      throw err;
    }
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('store closed');
    const maxRetries = this.opts.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      const client = await this.driver.connect();
      const conn = new TxConnection(client);
      const x = new PgExec(conn);
      const state = new TxState();
      const backend: TxBackend = {
        ...this.backend,
        lock: async (_x, req) => conn.begin(lockSql(req) ?? ''),
        commitWithIssued: () => conn.commitWithIssued(),
      };
      let broken = false;
      try {
        const result = await fn(makeTx(x, backend, state, this.unitCache));
        conn.flush(); // (a statement issued and not awaited still goes before the COMMIT)
        if (conn.commit) await conn.commit;
        else if (conn.begun) await client.exec('COMMIT');
        this.stats.commits++;
        this.stats.commitMs += performance.now() - t0;
        settleCommitted(state, this.backend);
        return result;
      } catch (err) {
        conn.flush();
        // a COMMIT sent with failed statements ended the transaction already (as a rollback)
        if (conn.commit) await conn.commit.catch(() => (broken = true));
        else if (conn.begun) await client.exec('ROLLBACK').catch(() => (broken = true));
        const code = (err as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < maxRetries) {
          this.stats.retries++;
          await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
          continue;
        }
        throw err;
      } finally {
        x.close();
        client.release(broken);
      }
    }
  }

  async schemaVersion(): Promise<number> {
    const r = await this.driver.query(`SELECT version FROM fengong_schema`, [], {});
    return Number((r.rows[0] as { version: number } | undefined)?.version ?? 0);
  }

  // ── sign-in cache invalidation ──────────────────────────────────────────
  private bumpAuth(): void {
    this.authGen++;
    this.unitCache.clear();
  }

  private async startAuthWatch(): Promise<void> {
    await this.driver.listen(AUTH_CHANNEL, {
      notify: () => this.bumpAuth(),
      down: () => {
        this.listening = false;
        this.bumpAuth();
      },
      up: () => {
        this.listening = !this.closed;
        this.bumpAuth(); // whatever was sent while not listening is unknown
      },
    });
    await this.pollAuth();
    this.pollTimer = setInterval(() => void this.pollAuth().catch(() => undefined), this.opts.authPollMs ?? 5000);
    this.pollTimer.unref();
  }

  private async pollAuth(): Promise<void> {
    const r = await this.driver.query(`SELECT value FROM counters WHERE name = 'auth'`, [], {});
    const epoch = Number((r.rows[0] as { value: number } | undefined)?.value ?? 0);
    if (epoch !== this.authEpoch) {
      this.authEpoch = epoch;
      this.bumpAuth();
    }
  }

  authVersion(): number {
    // not listening: notifications may be lost, so nothing is cached (every sign-in asks the database)
    if (!this.listening) this.bumpAuth();
    return this.authGen;
  }

  durable(): Promise<void> {
    return Promise.resolve(); // COMMIT already waited for the WAL flush (synchronous_commit on)
  }

  async backup(): Promise<void> {
    throw new Error('PostgreSQL 的备份请用 pg_dump（恢复用 pg_restore），见 docs/deployment.md。');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.settleCodeUses().catch(() => undefined);
    this.closed = true;
    this.listening = false;
    await this.driver.end();
  }
}
