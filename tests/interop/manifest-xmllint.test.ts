// manifest.xml and the one the build step writes for a deployment, checked by libxml2 (the XSD
// validation against Microsoft's schemas needs ../shared and runs in .ci/run).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const wellFormed = (file: string) => spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });

describe('manifest.xml under xmllint', () => {
  it('the repository manifest and a built one are well-formed; a broken one is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      const out = join(dir, 'manifest.xml');
      execFileSync(process.execPath, ['bin/run-ts.mjs', 'scripts/build-manifest.ts', '--url', 'https://fengong.example.gov.cn', '--out', out]);
      for (const f of ['manifest.xml', out]) {
        const r = wellFormed(f);
        expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      }
      expect(wellFormed('package.json').status).not.toBe(0); // the check can fail
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
