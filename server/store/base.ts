// What both backends share: the read repositories outside transactions, the unit cache, and the
// code uses noted without a commit of their own (written within 10 s, or sooner by a backend).
import type { Unit } from '../../shared/model/plan';
import { GenCache } from './env';
import type { Repos } from './tx';
import type { StoreStats, Tx } from './types';

export abstract class StoreBase {
  readonly stats: StoreStats = { commits: 0, commitMs: 0, fsyncs: 0, fsyncMs: 0, retries: 0 };
  protected readonly unitCache = new GenCache<Unit>();
  protected abstract readonly reads: Repos;
  protected closed = false;
  private codeUses = new Map<string, string>();
  private codeUseTimer: NodeJS.Timeout | null = null;

  abstract transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;

  get units() { return this.reads.units; }
  get plans() { return this.reads.plans; }
  get periods() { return this.reads.periods; }
  get entries() { return this.reads.entries; }
  get history() { return this.reads.history; }
  get changes() { return this.reads.changes; }
  get conflicts() { return this.reads.conflicts; }
  get codes() { return this.reads.codes; }
  get submissions() { return this.reads.submissions; }
  get summaries() { return this.reads.summaries; }
  get raw() { return this.reads.raw; }
  get liaisons() { return this.reads.liaisons; }
  get reviews() { return this.reads.reviews; }
  get extensions() { return this.reads.extensions; }
  get closures() { return this.reads.closures; }
  get evidence() { return this.reads.evidence; }

  noteCodeUse(id: string, at: string): void {
    this.codeUses.set(id, at);
    if (this.codeUseTimer) return;
    this.codeUseTimer = setTimeout(() => {
      this.codeUseTimer = null;
      if (!this.closed) void this.flushCodeUses().catch(() => undefined);
    }, 10_000);
    this.codeUseTimer.unref();
  }

  /** The uses noted since the last write, emptied. */
  protected takeCodeUses(): [string, string][] {
    const uses = [...this.codeUses];
    this.codeUses.clear();
    return uses;
  }

  protected async flushCodeUses(): Promise<void> {
    if (this.codeUses.size === 0) return;
    const uses = this.takeCodeUses();
    await this.transaction((tx) => tx.codes.touchMany(uses));
  }

  /** Before closing: no timer left, every noted use written. */
  protected async settleCodeUses(): Promise<void> {
    if (this.codeUseTimer) clearTimeout(this.codeUseTimer);
    this.codeUseTimer = null;
    await this.flushCodeUses();
  }
}
