// Checks a returned file before anything parses it for real (file-guard-core.ts: type by content,
// size, zip entries and inflated size counted while inflating, whole-column rules, huge sheets) —
// in a worker thread, one file at a time, so a zip bomb being refused never holds the event loop
// (docs/rules.md "Bounds"). Same inputs and outputs as the checks themselves, but asynchronous.
import { Worker } from 'node:worker_threads';
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

function start(): Promise<void> {
  if (ready) return ready;
  const w = new Worker(new URL('./file-guard-worker.mjs', import.meta.url));
  worker = w;
  ready = new Promise<void>((resolve, reject) => {
    w.once('error', reject);
    w.on('message', (m: { ready?: true; id?: number; result?: GuardResult; error?: { code: ErrorCode; status: number; message: string }; crash?: string }) => {
      if (m.ready) return resolve();
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
  return ready;
}

/** Throws (rejects) unless `bytes` is an .xlsx that is safe to give to exceljs. */
export async function guardWorkbook(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): Promise<GuardResult> {
  if (bytes.byteLength === 0) throw new AppError('EMPTY_FILE', 400);
  if (bytes.byteLength > limits.maxFileBytes) throw new AppError('FILE_TOO_LARGE', 413, `上限 ${Math.round(limits.maxFileBytes / 1048576)} MB`);
  const id = nextId++;
  const starting = start();
  worker!.ref();
  try {
    await starting;
  } catch (e) {
    if (pending.size === 0) worker?.unref();
    throw e;
  }
  const w = worker!;
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

/** Stops the worker (tests, shutdown); the next check starts a new one. */
export async function stopFileGuard(): Promise<void> {
  const w = worker;
  worker = null;
  ready = null;
  if (w) await w.terminate();
}
