// Which Chromium-family browser prints PDFs and runs the browser tests. In this order:
//   1. FENGONG_CHROMIUM: a path to the browser's executable — or `bundled` / `system` to pick a kind;
//   2. a system Chromium, Chrome or Edge at its usual install path (Edge ships with Windows);
//   3. the Chromium inside the npm package @sparticuz/chromium (Linux x64 only), unpacked on first use.
// Pure over an injected platform, environment and file check, so each platform's order is tested.
import { posix, win32 } from 'node:path';

export type BrowserSource = 'configured' | 'system' | 'bundled';

export interface BrowserCandidate {
  source: BrowserSource;
  /** The executable; null for the bundled browser until it is unpacked. */
  path: string | null;
  /** For logs and the start-up line, e.g. "系统浏览器 /usr/bin/chromium". */
  label: string;
}

export interface FindContext {
  platform: NodeJS.Platform;
  arch: string;
  env: Record<string, string | undefined>;
  /** A regular file we may execute. */
  isExecutable(path: string): boolean;
  /** The npm package's browser, if installed and built for this platform (see bundled-chromium.ts). */
  bundled: { version: string } | null;
}

export class BrowserNotFound extends Error {}

/** Where system browsers live, most preferred first. Chromium before Chrome before Edge. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: FindContext['env']): string[] {
  if (platform === 'win32') {
    // Edge (Chromium) is part of Windows 10/11 and Windows Server 2022+; per-user Chrome installs
    // go under %LOCALAPPDATA%.
    const roots = [env['ProgramFiles'] ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)', env.LOCALAPPDATA].filter(
      (r): r is string => !!r,
    );
    const under = (...parts: string[]) => roots.map((r) => win32.join(r, ...parts));
    return [
      ...under('Chromium', 'Application', 'chrome.exe'),
      ...under('Google', 'Chrome', 'Application', 'chrome.exe'),
      ...under('Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ];
  }
  if (platform === 'darwin') {
    return ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'].map(
      (p) => posix.join('/Applications', p),
    );
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
  ];
}

function bundledCandidate(ctx: FindContext): BrowserCandidate | null {
  return ctx.bundled ? { source: 'bundled', path: null, label: `随 npm 安装的 Chromium（@sparticuz/chromium ${ctx.bundled.version}）` } : null;
}

function bundledMissing(ctx: FindContext): string {
  return ctx.platform === 'linux' && ctx.arch === 'x64'
    ? 'the npm package @sparticuz/chromium is not installed (run npm ci)'
    : `@sparticuz/chromium ships a browser for Linux x64 only (this is ${ctx.platform} ${ctx.arch}): install Chrome or Edge, or set FENGONG_CHROMIUM`;
}

/**
 * The browsers to try, in order (launching falls through to the next one when a browser does not
 * start). Throws BrowserNotFound, naming what is missing, when there is none.
 */
export function browserCandidates(ctx: FindContext): BrowserCandidate[] {
  const configured = ctx.env.FENGONG_CHROMIUM?.trim();
  const system = systemBrowserPaths(ctx.platform, ctx.env)
    .filter((p) => ctx.isExecutable(p))
    .map((p): BrowserCandidate => ({ source: 'system', path: p, label: `系统浏览器 ${p}` }));
  const bundled = bundledCandidate(ctx);

  if (configured === 'bundled') {
    if (!bundled) throw new BrowserNotFound(`FENGONG_CHROMIUM=bundled, but ${bundledMissing(ctx)}`);
    return [bundled];
  }
  if (configured === 'system') {
    if (system.length === 0) throw new BrowserNotFound(`FENGONG_CHROMIUM=system, but no Chromium, Chrome or Edge is installed (looked for ${systemBrowserPaths(ctx.platform, ctx.env).join(', ')})`);
    return system;
  }
  if (configured) {
    // A configured path that is wrong is an error, not a reason to quietly print with another browser.
    if (!ctx.isExecutable(configured)) throw new BrowserNotFound(`FENGONG_CHROMIUM=${configured}: no executable file there`);
    return [{ source: 'configured', path: configured, label: `FENGONG_CHROMIUM 指定的浏览器 ${configured}` }];
  }
  const all = bundled ? [...system, bundled] : system;
  if (all.length === 0) {
    throw new BrowserNotFound(
      `no browser for print-to-PDF: no Chromium, Chrome or Edge at ${systemBrowserPaths(ctx.platform, ctx.env).join(', ')}, and ${bundledMissing(ctx)}`,
    );
  }
  return all;
}
