// What every repository gets: the connection to run statements on and the backend's hooks.
import type { Unit } from '../../shared/model/plan';
import type { Exec } from './exec';

export interface RepoEnv {
  x: Exec;
  /** Inside a write transaction: codes or units changed, so sign-in answers may have (see Store.authVersion). */
  authChanged(): Promise<void>;
  /** Units by id, shared by the whole store (units change rarely; every request looks one up). */
  unitCache: GenCache<Unit>;
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
