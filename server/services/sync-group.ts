// Group commit for the merge path, on both backends (docs/store.md "Group commit of sync batches"):
// sync batches of one period that arrive together run in one transaction — one lock statement, one
// set of reads, one set of writes and one COMMIT for the whole group — instead of one transaction each.
// Each batch is still decided on its own, in arrival order, against the state the earlier ones left
// (server/services/sync.ts `mergeGroup`). This file only forms the groups and settles the answers;
// it knows nothing of merging.
//
// When a group forms: a batch joins the group of its period that is still forming; a group leaves
// at the end of the event-loop turn (setImmediate: every request whose body was read in this turn is
// in), unless maxInFlight groups of that period are still running — then it keeps forming until
// one of them ends, so under load groups grow (fewer statements and socket writes per batch) instead
// of queueing transactions, and when idle a batch waits for nothing. A full group leaves at once.
// Answers (and errors) go out only after the group's COMMIT. A group that fails as a whole (any
// error that is not one batch's own refusal, after the store's retries) runs each of its batches
// again alone, in arrival order, so one bad batch never fails the others.

/** One batch's outcome inside a group: its answer, or the refusal that was its alone. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface GrouperOptions<I, O> {
  /** Batches group only with batches of the same key (the period). */
  key(input: I): string;
  /** What a batch counts against `maxWeight` (its changes' text). */
  weight(input: I): number;
  maxInputs: number;
  maxWeight: number;
  /** Groups of one key running at once before the next one waits to grow. */
  maxInFlight: number;
  /** The group in one transaction; one outcome per input, in order. Throws when the group failed as a whole. */
  runGroup(inputs: I[]): Promise<Outcome<O>[]>;
  /** One batch alone (a group of one, the fallback, a batch too big to share). */
  runOne(input: I): Promise<O>;
}

export interface GroupStats {
  /** Groups of two or more run (transactions). */
  groups: number;
  /** Batches that went through the grouper. */
  inputs: number;
  /** Batches run alone (group of one, too big to share). */
  alone: number;
  /** The largest group run. */
  largest: number;
  /** Groups that failed as a whole and ran their batches alone. */
  fallbacks: number;
}

interface Job<I, O> {
  input: I;
  resolve(v: O): void;
  reject(err: unknown): void;
}

interface Forming<I, O> {
  jobs: Job<I, O>[];
  weight: number;
  /** The end-of-turn check is scheduled. */
  scheduled: boolean;
}

export class Grouper<I, O> {
  readonly stats: GroupStats = { groups: 0, inputs: 0, alone: 0, largest: 0, fallbacks: 0 };
  private readonly forming = new Map<string, Forming<I, O>>();
  private readonly inFlight = new Map<string, number>();
  constructor(private readonly opts: GrouperOptions<I, O>) {}

  submit(input: I): Promise<O> {
    const { opts } = this;
    this.stats.inputs++;
    const w = opts.weight(input);
    if (w > opts.maxWeight) {
      this.stats.alone++;
      return opts.runOne(input); // (a returned workbook: bounded by the file limits, not the batch cap)
    }
    const key = opts.key(input);
    return new Promise<O>((resolve, reject) => {
      let g = this.forming.get(key);
      if (g && (g.jobs.length >= opts.maxInputs || g.weight + w > opts.maxWeight)) {
        this.start(key, g);
        g = undefined;
      }
      if (!g) {
        g = { jobs: [], weight: 0, scheduled: false };
        this.forming.set(key, g);
      }
      g.jobs.push({ input, resolve, reject });
      g.weight += w;
      if (g.jobs.length >= opts.maxInputs) this.start(key, g);
      else if (!g.scheduled) {
        g.scheduled = true;
        const formed = g;
        setImmediate(() => {
          formed.scheduled = false;
          if (this.forming.get(key) === formed && (this.inFlight.get(key) ?? 0) < opts.maxInFlight) this.start(key, formed);
        });
      }
    });
  }

  private start(key: string, g: Forming<I, O>): void {
    if (this.forming.get(key) === g) this.forming.delete(key);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    void this.run(g.jobs).finally(() => {
      const n = (this.inFlight.get(key) ?? 1) - 1;
      if (n) this.inFlight.set(key, n);
      else this.inFlight.delete(key);
      const next = this.forming.get(key);
      if (next && !next.scheduled && n < this.opts.maxInFlight) this.start(key, next);
    });
  }

  private async run(jobs: Job<I, O>[]): Promise<void> {
    const { opts, stats } = this;
    if (jobs.length === 1) {
      stats.alone++;
      const [j] = jobs;
      await opts.runOne(j.input).then(j.resolve, j.reject);
      return;
    }
    stats.groups++;
    stats.largest = Math.max(stats.largest, jobs.length);
    let outcomes: Outcome<O>[];
    try {
      outcomes = await opts.runGroup(jobs.map((j) => j.input)); // resolves after the COMMIT
    } catch {
      stats.fallbacks++;
      for (const j of jobs) await opts.runOne(j.input).then(j.resolve, j.reject);
      return;
    }
    jobs.forEach((j, i) => {
      const o = outcomes[i];
      if (o.ok) j.resolve(o.value);
      else j.reject(o.error);
    });
  }
}
