// Bundles a strict fake (Excel or WPS) for the browser (an IIFE script), for tests that serve it in
// place of office.js or install it as WPS's globals. esbuild comes with the webpack loader we use.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const cached = new Map<string, string>();

async function bundle(entry: string): Promise<string> {
  if (cached.has(entry)) return cached.get(entry)!;
  const out = await build({ entryPoints: [resolve(entry)], bundle: true, format: 'iife', target: 'es2019', write: false, minify: false });
  cached.set(entry, out.outputFiles[0].text);
  return cached.get(entry)!;
}

export const fakeExcelScript = () => bundle('tests/fakes/excel/browser-install.ts');
export const fakeWpsScript = () => bundle('tests/fakes/wps/browser-install.ts');
