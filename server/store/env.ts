// What every repository gets: the connection to run statements on and the backend's hooks.
import type { Unit } from '../../shared/model/plan';
import type { Exec } from './exec';

export interface RepoEnv {
  x: Exec;
  /** Inside a write transaction: codes or units changed, so sign-in answers may have (see Store.authVersion). */
  authChanged(): Promise<void>;
  /** Units by id, shared by the whole store (units change rarely; every request looks one up). */
  unitCache: GenCache<Unit>;
  /**
   * SQLite only: rows nearly every request reads again (its period, the plan's version, a unit's
   * submission), kept while nothing can have changed them (see ReadMemo). Absent on PostgreSQL:
   * other processes write there, and each transaction must read for itself.
   */
  memo?: ReadMemo;
}

/**
 * A cache emptied by `clear()`. A value read before a clear must not be stored after it (an
 * async read racing a commit would put the old row back): `set` takes the generation the read
 * started in and drops the value when it has moved.
 */
export class GenCache<V> {
  private map = new Map<string, V>();
  gen = 0;
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V, readGen: number): void {
    if (readGen === this.gen) this.map.set(k, v);
  }
  clear(): void {
    this.gen++;
    this.map.clear();
  }
}

/**
 * A memo of small reads. Its owner empties it whenever the rows may have changed: the group
 * commit's memo at every write to those rows and every rolled-back job or savepoint (all jobs of
 * a group share one transaction), the reader's memo at every commit and — through `check`,
 * asked on every lookup — when another process has committed. Values are copied in and out, so a
 * caller changing what it got cannot change the memo.
 */
export class ReadMemo extends GenCache<unknown> {
  constructor(private readonly check?: () => void) {
    super();
  }
  lookup<V extends object>(k: string): V | undefined {
    this.check?.();
    const v = this.get(k) as V | undefined;
    return v === undefined ? undefined : { ...v };
  }
  keep<V extends object>(k: string, v: V | undefined, readGen: number): void {
    if (v !== undefined) this.set(k, { ...v }, readGen);
  }
}
