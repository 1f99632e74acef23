// `fengong serve [--db FILE|postgres://…] [--port N] [--host H] [--http] [--cert F --key F] [--dev-certs] [--trust-proxy HOPS|ADDRS]`
import type { Command } from 'commander';
import { DEFAULT_DB, startServer } from '../serve';
import { isWorker, runPrimary, runWorker, workersRefusal } from '../serve-workers';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动同步服务（默认 HTTPS，端口 3000，数据库 ./data/fengong.db；--db postgres://… 使用 PostgreSQL）')
    .option('--db <file|url>', 'SQLite 数据库文件，或 PostgreSQL 地址 postgres://用户@主机:端口/库名（也可用环境变量 FENGONG_DB）', process.env.FENGONG_DB ?? DEFAULT_DB)
    .option('--port <n>', '端口', (v) => Number(v), Number(process.env.PORT ?? 3000))
    .option('--host <host>', '监听地址（默认所有地址）')
    .option('--http', '使用明文 HTTP（仅用于测试或由反向代理提供 HTTPS 时）')
    .option('--cert <file>', 'HTTPS 证书文件（PEM）')
    .option('--key <file>', 'HTTPS 私钥文件（PEM）')
    .option('--dev-certs', '使用 office-addin-dev-certs 的开发证书')
    .option('--log-level <level>', '日志级别（info、warn、silent…）')
    .option('--trust-proxy <proxies>', '位于反向代理之后时：信任的代理跳数（如 1）或代理地址（如 127.0.0.1,10.0.0.5）；只有它们转发的 X-Forwarded-For 才被采信（默认不采信）')
    .option('--workers <n>', '工作进程数（默认 1；大于 1 时需要 PostgreSQL，各进程共用一个端口）', (v) => Number(v), Number(process.env.FENGONG_WORKERS ?? 1))
    .option('--durability <mode>', '落盘方式：full（默认，SQLite synchronous=FULL，并发请求合并提交）或 wal-fsync（应答前在后台线程 fsync 预写日志）')
    .action(async (o: {
      db: string; port: number; host?: string; http?: boolean; cert?: string; key?: string; devCerts?: boolean; logLevel?: string; durability?: string;
      trustProxy?: string; workers: number;
    }) => {
      if (o.durability && o.durability !== 'full' && o.durability !== 'wal-fsync') throw new Error('--durability 只能是 wal-fsync 或 full');
      const refusal = workersRefusal(o.db, o.workers);
      if (refusal) throw new Error(refusal);
      const opts = {
        db: o.db, port: o.port, host: o.host, http: o.http, cert: o.cert, key: o.key, devCerts: o.devCerts, logLevel: o.logLevel,
        durability: o.durability as 'full' | 'wal-fsync' | undefined, trustProxy: parseTrustProxy(o.trustProxy),
      };
      if (o.workers > 1) return isWorker() ? runWorker(opts) : runPrimary({ ...opts, workers: o.workers });
      const running = await startServer(opts);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** `--trust-proxy 1` → one hop; `--trust-proxy 127.0.0.1,10.0.0.5` → those addresses. "Trust everyone" is refused: anyone could then claim any address. */
export function parseTrustProxy(v: string | undefined): number | string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (t === '' || /^(true|\*|all)$/i.test(t)) throw new Error('--trust-proxy 需要代理跳数（如 1）或代理地址（如 127.0.0.1），不能信任所有来源');
  return t;
}
