// Writes dist/manifest.xml for a deployment: every https://localhost:3000 URL of manifest.xml
// becomes the given origin. Usage:
//   node bin/run-ts.mjs scripts/build-manifest.ts --url https://fengong.example.gov.cn [--out dist/manifest.xml]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rewriteManifest } from '../addin/manifest/rewrite';

const { values } = parseArgs({
  options: { url: { type: 'string' }, out: { type: 'string', default: 'dist/manifest.xml' }, in: { type: 'string', default: 'manifest.xml' } },
});
if (!values.url) {
  process.stderr.write('用法：node bin/run-ts.mjs scripts/build-manifest.ts --url https://服务地址 [--out dist/manifest.xml]\n');
  process.exit(2);
}
try {
  const xml = rewriteManifest(readFileSync(resolve(values.in!), 'utf8'), values.url);
  const out = resolve(values.out!);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, xml);
  process.stdout.write(`已写出 ${out}（加载项地址 ${new URL(values.url).origin}）\n`);
} catch (err) {
  process.stderr.write(`错误：${(err as Error).message}\n`);
  process.exit(2);
}
