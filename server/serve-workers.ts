// `fengong serve --workers N`: N service processes sharing one port (node:cluster; the primary
// accepts connections and hands them round-robin to the workers), for PostgreSQL only — a SQLite
// file has one writer process. The primary does the first start (reference plan, coordinator code,
// self-signed certificate) before forking, so the workers never race for it; then it only watches:
// a worker that dies is replaced, its connections' clients retry (every change has an id, and a
// retry is answered the same by any process). SIGINT/SIGTERM stop the workers, then the primary.
import cluster, { type Worker } from 'node:cluster';
import { dirname, resolve } from 'node:path';
import { openContext } from './context';
import { makeLogger } from './logger';
import { loadReferencePlan } from './readers/reference-plan';
import { DEFAULT_DB, hidePassword, printFirstStart, startServer, type ServeOptions } from './serve';
import { initialize, isInitialized } from './services/setup';
import { isPostgresUrl } from './store/open';
import { ensureSelfSigned } from './tls';

export const MAX_WORKERS = 64;

/** Why `--workers n` cannot run on this database, or null. */
export function workersRefusal(db: string, n: number): string | null {
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) return `--workers 应为 1 到 ${MAX_WORKERS} 之间的整数`;
  if (n > 1 && !isPostgresUrl(db)) {
    return '--workers 大于 1 需要 PostgreSQL（--db postgres://…）：一个 SQLite 数据库文件只能由一个进程写入。一个办公室用一个进程即可；多个进程请先用 fengong migrate 迁到 PostgreSQL（见 docs/deployment.md）。';
  }
  return null;
}

/** A worker that exits sooner than this after its start died "at once" (a bad option, the database gone). */
export const QUICK_EXIT_MS = 5000;
/** Workers dying at once this many times in a row, with none left serving: the primary gives up. */
export const MAX_QUICK_EXITS = 8;

/**
 * What the primary does after a worker exited: replace it at once after a long life; after quick
 * exits wait 2 s, 4 s … up to a minute (no tight restart loop hammering the database); and when
 * every worker keeps dying at once, stop with an error, so a supervisor (systemd …) sees the failure
 * instead of a service that never serves.
 */
export function restartAfterExit(quickExitsInARow: number, workersAlive: number): { delayMs: number } | 'give-up' {
  if (quickExitsInARow === 0) return { delayMs: 0 };
  if (quickExitsInARow >= MAX_QUICK_EXITS && workersAlive === 0) return 'give-up';
  return { delayMs: Math.min(60_000, 2000 * 2 ** Math.min(quickExitsInARow - 1, 5)) };
}

/** In the primary: first start, then N workers; resolves once all of them listen. */
export async function runPrimary(opts: ServeOptions & { db: string; workers: number }): Promise<void> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const shown = hidePassword(opts.db);
  const ctx = await openContext({ db: opts.db, logger: makeLogger(opts.logLevel) });
  try {
    if (!(await isInitialized(ctx))) await printFirstStart(ctx, await initialize(ctx, loadReferencePlan()), shown, print);
  } finally {
    await ctx.store.close();
  }
  if (!opts.http && !opts.cert && !opts.key && !opts.devCerts) await ensureSelfSigned(dirname(resolve(DEFAULT_DB)));

  let stopping = false;
  let quickExits = 0; // in a row
  const started = new Map<Worker, number>();
  const fork = (): Worker => {
    const w = cluster.fork();
    started.set(w, Date.now());
    return w;
  };
  cluster.on('exit', (w, code, signal) => {
    const at = started.get(w) ?? 0;
    started.delete(w);
    if (stopping) {
      if (started.size === 0) process.exit(0);
      return;
    }
    quickExits = Date.now() - at < QUICK_EXIT_MS ? quickExits + 1 : 0;
    const plan = restartAfterExit(quickExits, started.size);
    if (plan === 'give-up') {
      print(`工作进程连续 ${quickExits} 次启动后立即退出（最后一次：${signal ?? `退出码 ${code}`}），不再重试。请检查数据库地址和启动参数。`);
      process.exit(1);
    }
    print(`工作进程 ${w.process.pid} 已退出（${signal ?? `退出码 ${code}`}），${plan.delayMs ? `${plan.delayMs / 1000} 秒后` : '正在'}重新启动一个。`);
    setTimeout(() => {
      if (stopping) return;
      const next = fork();
      next.on('message', (m: { type?: string }) => m?.type === 'listening' && print(`工作进程 ${next.process.pid} 已接替。`));
    }, plan.delayMs);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (started.size === 0) process.exit(0);
    for (const w of started.keys()) w.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const urls = await Promise.all(
    Array.from({ length: opts.workers }, () =>
      new Promise<string>((res, rej) => {
        const w = fork();
        w.on('message', (m: { type?: string; url?: string }) => m?.type === 'listening' && res(m.url!));
        w.once('exit', (code) => rej(new Error(`工作进程启动失败（退出码 ${code}）`)));
      }),
    ),
  );
  print(`fengong 已启动：${urls[0]}  （数据库 ${shown}，${opts.workers} 个工作进程：${[...started.keys()].map((w) => w.process.pid).join('、')}）`);
}

/** In a worker: the ordinary server, quiet; tells the primary where it listens. */
export async function runWorker(opts: ServeOptions): Promise<void> {
  const running = await startServer({ ...opts, print: () => undefined });
  process.send?.({ type: 'listening', url: running.url });
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => undefined); // (the primary decides; a terminal's Ctrl-C reaches it too)
  process.once('SIGTERM', stop);
}

export const isWorker = () => cluster.isWorker;
