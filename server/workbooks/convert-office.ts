// Converting .xls / .et / .ods / .doc / .wps / .odt to .xlsx / .docx with LibreOffice, when it is
// installed on the server, in a sandboxed, time-limited child process:
// - its own temporary directory and profile, with macros disabled (security level "very high",
//   DisableMacrosExecution), so nothing in the file runs; the directory is removed afterwards;
// - no network where the kernel allows an unprivileged user + network namespace (unshare -rn), so a
//   linked image or external reference cannot reach anything;
// - an address-space and CPU-time limit (prlimit), a minimal environment, no stdin;
// - its own process group, killed at the deadline (and after a normal exit, for stragglers).
// One conversion runs at a time; a few more may wait, beyond that the file is refused (try later).
// The converted file is untrusted like any upload: the caller reads it through file-guard.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { AppError } from '../../shared/messages';
import type { ConvertFrom } from './file-format';

export interface ConvertLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  /** Address space of the LibreOffice process (bytes). */
  maxMemoryBytes: number;
}

export const CONVERT_LIMITS: ConvertLimits = { timeoutMs: 60_000, maxOutputBytes: 50 * 1024 * 1024, maxMemoryBytes: 4 * 1024 ** 3 };
const MAX_WAITING = 8;

const INSTALL_HINT = '服务器安装 LibreOffice 后可直接合并：apt-get install libreoffice-calc-nogui libreoffice-writer-nogui';

/** The LibreOffice executable: $FENGONG_SOFFICE if set (empty: none), else soffice / libreoffice on the PATH. */
export function findSoffice(): string | null {
  const env = process.env.FENGONG_SOFFICE;
  if (env !== undefined) return env && executable(env) ? env : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) if (executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Can this process start a child without network (unshare -rn), with limits (prlimit)? Probed once. */
let sandbox: { unshare: boolean; prlimit: boolean } | undefined;
function sandboxTools() {
  sandbox ??= {
    unshare: spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0,
    prlimit: spawnSync('prlimit', ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0,
  };
  return sandbox;
}

// Registry settings for the throw-away profile: no macro runs, whatever the document asks.
const PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
`;

/** Export filters (LibreOffice's names) and the extension LibreOffice recognises the input by. */
const TARGET = { xlsx: 'xlsx:Calc MS Excel 2007 XML', docx: 'docx:MS Word 2007 XML' } as const;
const INPUT_EXT: Record<ConvertFrom, string> = { xls: 'xls', et: 'xls', doc: 'doc', wps: 'doc', ods: 'ods', odt: 'odt' };

let chain: Promise<unknown> = Promise.resolve();
let waiting = 0;

/** The file converted, or an AppError: LibreOffice missing (what to install), busy, failed or too slow. */
export async function convertWithLibreOffice(bytes: Uint8Array, from: ConvertFrom, to: 'xlsx' | 'docx', limits: ConvertLimits = CONVERT_LIMITS): Promise<Buffer> {
  const soffice = findSoffice();
  if (!soffice) {
    throw from === 'xls' || from === 'et'
      ? new AppError('XLS_NOT_SUPPORTED', 400, `.${from}；${INSTALL_HINT}`)
      : new AppError('FORMAT_NOT_SUPPORTED', 400, `.${from} 需要 LibreOffice 转换；${INSTALL_HINT}`);
  }
  if (waiting >= MAX_WAITING) throw new AppError('CONVERSION_FAILED', 503, '服务器正在转换其他文件，请稍后再试');
  waiting++;
  const run = chain.then(
    () => convertOnce(soffice, bytes, from, to, limits),
    () => convertOnce(soffice, bytes, from, to, limits),
  );
  chain = run.catch(() => undefined).finally(() => waiting--);
  return run;
}

async function convertOnce(soffice: string, bytes: Uint8Array, from: ConvertFrom, to: 'xlsx' | 'docx', limits: ConvertLimits): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'fengong-convert-'));
  try {
    const inDir = join(dir, 'in');
    const outDir = join(dir, 'out');
    const profile = join(dir, 'profile');
    for (const d of [inDir, outDir, join(profile, 'user')]) mkdirSync(d, { recursive: true });
    writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), PROFILE);
    const input = join(inDir, `file.${INPUT_EXT[from]}`);
    writeFileSync(input, bytes);
    const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--invisible', '--nologo', '--norestore', '--nolockcheck', '--convert-to', TARGET[to], '--outdir', outDir, input];
    const tools = sandboxTools();
    const cmd = [
      ...(tools.unshare ? ['unshare', '-rn', '--'] : []),
      ...(tools.prlimit ? ['prlimit', `--as=${limits.maxMemoryBytes}`, `--cpu=${Math.ceil(limits.timeoutMs / 1000)}`, '--'] : []),
      soffice,
      ...args,
    ];
    await runLimited(cmd, dir, limits.timeoutMs, dirname(soffice));
    const out = join(outDir, `file.${to}`);
    let size: number;
    try {
      size = statSync(out).size;
    } catch {
      throw new AppError('CONVERSION_FAILED', 400, 'LibreOffice 无法读取此文件');
    }
    if (size > limits.maxOutputBytes) throw new AppError('FILE_TOO_LARGE', 413, '转换后的文件过大');
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runLimited(cmd: string[], cwd: string, timeoutMs: number, sofficeDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0], cmd.slice(1), {
      cwd,
      detached: true, // its own process group: the whole LibreOffice tree is killed together
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: `${sofficeDir}${delimiter}/usr/local/bin${delimiter}/usr/bin${delimiter}/bin`, HOME: cwd, TMPDIR: cwd, LANG: 'C.UTF-8', SAL_USE_VCLPLUGIN: 'svp' },
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new AppError('CONVERSION_FAILED', 500, e.message.slice(0, 120)));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      killGroup();
      if (timedOut) reject(new AppError('CONVERSION_FAILED', 400, `超过 ${Math.round(timeoutMs / 1000)} 秒`));
      else if (code !== 0) reject(new AppError('CONVERSION_FAILED', 400, stderr.trim().split('\n').pop()?.slice(0, 120) || `退出码 ${code}`));
      else resolve();
    });
  });
}
