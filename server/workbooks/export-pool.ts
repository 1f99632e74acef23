// Renders exports (export-render.ts) in a worker thread: the main thread gathers the layout from
// the store (export.ts) and posts it — plain data, structured-cloned —, the worker answers the
// file's bytes. So a 2,989-measure .docx or print view never holds the event loop that every other
// request needs (docs/rules.md "Bounds"). One worker, reused; jobs queue behind it (export-gate.ts
// already lets one export through at a time, four wait). Bounded: each job runs at most
// `timeoutMs` and within `maxOldGenerationSizeMb` of heap; past either the worker is terminated
// (or dies by itself), the request is answered EXPORT_TIMEOUT / EXPORT_FAILED, and the next job
// starts a fresh worker (worker-queue.ts, shared with the upload checks of file-guard.ts).
import { AppError } from '../../shared/messages';
import type { RenderJob, RenderResult } from './export-render';
import { WorkerQueue } from './worker-queue';

export interface ExportWorkerLimits {
  /** A render taking longer is stopped (the worker terminated and replaced). */
  timeoutMs: number;
  /** The worker's heap; a render needing more ends the worker (ERR_WORKER_OUT_OF_MEMORY). */
  maxOldGenerationSizeMb: number;
}

// The .docx of the largest plan takes a few seconds, its peak heap a few hundred MB (docs/rules.md "Bounds").
export const DEFAULT_EXPORT_LIMITS: ExportWorkerLimits = { timeoutMs: 120_000, maxOldGenerationSizeMb: 2048 };

let limits: ExportWorkerLimits = { ...DEFAULT_EXPORT_LIMITS };

const failed = (detail: string) => new AppError('EXPORT_FAILED', 503, detail);
const queue = new WorkerQueue<RenderJob>({
  entry: new URL('./export-worker.ts', import.meta.url),
  external: ['exceljs', 'exceljs/*', 'docx', 'fflate'],
  resourceLimits: () => ({ maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb }),
  timedOut: (ms) => new AppError('EXPORT_TIMEOUT', 503, `超过 ${Math.round(ms / 1000)} 秒`),
  died: (err) => failed(!err ? '导出进程意外退出' : err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '超出内存限制' : String(err.message).slice(0, 120)),
  crashed: failed,
});

/** Renders `job` in the export worker: its bytes (a Buffer), or the print view's HTML. */
export async function renderInWorker<J extends RenderJob>(job: J): Promise<RenderResult<J> extends string ? string : Buffer> {
  const r = await queue.run(job, limits.timeoutMs);
  // a Uint8Array comes back from the worker: as a Buffer (no copy) for res.send
  return (typeof r === 'string' ? r : Buffer.from((r as Uint8Array).buffer, (r as Uint8Array).byteOffset, (r as Uint8Array).byteLength)) as never;
}

/** Tests: other limits (a tiny time limit, a small heap); the next export starts a worker with them. */
export async function setExportWorkerLimits(next: Partial<ExportWorkerLimits>): Promise<void> {
  limits = { ...limits, ...next };
  await queue.stop();
}

/** Starts the worker ahead of the first export (the service at start-up); settles when it is ready. */
export function prewarmExportWorker(): Promise<void> {
  return queue.prewarm();
}

/** Stops the worker (tests, shutdown); the next export starts a new one. */
export function stopExportWorker(): Promise<void> {
  return queue.stop();
}
