// The transaction-bound store both backends hand to a transaction's callback: every repository
// on the transaction's connection, nested transactions as savepoints, after-commit hooks.
import type { Unit } from '../../shared/model/plan';
import type { Exec } from './exec';
import { GenCache, type ReadMemo, type RepoEnv } from './env';
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
import { LiaisonsRepo } from './repos/liaisons';
import { ReviewsRepo } from './repos/reviews';
import { ExtensionsRepo } from './repos/extensions';
import { ClosuresRepo } from './repos/closures';
import { EvidenceRepo } from './repos/evidence';
import type { LockRequest, ReadRepos, Tx } from './types';

/** What a backend adds to a transaction. */
export interface TxBackend {
  lock(x: Exec, req: LockRequest): Promise<void>;
  /** Inside the transaction, once per transaction: codes or units changed (PostgreSQL: tell other processes). */
  authChangedInTx(x: Exec): Promise<void>;
  /** After the commit of a transaction that changed codes or units. */
  authChangedCommitted(): void;
  /** Tx.commitWithIssued on the outermost transaction (PostgreSQL). */
  commitWithIssued?(): void;
}

/** Per transaction (a nested one hands its state up when it is released). */
export class TxState {
  afterCommit: (() => void)[] = [];
  authChanged = false;
}

/** The repositories over one connection, each made on first use (a transaction touches few). */
export class Repos implements ReadRepos {
  constructor(private readonly env: RepoEnv) {}
  private _units?: UnitsRepo;
  private _plans?: PlansRepo;
  private _periods?: PeriodsRepo;
  private _entries?: EntriesRepo;
  private _history?: HistoryRepo;
  private _changes?: ChangesRepo;
  private _conflicts?: ConflictsRepo;
  private _codes?: CodesRepo;
  private _submissions?: SubmissionsRepo;
  private _summaries?: SummariesRepo;
  private _raw?: RawRepo;
  private _liaisons?: LiaisonsRepo;
  private _reviews?: ReviewsRepo;
  private _extensions?: ExtensionsRepo;
  private _closures?: ClosuresRepo;
  private _evidence?: EvidenceRepo;
  get units() { return (this._units ??= new UnitsRepo(this.env)); }
  get plans() { return (this._plans ??= new PlansRepo(this.env)); }
  get periods() { return (this._periods ??= new PeriodsRepo(this.env)); }
  get entries() { return (this._entries ??= new EntriesRepo(this.env)); }
  get history() { return (this._history ??= new HistoryRepo(this.env)); }
  get changes() { return (this._changes ??= new ChangesRepo(this.env)); }
  get conflicts() { return (this._conflicts ??= new ConflictsRepo(this.env)); }
  get codes() { return (this._codes ??= new CodesRepo(this.env)); }
  get submissions() { return (this._submissions ??= new SubmissionsRepo(this.env)); }
  get summaries() { return (this._summaries ??= new SummariesRepo(this.env)); }
  get raw() { return (this._raw ??= new RawRepo(this.env)); }
  get liaisons() { return (this._liaisons ??= new LiaisonsRepo(this.env)); }
  get reviews() { return (this._reviews ??= new ReviewsRepo(this.env)); }
  get extensions() { return (this._extensions ??= new ExtensionsRepo(this.env)); }
  get closures() { return (this._closures ??= new ClosuresRepo(this.env)); }
  get evidence() { return (this._evidence ??= new EvidenceRepo(this.env)); }
}

/** Read-only repositories outside any transaction (writing through them is a bug: never called). */
export function readRepos(x: Exec, unitCache: GenCache<Unit>, memo?: ReadMemo): Repos {
  return new Repos({
    x,
    unitCache,
    memo,
    authChanged: () => Promise.reject(new Error('store: write outside a transaction')),
  });
}

class TxImpl extends Repos implements Tx {
  private locked = false;
  constructor(
    private readonly x: Exec,
    private readonly backend: TxBackend,
    private readonly state: TxState,
    private readonly unitCache: GenCache<Unit>,
    private readonly depth: number,
    private readonly memo?: ReadMemo,
  ) {
    super({
      x,
      unitCache,
      memo,
      authChanged: async () => {
        if (state.authChanged) return;
        state.authChanged = true;
        await backend.authChangedInTx(x);
      },
    });
  }

  lock(req: LockRequest): Promise<void> {
    // one call per transaction: every lock in one sorted statement cannot deadlock with another such call
    if (this.locked) return Promise.reject(new Error('store: tx.lock called twice in one transaction'));
    this.locked = true;
    return this.backend.lock(this.x, req);
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const { x } = this;
    const name = `sp${this.depth + 1}`;
    const inner = new TxState();
    await x.run(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await fn(new TxImpl(x, this.backend, inner, this.unitCache, this.depth + 1, this.memo));
    } catch (err) {
      this.memo?.clear(); // what it read or wrote is undone
      await x.run(`ROLLBACK TO SAVEPOINT ${name}`);
      await x.run(`RELEASE SAVEPOINT ${name}`);
      throw err;
    }
    await x.run(`RELEASE SAVEPOINT ${name}`);
    this.state.afterCommit.push(...inner.afterCommit);
    if (inner.authChanged) this.state.authChanged = true; // its notice was written inside the savepoint, now kept
    return result;
  }

  afterCommit(fn: () => void): void {
    this.state.afterCommit.push(fn);
  }

  commitWithIssued(): void {
    if (this.depth === 0) this.backend.commitWithIssued?.();
  }
}

/** `memo`: SQLite's group commit shares one among the jobs of a group (see ReadMemo). */
export function makeTx(x: Exec, backend: TxBackend, state: TxState, unitCache: GenCache<Unit>, memo?: ReadMemo): Tx {
  return new TxImpl(x, backend, state, unitCache, 0, memo);
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
