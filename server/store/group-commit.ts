// Group commit: transactions requested in the same event-loop turn share one database
// transaction and so one commit (one fsync). Each job runs in its own savepoint, one after
// another (the connection is one), so a failing job undoes only its own writes; nobody is
// answered before the shared COMMIT (and, where asked, the fsync after it) has returned.
import type { Unit } from '../../shared/model/plan';
import { ReadMemo, type GenCache } from './env';
import type { Exec } from './exec';
import { makeTx, settleCommitted, TxState, type TxBackend } from './tx';
import type { StoreStats, Tx } from './types';

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  state?: TxState;
  result?: unknown;
  error?: unknown;
  failed?: boolean;
}

export interface GroupConnection {
  /** A fresh exec on the connection (closed after its job). */
  fork(): Exec & { close(): void };
  /** Runs one of the group's own statements (BEGIN, SAVEPOINT …) — synchronous: no await per job for them. */
  execSync(sql: string): void;
}

export interface GroupOptions {
  /** false: one transaction per job (still one at a time). */
  grouped: boolean;
  /** The statement that opens a transaction (SQLite: BEGIN IMMEDIATE, the write lock up front). */
  begin: string;
  /** Inside each transaction before its jobs (e.g. code uses noted since the last commit). */
  beforeJobs?(x: Exec): Promise<void>;
  /** After COMMIT and before anyone is answered (e.g. the WAL fsync of 'wal-fsync'). */
  durable?(): Promise<void>;
  /** Bounds one group (a longer queue is served by the next). */
  maxJobs?: number;
  /** After the group's transaction ended, committed or not (before anyone is answered). */
  ended?(): void;
}

export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private running = false;
  /** The group's reads every job repeats (its period, plan version, submission): one transaction, one snapshot. */
  private memo = new ReadMemo();

  constructor(
    private conn: GroupConnection,
    private backend: TxBackend,
    private unitCache: GenCache<Unit>,
    private opts: GroupOptions,
    private stats: StoreStats,
  ) {}

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is queued or running (for close). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length) await new Promise((r) => setImmediate(r));
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.running = true;
    const { grouped } = this.opts;
    const { conn } = this;
    const jobs = this.queue.splice(0, grouped ? (this.opts.maxJobs ?? 1000) : 1);
    const t0 = performance.now();
    this.memo.clear();
    try {
      conn.execSync(this.opts.begin);
      if (this.opts.beforeJobs) {
        const x = conn.fork();
        await this.opts.beforeJobs(x);
        x.close();
      }
      for (const job of jobs) await this.runJob(job, grouped);
      conn.execSync(!grouped && jobs[0].failed ? 'ROLLBACK' : 'COMMIT');
      this.opts.ended?.(); // committed reads have changed (and again below, whatever happened)
      await this.opts.durable?.();
    } catch (err) {
      try {
        conn.execSync('ROLLBACK');
      } catch {
        // not in a transaction any more (the COMMIT itself failed and SQLite rolled back)
      }
      for (const job of jobs) job.reject(err);
      return;
    } finally {
      this.memo.clear();
      this.opts.ended?.();
      this.running = false;
      this.schedule();
    }
    this.stats.commits++;
    this.stats.commitMs += performance.now() - t0;
    for (const job of jobs) {
      if (job.failed) job.reject(job.error);
      else {
        settleCommitted(job.state!, this.backend);
        job.resolve(job.result);
      }
    }
  }

  private async runJob(job: Job, grouped: boolean): Promise<void> {
    const { conn } = this;
    const jx = conn.fork();
    const state = new TxState();
    if (grouped) conn.execSync('SAVEPOINT job');
    try {
      job.result = await job.fn(makeTx(jx, this.backend, state, this.unitCache, this.memo));
      job.state = state;
      if (grouped) conn.execSync('RELEASE SAVEPOINT job');
    } catch (err) {
      this.memo.clear(); // what the job read or wrote is undone
      if (grouped) {
        conn.execSync('ROLLBACK TO SAVEPOINT job');
        conn.execSync('RELEASE SAVEPOINT job');
      }
      job.failed = true;
      job.error = err;
    } finally {
      jx.close();
    }
  }
}
