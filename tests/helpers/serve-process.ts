// A real `fengong serve` child process on an ephemeral port, for the crash and multi-process tests:
// resolves once it prints its address (and, on a first start, the coordinator code's reset hint).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  out: () => string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'); // (also loaded as ESM by the bench)

/** Starts `fengong serve --db <db>` in `cwd`; the child is pushed onto `children` for cleanup. */
export function serveProcess(db: string, cwd: string, children: ChildProcess[], firstStart = false): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(root, 'bin', 'fengong.mjs'), 'serve', '--http', '--port', '0', '--host', '127.0.0.1', '--db', db, '--log-level', 'silent'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((res, rej) => {
    const t = setInterval(() => {
      const m = /已启动：(http:\/\/localhost:\d+)/.exec(out);
      if (m && (!firstStart || /reset-code/.test(out))) {
        clearInterval(t);
        res({ child, url: m[1].replace('localhost', '127.0.0.1'), out: () => out });
      }
    }, 50);
    setTimeout(() => rej(new Error(`server did not start: ${out}`)), 60_000).unref();
    child.on('exit', (code) => {
      clearInterval(t);
      rej(new Error(`server exited ${code}: ${out}`));
    });
  });
}
