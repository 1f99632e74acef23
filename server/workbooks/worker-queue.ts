// One worker thread and the jobs queued for it, one at a time: what file-guard.ts (uploads) and
// export-pool.ts (exports) both need so that heavy work never holds the event loop (docs/rules.md
// "Bounds"). The worker's code is bundled once with esbuild, at first use — plain JavaScript starts
// in well under a second, where loading TypeScript through tsx in the thread took seconds — and
// evaluated (`eval: true`); the big CommonJS libraries stay outside the bundle and are required
// from node_modules through the banner. Each job runs at most its time limit: then the worker is
// terminated, the job answered with the caller's error, and the next job starts a fresh worker. A
// worker that dies (out of memory, a crash) is replaced the same way.
//
// The worker answers `{ ready }` once, then per job `{ id, result }`, `{ id, error }` (an AppError's
// code, status and message) or `{ id, crash }` (anything else).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { build } from 'esbuild';
import { AppError, type ErrorCode } from '../../shared/messages';

export interface WorkerQueueOptions<J> {
  /** The worker's entry file (TypeScript, beside its caller). */
  entry: URL;
  /** Required from node_modules, not bundled (bundling them took seconds). */
  external: string[];
  /** Jobs waiting behind the running one; one more is refused at once with this error. */
  maxWaiting?: { count: number; error: () => AppError };
  resourceLimits?: () => ResourceLimits;
  /** The answer to a job past its time limit. */
  timedOut: (timeoutMs: number) => AppError;
  /** The answer to a job whose worker died under it (`err`: the worker's error event, if any). */
  died: (err: (Error & { code?: string }) | null) => AppError;
  /** The answer to a job that threw something other than an AppError. */
  crashed: (message: string) => AppError;
  /** What to post for a job, and what to transfer rather than copy. */
  message?: (job: J) => { job: unknown; transfer: ArrayBuffer[] };
}

interface Queued<J> {
  id: number;
  job: J;
  timeoutMs: number;
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
  timer?: NodeJS.Timeout;
  worker?: Worker;
}

interface Answer {
  ready?: true;
  id?: number;
  result?: unknown;
  error?: { code: ErrorCode; status: number; message: string };
  crash?: string;
}

export class WorkerQueue<J> {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private script: Promise<string> | null = null;
  private readonly waiting: Queued<J>[] = [];
  private running: Queued<J> | null = null;
  private nextId = 1;

  constructor(private readonly opts: WorkerQueueOptions<J>) {}

  /** Runs `job` in the worker; settles with its result or the error it was answered with. */
  run(job: J, timeoutMs: number): Promise<unknown> {
    const limit = this.opts.maxWaiting;
    if (limit && this.waiting.length >= limit.count) return Promise.reject(limit.error());
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, job, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Starts the worker ahead of the first job (the service at start-up); settles when it is ready. */
  prewarm(): Promise<void> {
    return this.start().then(() => {
      if (!this.running) this.worker?.unref();
    }, () => undefined); // a failure shows again, with its reason, on the first job
  }

  /** Stops the worker (tests, shutdown, new limits); the next job starts a new one. */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }

  private workerScript(): Promise<string> {
    const here = fileURLToPath(this.opts.entry);
    this.script ??= build({
      entryPoints: [here],
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
      external: this.opts.external,
      // a CommonJS bundle has no import.meta.url: the entry's own
      define: { 'import.meta.url': '__fengongImportMetaUrl' },
      banner: {
        js: `require = require('node:module').createRequire(${JSON.stringify(here)});\nconst __fengongImportMetaUrl = ${JSON.stringify(pathToFileURL(here).href)};`,
      },
    }).then((r) => r.outputFiles[0].text, (err) => {
      this.script = null;
      throw err;
    });
    return this.script;
  }

  private start(): Promise<void> {
    this.ready ??= this.workerScript().then((code) => this.spawn(code));
    return this.ready;
  }

  /** The worker is gone (timed out, crashed, stopped): the next job starts a fresh one. */
  private forget(w: Worker): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.ready = null;
  }

  private spawn(code: string): Promise<void> {
    const w = new Worker(code, { eval: true, resourceLimits: this.opts.resourceLimits?.() });
    this.worker = w;
    let error: (Error & { code?: string }) | null = null;
    return new Promise<void>((resolve, reject) => {
      w.on('error', (err: Error & { code?: string }) => {
        this.forget(w);
        error = err;
        reject(err);
      });
      w.on('message', (m: Answer) => {
        if (m.ready) {
          if (!this.running) w.unref(); // started ahead of any job: idle
          return resolve();
        }
        const q = this.running;
        if (!q || q.id !== m.id) return;
        this.finish(q);
        if (m.error) {
          const err = new AppError(m.error.code, m.error.status);
          err.message = m.error.message; // the worker's message, with its detail
          return q.reject(err);
        }
        if (m.crash !== undefined) return q.reject(this.opts.crashed(m.crash.slice(0, 120)));
        q.resolve(m.result);
      });
      w.once('exit', () => {
        this.forget(w);
        const q = this.running;
        if (q?.worker !== w) return;
        this.finish(q);
        q.reject(this.opts.died(error));
      });
    });
  }

  /** The running job is settled: the next one goes. */
  private finish(q: Queued<J>): void {
    clearTimeout(q.timer);
    if (this.running === q) this.running = null;
    this.pump();
  }

  private pump(): void {
    if (this.running) return;
    const q = this.waiting.shift();
    if (!q) return void this.worker?.unref(); // idle: the worker must not keep the process alive
    this.running = q;
    this.start().then(() => {
      const w = this.worker!;
      q.worker = w;
      w.ref(); // busy: it must
      q.timer = setTimeout(() => {
        this.forget(w);
        void w.terminate(); // whatever it is stuck on stops; the jobs behind it go to a fresh worker
        this.finish(q);
        q.reject(this.opts.timedOut(q.timeoutMs));
      }, q.timeoutMs);
      try {
        const { job, transfer } = this.opts.message?.(q.job) ?? { job: q.job, transfer: [] };
        w.postMessage({ id: q.id, job }, transfer);
      } catch (err) {
        // what could not be cloned is a bug of ours: answered, and the worker stays for the next job
        this.finish(q);
        q.reject(this.opts.crashed(String((err as Error)?.message ?? err).slice(0, 120)));
      }
    }, (err) => {
      // the worker could not start (its bundle, its heap): answered like a worker that died
      this.finish(q);
      q.reject(err instanceof AppError ? err : this.opts.died(err));
    });
  }
}
