// Checks and parses an uploaded file (file-jobs.ts: type by content, size, zip entries and inflated
// size counted while inflating, huge sheets; then the sheets, Word tables or plan) in a worker
// thread, one file at a time, so neither a zip bomb being refused nor a large workbook being read
// ever holds the event loop (docs/rules.md "Bounds"). Bounded: at most MAX_WAITING_FILES wait (then
// 503 FILES_BUSY), each runs at most FILE_JOB_TIMEOUT_MS (then it is refused and the worker
// replaced; the files behind it go on in the new one). The main thread only receives plain data.
import type { ImportResult } from '../../shared/importer';
import { AppError } from '../../shared/messages';
import { DEFAULT_LIMITS, type GuardLimits, type GuardResult } from './file-guard-core';
import type { FileJob, FileJobResults, ParsedReturned, ReturnedContext, ReturnedParts } from './file-jobs';
import { WorkerQueue } from './worker-queue';

export { DEFAULT_LIMITS, type GuardLimits, type GuardResult } from './file-guard-core';
export type { ReturnedParts } from './file-jobs';

/** A file whose checks and parse take longer than this is refused (and the worker replaced). */
export const FILE_JOB_TIMEOUT_MS = 60_000;
export const GUARD_TIMEOUT_MS = FILE_JOB_TIMEOUT_MS;
/** Files waiting behind the one being read; one more is refused (503) rather than queued. */
export const MAX_WAITING_FILES = 16;

const queue = new WorkerQueue<FileJob>({
  entry: new URL('./file-guard-worker.ts', import.meta.url),
  external: ['exceljs', 'mammoth'],
  maxWaiting: { count: MAX_WAITING_FILES, error: () => new AppError('FILES_BUSY', 503) },
  timedOut: () => new AppError('UNREADABLE_FILE', 400, '文件过于复杂，处理超时'),
  died: () => new AppError('UNREADABLE_FILE', 400, '文件处理中断'),
  crashed: (message) => new AppError('UNREADABLE_FILE', 400, message),
  // the worker gets its own copy of the bytes (transferred, not cloned again)
  message: (job) => {
    const bytes = new Uint8Array(job.bytes);
    return { job: { ...job, bytes }, transfer: [bytes.buffer as ArrayBuffer] };
  },
});

function run<K extends FileJob['kind']>(job: Extract<FileJob, { kind: K }>, timeoutMs = FILE_JOB_TIMEOUT_MS): Promise<FileJobResults[K]> {
  return queue.run(job, timeoutMs) as Promise<FileJobResults[K]>;
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
  void queue.prewarm();
}

/** Stops the worker (tests, shutdown); the next file starts a new one. */
export function stopFileGuard(): Promise<void> {
  return queue.stop();
}
