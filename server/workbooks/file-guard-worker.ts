// The worker thread of file-guard.ts: checking and parsing an uploaded file (file-jobs.ts; a zip
// bomb takes seconds, a large workbook as long) happens here, one job at a time, so the service's
// event loop keeps answering everyone else. file-guard.ts bundles this file with the jobs into one
// script the worker evaluates (no loader needed there).
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../shared/messages';
import { runFileJob, type FileJob } from './file-jobs';

const port = parentPort!;
port.on('message', async ({ id, job }: { id: number; job: FileJob }) => {
  try {
    port.postMessage({ id, result: await runFileJob(job) });
  } catch (e) {
    if (e instanceof AppError) port.postMessage({ id, error: { code: e.code, status: e.status, message: e.message } });
    else port.postMessage({ id, crash: String((e as Error)?.message ?? e) });
  }
});
port.postMessage({ ready: true });
