// manifest.xml: the dev URLs, icons and pane location line up with what the server serves; the
// build step rewrites every URL for a deployment origin; both stay well-formed (saxes, a strict
// XML parser; xmllint in tests/interop; the XSD check runs in .ci/run with ../shared's schemas,
// which tests must not depend on).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertWellFormed } from '../helpers/xml';
import { DEV_ORIGIN, rewriteManifest } from '../../addin/manifest/rewrite';
import { DECLARED_EXCEL_API } from '../../addin/excel/excel-port';
// @ts-expect-error plain JS config
import makeConfig from '../../webpack.config.js';

const xml = readFileSync('manifest.xml', 'utf8');
const urls = (text: string) => [...text.matchAll(/DefaultValue="(https?:\/\/[^"]+)"|<AppDomain>([^<]+)</g)].map((m) => m[1] ?? m[2]);

describe('manifest.xml', () => {
  it('is a Workbook task-pane add-in with a zh-CN default and the declared ExcelApi set', () => {
    expect(xml).toContain('xsi:type="TaskPaneApp"');
    expect(xml).toContain('<Host Name="Workbook"/>');
    expect(xml).toContain('<DefaultLocale>zh-CN</DefaultLocale>');
    expect(xml).toContain('xsi:type="VersionOverridesV1_0"');
    expect(xml).toContain(`<Set Name="ExcelApi" MinVersion="${DECLARED_EXCEL_API}"/>`);
  });

  it('points at the dev server: icons that exist in addin/assets, the pane where webpack writes it', () => {
    const all = urls(xml);
    expect(all.length).toBeGreaterThan(5);
    for (const u of all) expect(u.startsWith(DEV_ORIGIN)).toBe(true);
    const icons = all.filter((u) => u.includes('/icons/'));
    expect(icons.length).toBeGreaterThanOrEqual(4);
    for (const u of icons) expect(existsSync(join('addin/assets', u.split('/icons/')[1]))).toBe(true);
    const [config] = makeConfig({}, { mode: 'production' });
    const pane = config.plugins.map((p: { userOptions?: { filename?: string } }) => p.userOptions?.filename).find((f: string) => f?.endsWith('taskpane.html'));
    expect(xml).toContain(`${DEV_ORIGIN}/${pane}`);
  });

  it('the build step rewrites every URL for the deployment origin and refuses bad ones', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.xml');
    execFileSync(process.execPath, ['bin/run-ts.mjs', 'scripts/build-manifest.ts', '--url', 'https://fengong.example.gov.cn', '--out', out]);
    const built = readFileSync(out, 'utf8');
    expect(built).not.toContain('localhost');
    expect(urls(built).every((u) => u.startsWith('https://fengong.example.gov.cn/') || u === 'https://fengong.example.gov.cn')).toBe(true);
    expect(urls(built)).toHaveLength(urls(xml).length);
    assertWellFormed(built);
    expect(() => rewriteManifest(xml, 'http://fengong.example.gov.cn')).toThrow(/https/);
    expect(() => rewriteManifest(xml, 'https://x.example/sub/path')).toThrow(/路径/);
    const bad = spawnSync(process.execPath, ['bin/run-ts.mjs', 'scripts/build-manifest.ts', '--url', 'ftp://x'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('https');
  });

  it('is well-formed XML (and the check would see a broken one)', () => {
    assertWellFormed(xml);
    expect(() => assertWellFormed(xml.replace('</Hosts>', ''))).toThrow();
  });
});
