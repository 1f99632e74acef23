import { describe, expect, it } from 'vitest';
import { BrowserNotFound, browserCandidates, systemBrowserPaths, type FindContext } from './find-browser';

const WIN_ENV = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\office\\AppData\\Local' };
const EDGE = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';

function ctx(over: Partial<FindContext> & { files?: string[] } = {}): FindContext {
  const files = new Set(over.files ?? []);
  return { platform: 'linux', arch: 'x64', env: {}, bundled: { version: '147.0.0' }, isExecutable: (p) => files.has(p), ...over };
}
const paths = (c: FindContext) => browserCandidates(c).map((b) => `${b.source}:${b.path ?? 'npm'}`);

describe('which browser prints PDFs and runs the browser tests', () => {
  it('Linux: system Chromium first, then Chrome, then Edge, then the Chromium that came with npm ci', () => {
    expect(paths(ctx({ files: ['/usr/bin/microsoft-edge', '/usr/bin/google-chrome', '/usr/bin/chromium'] }))).toEqual([
      'system:/usr/bin/chromium',
      'system:/usr/bin/google-chrome',
      'system:/usr/bin/microsoft-edge',
      'bundled:npm',
    ]);
    expect(paths(ctx())).toEqual(['bundled:npm']);
  });

  it('FENGONG_CHROMIUM: a path wins over everything; a wrong path is an error, not a quiet fallback', () => {
    const c = ctx({ files: ['/usr/bin/chromium', '/opt/chrome/chrome'], env: { FENGONG_CHROMIUM: '/opt/chrome/chrome' } });
    expect(paths(c)).toEqual(['configured:/opt/chrome/chrome']);
    expect(() => browserCandidates(ctx({ files: ['/usr/bin/chromium'], env: { FENGONG_CHROMIUM: '/opt/nothing' } }))).toThrow(/FENGONG_CHROMIUM=\/opt\/nothing: no executable/);
  });

  it('FENGONG_CHROMIUM=bundled / system picks that kind only, and says what is missing', () => {
    const files = ['/usr/bin/chromium'];
    expect(paths(ctx({ files, env: { FENGONG_CHROMIUM: 'bundled' } }))).toEqual(['bundled:npm']);
    expect(paths(ctx({ files, env: { FENGONG_CHROMIUM: 'system' } }))).toEqual(['system:/usr/bin/chromium']);
    expect(() => browserCandidates(ctx({ files, bundled: null, env: { FENGONG_CHROMIUM: 'bundled' } }))).toThrow(/not installed \(run npm ci\)/);
    expect(() => browserCandidates(ctx({ env: { FENGONG_CHROMIUM: 'system' } }))).toThrow(/no Chromium, Chrome or Edge is installed/);
  });

  it('nothing at all: the error names the paths looked at and the missing npm package', () => {
    const e = (() => {
      try {
        browserCandidates(ctx({ bundled: null }));
      } catch (err) {
        return err as Error;
      }
    })();
    expect(e).toBeInstanceOf(BrowserNotFound);
    expect(e!.message).toContain('/usr/bin/chromium');
    expect(e!.message).toContain('@sparticuz/chromium is not installed');
  });

  it('Windows: Edge (part of Windows 10/11 and Server 2022) is found under Program Files (x86); Chrome comes before it', () => {
    const win = (files: string[], env: Record<string, string> = WIN_ENV) => ctx({ platform: 'win32', bundled: null, env, files });
    expect(paths(win([EDGE]))).toEqual([`system:${EDGE}`]);
    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const userChrome = 'C:\\Users\\office\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(paths(win([EDGE, userChrome, chrome]))).toEqual([`system:${chrome}`, `system:${userChrome}`, `system:${EDGE}`]);
    // Without the usual environment (a service account), the default install folders are still looked at.
    expect(paths(win([EDGE], {}))).toEqual([`system:${EDGE}`]);
    // Program Files on another drive comes from the environment.
    expect(systemBrowserPaths('win32', { ProgramFiles: 'D:\\Programs' })).toContain('D:\\Programs\\Microsoft\\Edge\\Application\\msedge.exe');
  });

  it('Windows or macOS without a browser: the npm package has no browser for them, and the error says so', () => {
    expect(() => browserCandidates(ctx({ platform: 'win32', bundled: null, env: WIN_ENV }))).toThrow(/Linux x64 only \(this is win32 x64\).*FENGONG_CHROMIUM/);
    expect(() => browserCandidates(ctx({ arch: 'arm64', bundled: null }))).toThrow(/Linux x64 only \(this is linux arm64\)/);
    const mac = ctx({ platform: 'darwin', bundled: null, files: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'] });
    expect(paths(mac)).toEqual(['system:/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']);
  });
});
