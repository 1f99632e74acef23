// Checks and parses an uploaded file (file-jobs.ts: type by content, size, zip entries and inflated
// size counted while inflating, huge sheets; then the sheets, Word tables or plan) in a worker
// thread, one file at a time, so neither a zip bomb being refused nor a large workbook being read
// ever holds the event loop (docs/rules.md "Bounds"). Bounded: at most MAX_WAITING_FILES wait (then
// 503 FILES_BUSY), each runs at most FILE_JOB_TIMEOUT_MS (then it is refused and the worker
// replaced; the files behind it go on in the new one). The main thread only receives plain data.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { ImportResult } from '../../shared/importer';
import { AppError, type ErrorCode } from '../../shared/messages';
import { DEFAULT_LIMITS, type GuardLimits, type GuardResult } from './file-guard-core';
import type { FileJob, FileJobResults, ParsedReturned, ReturnedContext, ReturnedParts } from './file-jobs';

export { DEFAULT_LIMITS, type GuardLimits, type GuardResult } from './file-guard-core';
export type { ReturnedParts } from './file-jobs';

/** A file whose checks and parse take longer than this is refused (and the worker replaced). */
export const FILE_JOB_TIMEOUT_MS = 60_000;
export const GUARD_TIMEOUT_MS = FILE_JOB_TIMEOUT_MS;
/** Files waiting behind the one being read; one more is refused (503) rather than queued. */
export const MAX_WAITING_FILES = 16;

interface Queued {
  id: number;
  job: FileJob;
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  worker?: Worker;
}

let worker: Worker | null = null;
let ready: Promise<void> | null = null;
const waiting: Queued[] = [];
let running: Queued | null = null;
let nextId = 1;

/**
 * The worker's code: file-guard-worker.ts and the jobs bundled into one script (esbuild, which tsx
 * already brings): the worker evaluates plain JavaScript and starts in well under a second, where
 * loading TypeScript through tsx in the thread took seconds. exceljs and mammoth stay outside the
 * bundle and are required from node_modules (an eval'd worker resolves from here through the banner).
 */
let script: Promise<string> | null = null;
function workerScript(): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./file-guard-worker.ts', import.meta.url))],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
    // the big CommonJS libraries are required from node_modules as they are (bundling them took seconds)
    external: ['exceljs', 'mammoth'],
    banner: { js: `require = require('node:module').createRequire(${JSON.stringify(here)});` },
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

/** The worker is gone (timed out, crashed, stopped): the next job starts a fresh one. */
function forget(w: Worker): void {
  if (worker !== w) return;
  worker = null;
  ready = null;
}

function spawn(code: string): Promise<void> {
  const w = new Worker(code, { eval: true });
  worker = w;
  return new Promise<void>((resolve, reject) => {
    w.once('error', (err) => {
      forget(w);
      reject(err);
    });
    w.on('message', (m: { ready?: true; id?: number; result?: unknown; error?: { code: ErrorCode; status: number; message: string }; crash?: string }) => {
      if (m.ready) {
        if (!running) w.unref(); // started ahead of any file: idle
        return resolve();
      }
      const q = running;
      if (!q || q.id !== m.id) return;
      finish(q);
      if (m.error) {
        const err = new AppError(m.error.code, m.error.status);
        err.message = m.error.message; // the worker's message, with its detail
        return q.reject(err);
      }
      if (m.crash !== undefined) return q.reject(new AppError('UNREADABLE_FILE', 400, m.crash.slice(0, 120)));
      q.resolve(m.result);
    });
    w.once('exit', () => {
      forget(w);
      const q = running;
      if (q?.worker === w) {
        finish(q);
        q.reject(new AppError('UNREADABLE_FILE', 400, '文件处理中断'));
      }
    });
  });
}

/** The running job is settled: the next one goes. */
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
    w.ref(); // busy: it must
    q.timer = setTimeout(() => {
      forget(w);
      void w.terminate(); // whatever it is stuck on stops; the files behind it go to a fresh worker
      finish(q);
      q.reject(new AppError('UNREADABLE_FILE', 400, '文件过于复杂，处理超时'));
    }, q.timeoutMs);
    const bytes = new Uint8Array(q.job.bytes); // the worker gets its own copy (transferred, not cloned again)
    w.postMessage({ id: q.id, job: { ...q.job, bytes } }, [bytes.buffer as ArrayBuffer]);
  }, (err) => {
    finish(q);
    q.reject(err);
  });
}

function run<K extends FileJob['kind']>(job: Extract<FileJob, { kind: K }>, timeoutMs = FILE_JOB_TIMEOUT_MS): Promise<FileJobResults[K]> {
  if (waiting.length >= MAX_WAITING_FILES) return Promise.reject(new AppError('FILES_BUSY', 503));
  return new Promise((resolve, reject) => {
    waiting.push({ id: nextId++, job, resolve: resolve as (r: unknown) => void, reject, timeoutMs });
    pump();
  });
}

function sizeChecks(bytes: Uint8Array, limits: GuardLimits): void {
  if (bytes.byteLength === 0) throw new AppError('EMPTY_FILE', 400);
  if (bytes.byteLength > limits.maxFileBytes) throw new AppError('FILE_TOO_LARGE', 413, `上限 ${Math.round(limits.maxFileBytes / 1048576)} MB`);
}

/** Throws (rejects) unless `bytes` is an .xlsx (or a .docx) that is safe to read; its XML parts. */
export async function guardWorkbook(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): Promise<GuardResult> {
  sizeChecks(bytes, limits);
  return run({ kind: 'guard', bytes, limits });
}

/** A returned .xlsx / .docx, checked and read into grids in the worker. */
export async function readReturnedInWorker(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS, timeoutMs?: number): Promise<ReturnedParts> {
  sizeChecks(bytes, limits);
  return run({ kind: 'returned', bytes, limits }, timeoutMs);
}

/** A returned .xlsx / .docx, checked, read and matched against the plan in the worker. */
export async function parseReturnedInWorker(bytes: Uint8Array, limits: GuardLimits, context: ReturnedContext, timeoutMs?: number): Promise<ParsedReturned> {
  sizeChecks(bytes, limits);
  return run({ kind: 'parse-returned', bytes, limits, context }, timeoutMs);
}

/** A 分工表 file (.txt / .xlsx / .docx), checked and imported in the worker. */
export async function readPlanInWorker(bytes: Uint8Array, fileName: string, limits: GuardLimits = DEFAULT_LIMITS, timeoutMs?: number): Promise<ImportResult> {
  if (bytes.byteLength === 0) throw new AppError('EMPTY_FILE', 400, fileName);
  return run({ kind: 'plan', bytes, fileName, limits }, timeoutMs);
}

/** Starts the worker ahead of the first upload (the service at start-up), so that one is not slower. */
export function prewarmFileGuard(): void {
  start().then(() => {
    if (!running) worker?.unref();
  }, () => undefined); // a failure shows again, with its reason, on the first upload
}

/** Stops the worker (tests, shutdown); the next file starts a new one. */
export async function stopFileGuard(): Promise<void> {
  const w = worker;
  worker = null;
  ready = null;
  if (w) await w.terminate();
}
