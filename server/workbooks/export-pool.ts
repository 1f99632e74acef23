// Renders exports (export-render.ts) in a worker thread: the main thread gathers the layout from
// the store (export.ts) and posts it — plain data, structured-cloned —, the worker answers the
// file's bytes. So a 2,989-measure .docx or print view never holds the event loop that every other
// request needs (docs/rules.md "Bounds"). One worker, reused; jobs queue behind it (export-gate.ts
// already lets one export through at a time, four wait). Bounded: each job runs at most
// `timeoutMs` and within `maxOldGenerationSizeMb` of heap; past either the worker is terminated
// (or dies by itself), the request is answered EXPORT_TIMEOUT / EXPORT_FAILED, and the next job
// starts a fresh worker. Built like file-guard.ts: esbuild bundles the worker at first use.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { AppError } from '../../shared/messages';
import type { RenderJob, RenderResult } from './export-render';

export interface ExportWorkerLimits {
  /** A render taking longer is stopped (the worker terminated and replaced). */
  timeoutMs: number;
  /** The worker's heap; a render needing more ends the worker (ERR_WORKER_OUT_OF_MEMORY). */
  maxOldGenerationSizeMb: number;
}

// The .docx of the largest plan takes a few seconds, its peak heap a few hundred MB (docs/rules.md "Bounds").
export const DEFAULT_EXPORT_LIMITS: ExportWorkerLimits = { timeoutMs: 120_000, maxOldGenerationSizeMb: 2048 };

interface Queued {
  id: number;
  job: RenderJob;
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
  timer?: NodeJS.Timeout;
  worker?: Worker;
}

let limits: ExportWorkerLimits = { ...DEFAULT_EXPORT_LIMITS };
let worker: Worker | null = null;
let ready: Promise<void> | null = null;
const waiting: Queued[] = [];
let running: Queued | null = null;
let nextId = 1;

/**
 * The worker's code, bundled once (esbuild): plain JavaScript starts in well under a second. exceljs,
 * docx and fflate stay outside and are required from node_modules (the banner's require resolves
 * from here); import.meta.url, which a CommonJS bundle lacks, is this file's.
 */
let script: Promise<string> | null = null;
function workerScript(): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./export-worker.ts', import.meta.url))],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
    external: ['exceljs', 'exceljs/*', 'docx', 'fflate'],
    define: { 'import.meta.url': '__fengongImportMetaUrl' },
    banner: {
      js: `require = require('node:module').createRequire(${JSON.stringify(here)});\nconst __fengongImportMetaUrl = ${JSON.stringify(pathToFileURL(here).href)};`,
    },
  }).then((r) => r.outputFiles[0].text, (err) => {
    script = null;
    throw err;
  });
  return script;
}

function start(): Promise<void> {
  ready ??= workerScript().then((code) => spawn(code));
  return ready;
}

function forget(w: Worker): void {
  if (worker !== w) return;
  worker = null;
  ready = null;
}

function spawn(code: string): Promise<void> {
  const w = new Worker(code, { eval: true, resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb } });
  worker = w;
  let exitReason: AppError | null = null;
  return new Promise<void>((resolve, reject) => {
    w.on('error', (err: Error & { code?: string }) => {
      forget(w);
      exitReason = new AppError('EXPORT_FAILED', 503, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '超出内存限制' : String(err.message).slice(0, 120));
      reject(err);
    });
    w.on('message', (m: { ready?: true; id?: number; result?: unknown; crash?: string }) => {
      if (m.ready) {
        if (!running) w.unref(); // started ahead of any export: idle
        return resolve();
      }
      const q = running;
      if (!q || q.id !== m.id) return;
      finish(q);
      if (m.crash !== undefined) return q.reject(new AppError('EXPORT_FAILED', 503, m.crash.slice(0, 120)));
      q.resolve(m.result);
    });
    w.once('exit', () => {
      forget(w);
      const q = running;
      if (q?.worker === w) {
        finish(q);
        q.reject(exitReason ?? new AppError('EXPORT_FAILED', 503, '导出进程意外退出'));
      }
    });
  });
}

function finish(q: Queued): void {
  clearTimeout(q.timer);
  if (running === q) running = null;
  pump();
}

function pump(): void {
  if (running) return;
  const q = waiting.shift();
  if (!q) return void worker?.unref(); // idle: the worker must not keep the process alive
  running = q;
  start().then(() => {
    const w = worker!;
    q.worker = w;
    w.ref();
    q.timer = setTimeout(() => {
      forget(w);
      void w.terminate(); // whatever it is stuck on stops; the next export gets a fresh worker
      finish(q);
      q.reject(new AppError('EXPORT_TIMEOUT', 503, `超过 ${Math.round(limits.timeoutMs / 1000)} 秒`));
    }, limits.timeoutMs);
    try {
      w.postMessage({ id: q.id, job: q.job });
    } catch (err) {
      // what could not be cloned is a bug of ours: answered, and the worker stays for the next export
      finish(q);
      q.reject(new AppError('EXPORT_FAILED', 503, String((err as Error)?.message ?? err).slice(0, 120)));
    }
  }, (err) => {
    finish(q);
    q.reject(err instanceof AppError ? err : new AppError('EXPORT_FAILED', 503, String((err as Error)?.message ?? err).slice(0, 120)));
  });
}

/** Renders `job` in the export worker: its bytes (a Buffer), or the print view's HTML. */
export function renderInWorker<J extends RenderJob>(job: J): Promise<RenderResult<J> extends string ? string : Buffer> {
  return new Promise((resolve, reject) => {
    waiting.push({
      id: nextId++,
      job,
      // a Uint8Array comes back from the worker: as a Buffer (no copy) for res.send
      resolve: (r) => resolve((typeof r === 'string' ? r : Buffer.from((r as Uint8Array).buffer, (r as Uint8Array).byteOffset, (r as Uint8Array).byteLength)) as never),
      reject,
    });
    pump();
  });
}

/** Tests: other limits (a tiny time limit, a small heap); the next export starts a worker with them. */
export async function setExportWorkerLimits(next: Partial<ExportWorkerLimits>): Promise<void> {
  limits = { ...limits, ...next };
  await stopExportWorker();
}

/** Starts the worker ahead of the first export (the service at start-up); settles when it is ready. */
export function prewarmExportWorker(): Promise<void> {
  return start().then(() => {
    if (!running) worker?.unref();
  }, () => undefined); // a failure shows again, with its reason, on the first export
}

/** Stops the worker (tests, shutdown); the next export starts a new one. */
export async function stopExportWorker(): Promise<void> {
  const w = worker;
  worker = null;
  ready = null;
  if (w) await w.terminate();
}
