// The transaction-bound store both backends hand to a transaction's callback: every repository
// on the transaction's connection, nested transactions as savepoints, after-commit hooks.
import type { Unit } from '../../shared/model/plan';
import type { Exec } from './exec';
import { GenCache, type RepoEnv } from './env';
import { ChangesRepo } from './repos/changes';
import { CodesRepo } from './repos/codes';
import { ConflictsRepo } from './repos/conflicts';
import { EntriesRepo } from './repos/entries';
import { HistoryRepo } from './repos/history';
import { PeriodsRepo } from './repos/periods';
import { PlansRepo } from './repos/plans';
import { RawRepo } from './repos/raw';
import { SubmissionsRepo } from './repos/submissions';
import { SummariesRepo } from './repos/summaries';
import { UnitsRepo } from './repos/units';
import type { LockRequest, ReadRepos, Tx } from './types';

/** What a backend adds to a transaction. */
export interface TxBackend {
  lock(x: Exec, req: LockRequest): Promise<void>;
  /** Inside the transaction, once per transaction: codes or units changed (PostgreSQL: tell other processes). */
  authChangedInTx(x: Exec): Promise<void>;
  /** After the commit of a transaction that changed codes or units. */
  authChangedCommitted(): void;
}

/** Per outermost transaction. */
export class TxState {
  afterCommit: (() => void)[] = [];
  authChanged = false;
}

export interface Repos extends ReadRepos {
  units: UnitsRepo;
  plans: PlansRepo;
  periods: PeriodsRepo;
  entries: EntriesRepo;
  history: HistoryRepo;
  changes: ChangesRepo;
  conflicts: ConflictsRepo;
  codes: CodesRepo;
  submissions: SubmissionsRepo;
  summaries: SummariesRepo;
  raw: RawRepo;
}

export function makeRepos(env: RepoEnv): Repos {
  return {
    units: new UnitsRepo(env),
    plans: new PlansRepo(env),
    periods: new PeriodsRepo(env),
    entries: new EntriesRepo(env),
    history: new HistoryRepo(env),
    changes: new ChangesRepo(env),
    conflicts: new ConflictsRepo(env),
    codes: new CodesRepo(env),
    submissions: new SubmissionsRepo(env),
    summaries: new SummariesRepo(env),
    raw: new RawRepo(env),
  };
}

/** Read-only repositories outside any transaction (writing through them is a bug: never called). */
export function readRepos(x: Exec, unitCache: GenCache<Unit>): Repos {
  return makeRepos({
    x,
    unitCache,
    authChanged: () => Promise.reject(new Error('store: write outside a transaction')),
  });
}

export function makeTx(x: Exec, backend: TxBackend, state: TxState, unitCache: GenCache<Unit>, depth = 0): Tx {
  const env: RepoEnv = {
    x,
    unitCache,
    authChanged: async () => {
      if (state.authChanged) return;
      state.authChanged = true;
      await backend.authChangedInTx(x);
    },
  };
  let locked = false;
  return {
    ...makeRepos(env),
    lock(req: LockRequest) {
      // one call per transaction: every lock in one sorted statement cannot deadlock with another such call
      if (locked) return Promise.reject(new Error('store: tx.lock called twice in one transaction'));
      locked = true;
      return backend.lock(x, req);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const name = `sp${depth + 1}`;
      const inner = new TxState();
      await x.run(`SAVEPOINT ${name}`);
      let result: T;
      try {
        result = await fn(makeTx(x, backend, inner, unitCache, depth + 1));
      } catch (err) {
        await x.run(`ROLLBACK TO SAVEPOINT ${name}`);
        await x.run(`RELEASE SAVEPOINT ${name}`);
        throw err;
      }
      await x.run(`RELEASE SAVEPOINT ${name}`);
      state.afterCommit.push(...inner.afterCommit);
      if (inner.authChanged) state.authChanged = true; // its notice was written inside the savepoint, now kept
      return result;
    },
    afterCommit(fn: () => void) {
      state.afterCommit.push(fn);
    },
  };
}

/** After a successful commit: the hooks, and the sign-in cache told. */
export function settleCommitted(state: TxState, backend: TxBackend): void {
  if (state.authChanged) backend.authChangedCommitted();
  for (const fn of state.afterCommit) {
    try {
      fn();
    } catch {
      // a hook's failure must not turn a committed transaction into an error
    }
  }
}
