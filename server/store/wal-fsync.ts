// The 'wal-fsync' durability of the SQLite backend: synchronous=NORMAL, and the store fsyncs the
// WAL file itself on libuv's thread pool before anyone is answered — FULL's fsync moved off the
// event loop and shared by every commit made before it started (one fsync in flight at a time).
import type Database from 'better-sqlite3';
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import type { StoreStats } from './types';

export class WalFsync {
  private fd: number;
  private totalChanges: Database.Statement;
  private syncedUpTo: number;
  private syncing: Promise<void> | null = null;
  private syncingUpTo = 0;
  private next: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;

  /** Throws when the WAL file cannot be opened (the caller then falls back to synchronous=FULL). */
  constructor(private db: Database.Database, path: string, private stats: StoreStats) {
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get(); // makes sure the -wal file exists
    this.fd = openSync(`${path}-wal`, 'r+');
    this.totalChanges = db.prepare('SELECT total_changes() AS n').pluck();
    this.syncedUpTo = this.totalChanges.get() as number;
  }

  /** Resolves once every commit made so far is on disk. */
  durable(): Promise<void> {
    if (!this.db.open) return Promise.resolve();
    const changes = this.totalChanges.get() as number;
    if (changes <= this.syncedUpTo) return Promise.resolve();
    if (this.syncing && this.syncingUpTo >= changes) return this.syncing;
    if (!this.next) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined);
      this.next = { promise, resolve, reject };
    }
    const p = this.next.promise;
    if (!this.syncing) this.start();
    return p;
  }

  private start(): void {
    const waiters = this.next;
    if (!waiters) return;
    this.next = null;
    const upTo = this.totalChanges.get() as number;
    this.syncing = waiters.promise;
    this.syncingUpTo = upTo;
    const t0 = performance.now();
    fsync(this.fd, (err) => {
      this.stats.fsyncs++;
      this.stats.fsyncMs += performance.now() - t0;
      this.syncing = null;
      if (err) waiters.reject(err);
      else {
        this.syncedUpTo = Math.max(this.syncedUpTo, upTo);
        waiters.resolve();
      }
      if (this.next) this.start();
    });
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
