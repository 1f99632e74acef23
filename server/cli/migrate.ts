// `fengong migrate --from data/fengong.db --to postgres://user@host:5432/db`: moves an office's
// whole installation to PostgreSQL (server/store/copy.ts) and verifies it table by table. The
// SQLite service must be stopped (a copy of a file being written would not be one moment's state);
// the target must be empty. Afterwards start the service with --db <the postgres URL>.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { copyInstallation } from '../store/copy';
import { isPostgresUrl, openStore } from '../store/open';
import { DEFAULT_DB, serverRunning } from '../serve';

const out = (s: string) => process.stdout.write(`${s}\n`);

export async function migrateCommand(o: { from: string; to: string }, print: (s: string) => void = out): Promise<void> {
  if (!isPostgresUrl(o.to)) throw new Error('--to 应为 PostgreSQL 地址，如 postgres://user@host:5432/fengong');
  const from = isPostgresUrl(o.from) ? o.from : resolve(o.from);
  if (!isPostgresUrl(from)) {
    if (!existsSync(from)) throw new Error(`数据库不存在：${from}`);
    const pid = serverRunning(from);
    if (pid) throw new Error(`服务正在使用 ${from}（进程 ${pid}），请先停止服务再迁移。`);
  }
  const source = await openStore(from);
  try {
    const target = await openStore(o.to);
    try {
      print(`正在从 ${from} 迁移到 ${o.to.replace(/\/\/[^@/]*@/, '//…@')}：`);
      const tables = await copyInstallation(source, target, print);
      const bad = tables.filter((t) => !t.same);
      for (const t of tables) print(`  ${t.same ? '✓' : '✗'} ${t.table}：源 ${t.source} 行，目标 ${t.target} 行`);
      if (bad.length) throw new Error(`校验不一致：${bad.map((t) => t.table).join('、')}。目标数据库请勿使用。`);
      print(`迁移完成，逐表行数与内容一致。用 fengong serve --db ${o.to.replace(/\/\/[^@/]*@/, '//…@')} 启动服务。`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('把整个安装（计划、期次、填报、历史、冲突、访问码…）迁移到 PostgreSQL 并逐表校验')
    .option('--from <db>', 'SQLite 数据库文件（服务须先停止）', process.env.FENGONG_DB ?? DEFAULT_DB)
    .requiredOption('--to <url>', 'PostgreSQL 地址（空数据库），如 postgres://user@host:5432/fengong')
    .action((o: { from: string; to: string }) => migrateCommand(o));
}
