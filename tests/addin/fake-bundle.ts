// Bundles the strict fake Excel for the browser (an IIFE script), for tests that serve it in place
// of office.js. esbuild comes with the webpack loader we already use.
import { build } from 'esbuild';
import { resolve } from 'node:path';

let cached: string | null = null;

export async function fakeExcelScript(): Promise<string> {
  if (cached) return cached;
  const out = await build({
    entryPoints: [resolve('addin/fake-excel/browser-install.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    minify: false,
  });
  cached = out.outputFiles[0].text;
  return cached;
}
