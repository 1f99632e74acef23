// The SQLite backend (better-sqlite3): one office on one file.
// Durability — nothing is acknowledged before it is on disk. Two ways, same guarantee:
//   'full'      WAL + synchronous=FULL: SQLite fsyncs the WAL inside every COMMIT.
//   'wal-fsync' WAL + synchronous=NORMAL, and the store fsyncs the WAL on the thread pool after
//               the COMMIT and before any transaction is answered (server/store/wal-fsync.ts);
//               `durable()` lets the HTTP layer hold read answers the same way.
// Group commit (server/store/group-commit.ts): transactions of one event-loop turn share a COMMIT.
// Two connections: the writer runs only the group commit's transactions; every read outside a
// transaction goes to a second, query-only connection, which sees committed data only (WAL) —
// so a read interleaved with an open group (async callbacks interleave at every await) can never
// see, or be rolled back with, a job's uncommitted writes.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreBase } from './base';
import { SqliteExec } from './exec';
import { GroupCommit } from './group-commit';
import { migrationSql, SCHEMA_VERSION, tooNew } from './migrations';
import { ReadMemo } from './env';
import { ALL_AT_ONCE } from './sqlite-files';
import { readRepos, type Repos, type TxBackend } from './tx';
import type { Store, Tx } from './types';
import { WalFsync } from './wal-fsync';

export type Durability = 'full' | 'wal-fsync';

export interface SqliteOptions {
  /** How commits reach the disk (default 'full'); see the top of this file. */
  durability?: Durability;
  /** Only for the benchmark's comparison: synchronous=NORMAL with no fsync before answering (NOT durable on power loss). */
  unsafeNoSync?: boolean;
  /** Group concurrent transactions into one commit (default true). */
  groupCommit?: boolean;
}

/** Brings a SQLite file's schema up to SCHEMA_VERSION (PRAGMA user_version counts the migrations run). */
export function migrateSqlite(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw tooNew(current);
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(migrationSql('sqlite', v + 1));
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export class SqliteStore extends StoreBase implements Store {
  readonly dialect = 'sqlite' as const;
  readonly durability: Durability;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  protected readonly reads: Repos;
  private readonly group: GroupCommit;
  private wal: WalFsync | null = null;
  private authGen = 0;
  private dataVersion: Database.Statement;
  private lastDataVersion = -1;
  private readonly readMemo: ReadMemo;
  private checkedThisTurn = false;

  constructor(readonly path: string, opts: SqliteOptions = {}) {
    super();
    if (path === ':memory:') throw new Error('SqliteStore needs a file (its reads use a second connection)');
    mkdirSync(dirname(path), { recursive: true });
    this.writer = new Database(path);
    try {
      this.writer.pragma('journal_mode = WAL');
      this.writer.pragma('foreign_keys = ON');
      this.writer.pragma('busy_timeout = 5000');
      // Every group-commit job runs in a savepoint, so each page it changes is first copied to the
      // statement/savepoint journal — a temp *file* by default (this build: TEMP_STORE=1), i.e. a
      // write syscall per page per job. In memory it costs a third of that (measured: the four
      // inserts of a sync batch 42 → 22 µs). Not a durability matter: those journals only undo a
      // savepoint inside an open transaction; crash recovery is the WAL's (synchronous unchanged).
      // Temp tables and sorts go to memory too: the queries here are per office, bounded in size.
      this.writer.pragma('temp_store = MEMORY');
      let durability = opts.durability ?? 'full';
      this.writer.pragma(`synchronous = ${durability === 'full' && !opts.unsafeNoSync ? 'FULL' : 'NORMAL'}`);
      migrateSqlite(this.writer);
      if (durability === 'wal-fsync' && !opts.unsafeNoSync) {
        try {
          this.wal = new WalFsync(this.writer, path, this.stats);
        } catch {
          // cannot reach the WAL file ourselves (unusual platform): let SQLite fsync every commit
          this.writer.pragma('synchronous = FULL');
          durability = 'full';
        }
      }
      this.durability = durability;
      this.reader = new Database(path);
      this.reader.pragma('busy_timeout = 5000');
      this.reader.pragma('query_only = ON');
    } catch (err) {
      this.writer.close();
      throw err;
    }
    // a number that changes whenever another connection (another process) committed
    this.dataVersion = this.writer.prepare('PRAGMA data_version').pluck();
    // committed reads every request repeats (its period …), until the next commit here or elsewhere
    this.readMemo = new ReadMemo(() => this.checkOtherWriters());
    this.reads = readRepos(new SqliteExec(this.reader), this.unitCache, this.readMemo);
    const writerExec = new SqliteExec(this.writer);
    const backend: TxBackend = {
      lock: async () => undefined, // one writer: transactions are serial already
      authChangedInTx: async () => undefined,
      authChangedCommitted: () => {
        this.authGen++;
        this.unitCache.clear();
      },
    };
    this.group = new GroupCommit(
      { fork: () => writerExec.fork(), execSync: (sql) => void writerExec.runSync(sql) },
      backend,
      this.unitCache,
      {
        grouped: opts.groupCommit ?? true,
        begin: 'BEGIN IMMEDIATE',
        // code uses ride along with whatever commits next
        beforeJobs: (x) => readRepos(x, this.unitCache).codes.touchMany(this.takeCodeUses()),
        durable: this.wal ? () => this.wal!.durable() : undefined,
        ended: () => this.readMemo.clear(),
      },
      this.stats,
    );
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store closed'));
    return this.group.run(fn);
  }

  async schemaVersion(): Promise<number> {
    return this.writer.pragma('user_version', { simple: true }) as number;
  }

  /** PRAGMA synchronous as a number (2 = FULL, 1 = NORMAL). */
  synchronousSetting(): number {
    return this.writer.pragma('synchronous', { simple: true }) as number;
  }

  authVersion(): number {
    this.checkOtherWriters();
    return this.authGen;
  }

  /**
   * Whether another connection (another process) has committed since last asked: then forget what
   * it may have changed. Asked once per event-loop turn (the PRAGMA costs ~8 µs, and the sign-in
   * and every memoized read ask): within one turn this process answers as of the turn's start,
   * which another process cannot tell from its commit having come a moment later.
   */
  private checkOtherWriters(): void {
    if (this.checkedThisTurn || !this.writer.open) return;
    this.checkedThisTurn = true;
    setImmediate(() => (this.checkedThisTurn = false));
    const dv = this.dataVersion.get() as number;
    if (dv === this.lastDataVersion) return;
    this.lastDataVersion = dv;
    this.authGen++;
    this.unitCache.clear(); // another process may have renamed a unit
    this.readMemo.clear();
  }

  durable(): Promise<void> {
    return this.wal ? this.wal.durable() : Promise.resolve();
  }

  /** SQLite online backup to `file` (consistent while the server keeps writing). */
  async backup(file: string): Promise<void> {
    await this.reader.backup(file, { progress: ALL_AT_ONCE });
  }

  checkpoint(): void {
    this.writer.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.group.idle();
    await this.settleCodeUses();
    this.closed = true;
    this.wal?.close();
    this.reader.close();
    this.writer.close();
  }
}
