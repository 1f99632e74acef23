// The worker thread of file-guard.ts: inflating and scanning an uploaded workbook (a zip bomb takes
// seconds) happens here, so the service's event loop keeps answering everyone else. Loads the
// TypeScript checks through tsx, as bin/fengong.mjs does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { checkWorkbook } = await import('./file-guard-core.ts');

parentPort.on('message', ({ id, bytes, limits }) => {
  try {
    parentPort.postMessage({ id, result: checkWorkbook(new Uint8Array(bytes), limits) });
  } catch (e) {
    const err = e && typeof e === 'object' && e.name === 'AppError' ? { code: e.code, status: e.status, message: e.message } : null;
    parentPort.postMessage({ id, error: err, crash: err ? undefined : String(e?.message ?? e) });
  }
});
parentPort.postMessage({ ready: true });
