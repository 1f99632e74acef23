// Starts the service: opens (or creates) the database, on first start loads the reference plan,
// opens the current half-year's period and prints a coordinator code once; then listens on
// HTTPS (or plain HTTP with `http: true`).
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { DEFAULT_DURABILITY, openContext, type AppContext } from './context';
import { isPostgresUrl } from './store/open';
import type { Durability } from './store/sqlite';
import { makeLogger } from './logger';
import { loadReferencePlan } from './readers/reference-plan';
import { initialize, isInitialized, type FirstStart } from './services/setup';
import { closePdfBrowser } from './workbooks/pdf';
import { prewarmFileGuard, stopFileGuard } from './workbooks/file-guard';
import { prewarmExportWorker, stopExportWorker } from './workbooks/export-pool';
import { describeBrowser } from './browser/launch-browser';
import { devCerts, ensureSelfSigned, readCertFiles, trustHelp, type TlsMaterial } from './tls';
import { isTimeZone } from '../shared/model/deadline';

/** FENGONG_TIME_ZONE, refused at start when it is not a zone name (a typo must not move every deadline). */
function officeTimeZone(tz: string): string {
  if (!isTimeZone(tz)) throw new Error(`FENGONG_TIME_ZONE 不是有效的时区名称（如 Asia/Shanghai）：${tz}`);
  return tz;
}

export const DEFAULT_DB = 'data/fengong.db';

export interface ServeOptions {
  /** A SQLite file (default data/fengong.db) or a postgres:// URL. */
  db?: string;
  port?: number;
  host?: string;
  http?: boolean;
  cert?: string;
  key?: string;
  devCerts?: boolean;
  logLevel?: string;
  /** Where start-up messages go (the coordinator code, URLs); default stdout. */
  print?: (line: string) => void;
  /** SQLite: default 'full' = synchronous=FULL with group commit; 'wal-fsync' see server/store/sqlite.ts. */
  durability?: Durability;
  groupCommit?: boolean;
  /** `--trust-proxy`: hop count or proxy addresses (Express 'trust proxy'); default none. */
  trustProxy?: number | string;
}

export interface Running {
  url: string;
  ctx: AppContext;
  server: Server;
  firstStart: FirstStart | null;
  close(): Promise<void>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A pid file beside the database tells `fengong restore` the server is running. */
export function pidFileOf(dbPath: string): string {
  return `${dbPath}.pid`;
}

export function serverRunning(dbPath: string): number | null {
  const f = pidFileOf(dbPath);
  if (!existsSync(f)) return null;
  const pid = Number(readFileSync(f, 'utf8').trim());
  if (!pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** A database URL fit to print: the password left out. */
export function hidePassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@');
}

/** What a first start did, told once: the reference plan, the period, the coordinator code. */
export async function printFirstStart(ctx: AppContext, firstStart: FirstStart, shown: string, print: (line: string) => void): Promise<void> {
  const period = (await ctx.store.periods.get(firstStart.periodId))!;
  print(`首次启动：已导入参考分工表，已开启填报期次“${period.name}”（截止 ${period.deadline}）。`);
  print(`协调办公室访问码（只显示这一次，请妥善保存）：${firstStart.coordinatorCode}`);
  print(`遗失时可在服务器上运行：fengong admin reset-code --db "${shown}"`);
}

export async function startServer(opts: ServeOptions = {}): Promise<Running> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const target = opts.db ?? DEFAULT_DB;
  const pg = isPostgresUrl(target);
  const dbPath = pg ? null : resolve(target);
  const shown = dbPath ?? hidePassword(target);
  const ctx = await openContext({
    db: dbPath ?? target,
    logger: makeLogger(opts.logLevel),
    durability: opts.durability ?? DEFAULT_DURABILITY,
    groupCommit: opts.groupCommit,
    config: {
      staticDir: resolve(repoRoot, 'dist'),
      iconsDir: resolve(repoRoot, 'addin', 'assets'),
      // FENGONG_CORS_ORIGINS=https://a,https://b restricts CORS; default: any origin (auth is a bearer code, no cookies)
      corsOrigins: process.env.FENGONG_CORS_ORIGINS ? process.env.FENGONG_CORS_ORIGINS.split(',').map((o) => o.trim()) : undefined,
      trustProxy: opts.trustProxy ?? false,
      // FENGONG_FRAME_ANCESTORS=https://oos.example.gov.cn lets an intranet Office Online Server frame the task pane
      frameAncestors: process.env.FENGONG_FRAME_ANCESTORS ? process.env.FENGONG_FRAME_ANCESTORS.split(',').map((o) => o.trim()) : undefined,
      // FENGONG_TIME_ZONE=Asia/Urumqi: the office's zone, where date-only deadlines end (default Asia/Shanghai)
      ...(process.env.FENGONG_TIME_ZONE ? { timeZone: officeTimeZone(process.env.FENGONG_TIME_ZONE) } : {}),
    },
  });
  let firstStart: FirstStart | null = null;
  if (!(await isInitialized(ctx))) firstStart = await initialize(ctx, loadReferencePlan());

  const app = createApp(ctx);
  prewarmFileGuard();
  void prewarmExportWorker();
  let tls: TlsMaterial | null = null;
  if (!opts.http) {
    if (opts.cert || opts.key) {
      if (!opts.cert || !opts.key) throw new Error('--cert 与 --key 需要同时提供');
      tls = readCertFiles(opts.cert, opts.key);
    } else if (opts.devCerts) tls = await devCerts();
    else tls = await ensureSelfSigned(dirname(dbPath ?? resolve(DEFAULT_DB)));
  }
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, ca: tls.ca }, app) : createHttpServer(app);
  server.keepAliveTimeout = 65_000;
  const port = opts.port ?? 3000;
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    if (opts.host) server.listen(port, opts.host, () => res());
    else server.listen(port, () => res());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://localhost:${actualPort}`;
  if (dbPath) writeFileSync(pidFileOf(dbPath), String(process.pid));

  print(`fengong 已启动：${url}  （数据库 ${shown}）`);
  print(`  协调办公室控制台：${url}/console/    填报页：${url}/fill/    加载项：${url}/addin/taskpane.html`);
  const pdfBrowser = describeBrowser();
  print(pdfBrowser.ok ? `  打印 PDF 所用浏览器：${pdfBrowser.text}` : `  打印 PDF 不可用：${pdfBrowser.text}`);
  ctx.logger[pdfBrowser.ok ? 'info' : 'warn']({ browser: pdfBrowser.text }, 'print-to-PDF browser');
  if (tls?.origin === 'self-signed' && tls.certPath) print(trustHelp(tls.certPath));
  if (firstStart) await printFirstStart(ctx, firstStart, shown, print);

  return {
    url,
    ctx,
    server,
    firstStart,
    async close() {
      (server as Server).closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await closePdfBrowser(); // the print-to-PDF endpoint keeps one Chromium running
      await stopFileGuard();
      await stopExportWorker();
      await ctx.store.close();
      if (dbPath) rmSync(pidFileOf(dbPath), { force: true });
    },
  };
}
