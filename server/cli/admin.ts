// Operations commands.
//   Server console (works on the database file directly; run them on the server):
//     fengong admin reset-code [--db FILE] [--revoke-others]   a new coordinator code for a lost one
//     fengong backup <file> [--db FILE]                         SQLite online backup, safe while serving
//     fengong restore <file> [--db FILE]                        replace the database (server stopped)
//   (PostgreSQL: pg_dump / pg_restore, docs/deployment.md — these two say so.)
//   Writing commands go through the service's API with a coordinator code, so history records who
//   and from where (--server URL --code CODE, or FENGONG_SERVER / FENGONG_CODE):
//     fengong admin codes | issue-code | revoke-code | periods | open-period | close-period |
//                   reopen-period | status
import type { Command } from 'commander';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeContext, openContext } from '../context';
import { makeLogger } from '../logger';
import { resetCoordinatorCode } from '../services/codes';
import { DEFAULT_DB, serverRunning } from '../serve';
import { isPostgresUrl } from '../store/open';
import { backupSqliteFile, checkSqliteBackup } from '../store/sqlite-files';
import { callApi, periodIdOf, serviceOptions, type ServiceOpts } from './service-client';

const out = (s: string) => process.stdout.write(`${s}\n`);

/** --db: a postgres:// URL as given, a file resolved. */
const dbArg = (db: string) => (isPostgresUrl(db) ? db : resolve(db));

/** What `fengong backup` / `restore` answer for a PostgreSQL database: the tools that do it there. */
export function pgBackupHelp(kind: 'backup' | 'restore'): string {
  return kind === 'backup'
    ? 'PostgreSQL 数据库请用 pg_dump 备份，例如：pg_dump -Fc -f fengong.dump "postgres://用户@主机:5432/库名"（见 docs/deployment.md）。\n' +
        'This is a PostgreSQL database: back it up with pg_dump (e.g. pg_dump -Fc -f fengong.dump <url>), see docs/deployment.md.'
    : 'PostgreSQL 数据库请用 pg_restore 恢复，例如：pg_restore --clean --if-exists -d "postgres://用户@主机:5432/库名" fengong.dump（先停止服务，见 docs/deployment.md）。\n' +
        'This is a PostgreSQL database: restore it with pg_restore (e.g. pg_restore --clean --if-exists -d <url> fengong.dump, service stopped), see docs/deployment.md.';
}

export async function backupDatabase(db: string, file: string): Promise<void> {
  if (isPostgresUrl(db)) throw new Error(pgBackupHelp('backup'));
  await backupSqliteFile(db, file);
}

/** Checks the file is a fengong database, then swaps it in (the server must be stopped). */
export function restoreDatabase(dbPath: string, file: string): void {
  if (isPostgresUrl(dbPath)) throw new Error(pgBackupHelp('restore'));
  if (!existsSync(file)) throw new Error(`备份文件不存在：${file}`);
  const pid = serverRunning(dbPath);
  if (pid) throw new Error(`服务正在运行（进程 ${pid}），请先停止服务再恢复。`);
  checkSqliteBackup(file);
  const tmp = `${dbPath}.restoring`;
  copyFileSync(file, tmp);
  for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  renameSync(tmp, dbPath);
}

export function registerAdmin(program: Command): void {
  program
    .command('backup <file>')
    .description('备份数据库（SQLite 在线备份，服务运行时也可执行）')
    .option('--db <file>', '数据库文件（或 postgres:// 地址）', process.env.FENGONG_DB ?? DEFAULT_DB)
    .action(async (file: string, o: { db: string }) => {
      await backupDatabase(dbArg(o.db), resolve(file));
      out(`已备份到 ${resolve(file)}`);
    });

  program
    .command('restore <file>')
    .description('从备份恢复数据库（需先停止服务）')
    .option('--db <file>', '数据库文件（或 postgres:// 地址）', process.env.FENGONG_DB ?? DEFAULT_DB)
    .action((file: string, o: { db: string }) => {
      restoreDatabase(dbArg(o.db), resolve(file));
      out(`已从 ${resolve(file)} 恢复到 ${resolve(o.db)}。客户端下次同步会收到“同步游标无效”并重新完整同步。`);
    });

  const admin = program.command('admin').description('协调办公室管理命令');

  admin
    .command('reset-code')
    .description('在服务器上为遗失访问码的协调办公室生成新访问码')
    .option('--db <file>', '数据库文件（或 postgres:// 地址）', process.env.FENGONG_DB ?? DEFAULT_DB)
    .option('--revoke-others', '同时停用其他所有协调办公室访问码')
    .action(async (o: { db: string; revokeOthers?: boolean }) => {
      const db = dbArg(o.db);
      if (!isPostgresUrl(db) && !existsSync(db)) throw new Error(`数据库不存在：${db}`);
      const ctx = await openContext({ db, logger: makeLogger('silent') });
      try {
        const r = await resetCoordinatorCode(ctx, { revokeOthers: o.revokeOthers });
        if (r.revoked) out(`已停用 ${r.revoked} 个旧的协调办公室访问码。`);
        out(`新的协调办公室访问码（只显示这一次）：${r.code}`);
      } finally {
        await closeContext(ctx);
      }
    });

  serviceOptions(admin.command('codes').description('列出访问码')).action(async (o: ServiceOpts) => {
    const { codes } = await callApi(o, 'codes', {});
    for (const c of codes) out(`${c.id}\t${c.role}\t${c.unitId ?? '-'}\t${c.person ?? '-'}\t到期 ${c.expiresAt ?? '不限'}\t${c.revokedAt ? '已停用' : '有效'}`);
  });

  serviceOptions(admin.command('issue-code').description('发放访问码（不指定 --unit 则为协调办公室）'))
    .option('--unit <unitId>', '单位')
    .option('--person <name>', '使用人')
    .option('--expires <iso>', '到期时间（ISO 日期）')
    .action(async (o: ServiceOpts & { unit?: string; person?: string; expires?: string }) => {
      const r = await callApi(o, 'issueCode', {}, { unitId: o.unit ?? null, person: o.person, expiresAt: o.expires });
      out(`访问码（只显示这一次）：${r.code}\t(${r.info.id}，${r.info.unitId ?? '协调办公室'}，到期 ${r.info.expiresAt ?? '不限'})`);
    });

  serviceOptions(admin.command('revoke-code <codeId>').description('停用访问码')).action(async (codeId: string, o: ServiceOpts) => {
    const r = await callApi(o, 'revokeCode', { params: { codeId } });
    out(`已停用 ${r.id}（${r.revokedAt}）`);
  });

  serviceOptions(admin.command('periods').description('列出填报期次')).action(async (o: ServiceOpts) => {
    const { periods } = await callApi(o, 'periods', {});
    for (const p of periods) out(`${p.id}\t${p.name}\t${p.state === 'open' ? '填报中' : '已关闭'}\t截止 ${p.deadline ?? '-'}`);
  });

  serviceOptions(admin.command('open-period <name>').description('开启新的填报期次（默认沿用上一期内容）'))
    .option('--deadline <date>', '截止日期 YYYY-MM-DD')
    .option('--no-carry-over', '不沿用上一期内容')
    .option('--plan <planId>', '计划（默认当前计划）')
    .action(async (name: string, o: ServiceOpts & { deadline?: string; carryOver: boolean; plan?: string }) => {
      const p = await callApi(o, 'openPeriod', {}, { name, deadline: o.deadline ?? null, carryOver: o.carryOver, planId: o.plan });
      out(`已开启 ${p.name}（${p.id}）`);
    });

  serviceOptions(admin.command('close-period [periodId]').description('关闭填报期次（冻结汇总表）')).action(async (id: string | undefined, o: ServiceOpts) => {
    const p = await callApi(o, 'closePeriod', { params: { periodId: await periodIdOf(o, id) } });
    out(`已关闭 ${p.name}（${p.closedAt}）`);
  });

  serviceOptions(admin.command('reopen-period <periodId>').description('重新开启已关闭的期次')).action(async (id: string, o: ServiceOpts) => {
    const p = await callApi(o, 'reopenPeriod', { params: { periodId: id } });
    out(`已重新开启 ${p.name}`);
  });

  serviceOptions(admin.command('status [periodId]').description('报送情况与催报清单')).action(async (id: string | undefined, o: ServiceOpts) => {
    const r = await callApi(o, 'reportStatus', { params: { periodId: await periodIdOf(o, id) } });
    out(`${r.period.name}：${r.units.length} 个单位，未报送 ${r.chase.length} 个`);
    for (const u of r.chase) out(`  未报送\t${u.unitName}\t已填 ${u.filled}/${u.assigned}\t${u.contact || ''}${u.overdue ? '\t已逾期' : ''}`);
  });
}
