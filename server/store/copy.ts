// Copies a whole installation from one store to another through the interface (RawTables):
// every table of migrations.ts TABLES, in primary-key pages, inside ONE transaction on the target
// (a failure leaves it empty), then verifies per table that the row count and a digest of every
// row are the same on both sides. Refuses a target that already holds anything.
// Note: the callback reads the source while the target's transaction is open — fine for this
// offline tool (the source is another database), unlike a service's callback (see types.ts).
import { createHash } from 'node:crypto';
import { TABLES } from './migrations';
import type { RawRow, RawTables, Store } from './types';

export interface TableCopy {
  table: string;
  source: number;
  target: number;
  /** Row digests equal. */
  same: boolean;
}

const PAGE = 2000;

/** Reads a table page by page (primary-key order). */
async function* rowsOf(raw: RawTables, table: string): AsyncGenerator<RawRow[]> {
  let after: RawRow | undefined;
  for (;;) {
    const limit = TABLES.find((t) => t.name === table)?.page ?? PAGE; // a page of big rows stays small
    const rows = await raw.read(table, { after, limit });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < limit) return;
    after = rows[rows.length - 1];
  }
}

/** Row count and a digest over every row (keys sorted, so column order does not matter). */
export async function digestTable(raw: RawTables, table: string): Promise<{ rows: number; digest: string }> {
  const h = createHash('sha256');
  let rows = 0;
  for await (const page of rowsOf(raw, table)) {
    for (const r of page) h.update(JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]))).update('\n');
    rows += page.length;
  }
  return { rows, digest: h.digest('hex') };
}

/** PostgreSQL text cannot hold U+0000 (SQLite can): say where, instead of failing obscurely mid-copy. */
function checkStorable(table: string, rows: readonly RawRow[]): void {
  for (const r of rows) {
    for (const [col, v] of Object.entries(r)) {
      if (typeof v === 'string' && v.includes('\u0000')) {
        const where = Object.entries(r).slice(0, 3).map(([k, x]) => `${k}=${String(x).slice(0, 40)}`).join(', ');
        throw new Error(`表 ${table} 中有一行（${where}）的 ${col} 含 NUL 字符（U+0000），PostgreSQL 无法保存；请先在原系统中修正这一处文字。`);
      }
    }
  }
}

export async function copyInstallation(from: Store, to: Store, log: (line: string) => void = () => undefined): Promise<TableCopy[]> {
  for (const t of to.raw.names) {
    const n = await to.raw.count(t);
    if (n > 0) throw new Error(`目标数据库不是空的（表 ${t} 已有 ${n} 行）：fengong migrate 只写入空数据库。`);
  }
  const cursor = await from.history.cursor(); // (the source is not written to meanwhile: an offline tool)
  await to.transaction(async (tx) => {
    for (const t of from.raw.names) {
      let copied = 0;
      for await (const page of rowsOf(from.raw, t)) {
        if (to.dialect === 'postgres') checkStorable(t, page);
        await tx.raw.insert(t, page);
        copied += page.length;
      }
      log(`  ${t}: ${copied} 行`);
    }
    await tx.raw.afterImport(cursor);
  });
  const out: TableCopy[] = [];
  for (const t of from.raw.names) {
    const [a, b] = [await digestTable(from.raw, t), await digestTable(to.raw, t)];
    out.push({ table: t, source: a.rows, target: b.rows, same: a.rows === b.rows && a.digest === b.digest });
  }
  return out;
}
