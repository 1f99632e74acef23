// Checks a returned file before anything parses it for real (file-guard-core.ts: type by content,
// size, zip entries and inflated size counted while inflating, whole-column rules, huge sheets) —
// in a worker thread, one file at a time, so a zip bomb being refused never holds the event loop
// (docs/rules.md "Bounds"). Same inputs and outputs as the checks themselves, but asynchronous.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { AppError, type ErrorCode } from '../../shared/messages';
import { DEFAULT_LIMITS, type GuardLimits, type GuardResult } from './file-guard-core';

export { DEFAULT_LIMITS, rangeArea, type GuardLimits, type GuardResult } from './file-guard-core';

/** A file whose checks take longer than this is refused (and the worker restarted). */
export const GUARD_TIMEOUT_MS = 60_000;

interface Pending {
  resolve: (r: GuardResult) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
let ready: Promise<void> | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(err: AppError): void {
  for (const p of pending.values()) {
    clearTimeout(p.timer);
    p.reject(err);
  }
  pending.clear();
}

/** A job is done: an idle guard must not keep the process alive (a busy one must). */
function settle(id: number): void {
  pending.delete(id);
  if (pending.size === 0) worker?.unref();
}

/**
 * The worker's code: file-guard-worker.ts and the checks bundled into one script (esbuild, which tsx
 * already brings): the worker evaluates plain JavaScript and starts in a few milliseconds, where
 * loading TypeScript through tsx in the thread took a second.
 */
let script: Promise<string> | null = null;
function workerScript(): Promise<string> {
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./file-guard-worker.ts', import.meta.url))],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text, (err) => {
    script = null;
    throw err;
  });
  return script;
}

function start(): Promise<void> {
  if (ready) return ready;
  ready = workerScript().then((code) => spawn(code));
  return ready;
}

function spawn(code: string): Promise<void> {
  const w = new Worker(code, { eval: true });
  worker = w;
  return new Promise<void>((resolve, reject) => {
    w.once('error', reject);
    w.on('message', (m: { ready?: true; id?: number; result?: GuardResult; error?: { code: ErrorCode; status: number; message: string }; crash?: string }) => {
      if (m.ready) {
        if (pending.size === 0) w.unref(); // started ahead of any file: idle
        return resolve();
      }
      const p = pending.get(m.id!);
      if (!p) return;
      settle(m.id!);
      clearTimeout(p.timer);
      if (m.result) return p.resolve(m.result);
      if (m.error) {
        const err = new AppError(m.error.code, m.error.status);
        err.message = m.error.message; // the worker's message, with its detail
        return p.reject(err);
      }
      p.reject(new AppError('UNREADABLE_FILE', 400, m.crash?.slice(0, 120)));
    });
    const stopped = () => {
      if (worker === w) {
        worker = null;
        ready = null;
      }
      failAll(new AppError('UNREADABLE_FILE', 400, '文件检查中断'));
    };
    w.once('error', stopped);
    w.once('exit', stopped);
  });
}

/** Throws (rejects) unless `bytes` is an .xlsx that is safe to give to exceljs. */
export async function guardWorkbook(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): Promise<GuardResult> {
  if (bytes.byteLength === 0) throw new AppError('EMPTY_FILE', 400);
  if (bytes.byteLength > limits.maxFileBytes) throw new AppError('FILE_TOO_LARGE', 413, `上限 ${Math.round(limits.maxFileBytes / 1048576)} MB`);
  const id = nextId++;
  await start(); // the worker keeps the process alive from its start until its first answer
  const w = worker!;
  w.ref();
  const copy = new Uint8Array(bytes); // the worker gets its own copy (transferred, not cloned again)
  return new Promise<GuardResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      settle(id);
      reject(new AppError('UNREADABLE_FILE', 400, '文件过于复杂，检查超时'));
      void w.terminate(); // whatever it is stuck on stops; the next file starts a fresh worker
    }, GUARD_TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    w.postMessage({ id, bytes: copy.buffer, limits }, [copy.buffer as ArrayBuffer]);
  });
}

/** Starts the worker ahead of the first upload (the service at start-up), so that one is not slower. */
export function prewarmFileGuard(): void {
  start().catch(() => undefined); // a failure shows again, with its reason, on the first upload
}

/** Stops the worker (tests, shutdown); the next check starts a new one. */
export async function stopFileGuard(): Promise<void> {
  const w = worker;
  worker = null;
  ready = null;
  if (w) await w.terminate();
}
