// SQLite files as files: an online backup of a database another process may be writing, and the
// check a backup must pass before `fengong restore` swaps it in. (The store itself: sqlite.ts.)
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { SCHEMA_VERSION } from './migrations';

/**
 * Copy every remaining page in one step. In steps (better-sqlite3's default: 100 pages, yielding
 * between them) SQLite restarts the backup whenever another connection writes in between, so a
 * busy server's file larger than one step (400 KB: a few 佐证材料) was never backed up. One step is
 * one read transaction: consistent, and in WAL mode writers carry on meanwhile.
 */
export const ALL_AT_ONCE = (): number => 0x7fffffff;

/** SQLite's online backup of `dbPath` to `file` (a consistent copy while the server keeps writing). */
export async function backupSqliteFile(dbPath: string, file: string): Promise<void> {
  if (!existsSync(dbPath)) throw new Error(`数据库不存在：${dbPath}`);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file, { progress: ALL_AT_ONCE });
  } finally {
    db.close();
  }
}

/** Throws (in Chinese) unless `file` is an intact fengong database this release can open. */
export function checkSqliteBackup(file: string): void {
  const check = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`备份文件已损坏：${ok}`);
    const v = check.pragma('user_version', { simple: true }) as number;
    if (v < 1 || v > SCHEMA_VERSION) throw new Error('这不是 fengong 的备份文件（或版本不符）。');
    check.prepare('SELECT COUNT(*) FROM history').get();
  } finally {
    check.close();
  }
}
