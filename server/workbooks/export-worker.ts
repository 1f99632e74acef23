// The worker thread of export-pool.ts: a layout gathered on the main thread is rendered here
// (export-render.ts; the .docx of the largest plan takes seconds), one job at a time, so the
// service's event loop keeps answering everyone else. export-pool.ts bundles this file into the
// script the worker evaluates.
import { parentPort } from 'node:worker_threads';
import { renderExport, type RenderJob } from './export-render';

const port = parentPort!;
port.on('message', async ({ id, job }: { id: number; job: RenderJob }) => {
  try {
    const result = await renderExport(job);
    // bytes are transferred, not copied again
    if (typeof result === 'string') port.postMessage({ id, result });
    else {
      // a small Buffer may be a slice of Node's shared pool: transfer only a buffer of its own
      const own = result.byteOffset === 0 && result.byteLength === result.buffer.byteLength ? result : new Uint8Array(result);
      port.postMessage({ id, result: own }, [own.buffer as ArrayBuffer]);
    }
  } catch (e) {
    port.postMessage({ id, crash: String((e as Error)?.message ?? e) });
  }
});
port.postMessage({ ready: true });
