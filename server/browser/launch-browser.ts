// Launches the browser that find-browser.ts picks, driven by playwright-core — the same way for the
// service's print-to-PDF and for the tests. The bundled browser is unpacked first and gets its
// shared libraries (LD_LIBRARY_PATH) and a fontconfig file in its own environment only.
import { accessSync, constants, statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { bundledFontconfig, bundledPackage, unpackBundledChromium } from './bundled-chromium';
import { BrowserNotFound, browserCandidates, type BrowserCandidate, type FindContext } from './find-browser';

/** Headless, and quiet on a closed network (no background connections, no updates). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LAUNCH_TIMEOUT_MS = 60_000;
const SYSTEM_FONTCONFIG = '/etc/fonts/fonts.conf';

export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findContext(env: NodeJS.ProcessEnv = process.env): FindContext {
  const pkg = bundledPackage();
  return { platform: process.platform, arch: process.arch, env, isExecutable, bundled: pkg && { version: pkg.version } };
}

/** What print-to-PDF will use, for the start-up line; never throws. */
export function describeBrowser(env: NodeJS.ProcessEnv = process.env): { ok: boolean; text: string } {
  try {
    const [first, ...rest] = browserCandidates(findContext(env));
    return { ok: true, text: first.label + (rest.length ? `（不能启动时依次改用：${rest.map((c) => c.label).join('、')}）` : '') };
  } catch (err) {
    return { ok: false, text: (err as Error).message };
  }
}

export interface LaunchOptions {
  /** Default: browserCandidates() for this machine and environment. */
  candidates?: BrowserCandidate[];
  /** The bundled browser sees no system fonts at all, as on a machine with none installed. */
  bundledFontsOnly?: boolean;
}

export interface LaunchedBrowser {
  browser: Browser;
  candidate: BrowserCandidate;
  executablePath: string;
}

async function prepare(c: BrowserCandidate, opts: LaunchOptions): Promise<{ executablePath: string; env?: NodeJS.ProcessEnv }> {
  if (c.path) return { executablePath: c.path };
  const pkg = bundledPackage();
  if (!pkg) throw new BrowserNotFound('@sparticuz/chromium is not installed');
  const u = await unpackBundledChromium(pkg);
  const ld = [u.libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  // The system's fonts — or those of a FONTCONFIG_FILE set by whoever started us (CI uses one to
  // hide the system's CJK fonts) —, plus the package's Open Sans.
  const fontconfig = bundledFontconfig(u, opts.bundledFontsOnly ? null : (process.env.FONTCONFIG_FILE || SYSTEM_FONTCONFIG));
  return { executablePath: u.executablePath, env: { ...process.env, LD_LIBRARY_PATH: ld, FONTCONFIG_FILE: fontconfig } };
}

/** Playwright's first line, and the browser's own complaint (a missing library …) from its log. */
function launchError(err: unknown): string {
  const lines = String((err as Error).message ?? err).split('\n');
  const why = lines.slice(1).filter((l) => /error|cannot|no such|not found|denied/i.test(l)).slice(0, 2);
  return [lines[0], ...why.map((l) => l.trim())].join(' | ');
}

/**
 * Starts the first candidate that starts; one that fails is reported with the others if none does.
 * Throws BrowserNotFound naming every browser tried and why it did not start.
 */
export async function launchChromium(opts: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const candidates = opts.candidates ?? browserCandidates(findContext());
  const { chromium } = await import('playwright-core');
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      const { executablePath, env } = await prepare(candidate, opts);
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, env, timeout: LAUNCH_TIMEOUT_MS });
      return { browser, candidate, executablePath };
    } catch (err) {
      failures.push(`${candidate.label}: ${launchError(err)}`);
    }
  }
  throw new BrowserNotFound(`no browser could start — ${failures.join('; ')}`);
}
