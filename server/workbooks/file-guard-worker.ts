// The worker thread of file-guard.ts: inflating and scanning an uploaded workbook (a zip bomb takes
// seconds) happens here, so the service's event loop keeps answering everyone else. file-guard.ts
// bundles this file with the checks into one script the worker evaluates (no loader needed there).
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../shared/messages';
import { checkWorkbook, type GuardLimits } from './file-guard-core';

const port = parentPort!;
port.on('message', ({ id, bytes, limits }: { id: number; bytes: ArrayBuffer; limits: GuardLimits }) => {
  try {
    port.postMessage({ id, result: checkWorkbook(new Uint8Array(bytes), limits) });
  } catch (e) {
    if (e instanceof AppError) port.postMessage({ id, error: { code: e.code, status: e.status, message: e.message } });
    else port.postMessage({ id, crash: String((e as Error)?.message ?? e) });
  }
});
port.postMessage({ ready: true });
