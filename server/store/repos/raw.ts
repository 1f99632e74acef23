// Whole tables as plain rows, in primary-key order: what `fengong migrate` copies between
// backends and compares afterwards. Only the tables of migrations.ts TABLES are reachable.
import { IDENTITY_TABLES, TABLES } from '../migrations';
import type { RepoEnv } from '../env';
import type { RawRow, RawTablesWrite } from '../types';

function tableOf(name: string) {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`unknown table ${name}`);
  return t;
}

// stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement
const MAX_PARAMS = 10_000;

export class RawRepo implements RawTablesWrite {
  readonly names = TABLES.map((t) => t.name);
  constructor(private env: RepoEnv) {}

  async count(table: string): Promise<number> {
    const r = await this.env.x.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${tableOf(table).name}`);
    return Number(r?.n ?? 0);
  }

  async read(table: string, opts: { after?: RawRow; limit: number }): Promise<RawRow[]> {
    const t = tableOf(table);
    const pk = t.pk.join(', ');
    const after = opts.after ? `WHERE (${pk}) > (${t.pk.map(() => '?').join(', ')})` : '';
    const args = opts.after ? t.pk.map((c) => opts.after![c]) : [];
    const rows = await this.env.x.all<RawRow>(`SELECT * FROM ${t.name} ${after} ORDER BY ${pk} LIMIT ?`, [...args, opts.limit]);
    // one representation on both sides: integers as numbers (PostgreSQL's COUNT/BIGINT parsers already give numbers)
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])) as RawRow);
  }

  async insert(table: string, rows: readonly RawRow[]): Promise<void> {
    this.env.memo?.clear();
    if (rows.length === 0) return;
    const t = tableOf(table);
    const cols = Object.keys(rows[0]);
    for (const c of cols) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`bad column ${c}`);
    const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const one = `(${cols.map(() => '?').join(', ')})`;
      await this.env.x.run(
        `INSERT INTO ${t.name} (${cols.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`,
        chunk.flatMap((r) => cols.map((c) => r[c] ?? null)),
      );
    }
  }

  async afterImport(sourceCursor: number): Promise<void> {
    const { x } = this.env;
    // Clients keep the cursor the old installation gave them, and the copied entries keep their
    // positions: new positions and cursors must lie above both (or a client would skip new changes).
    const floor = `MAX_OF((SELECT COALESCE(MAX(seq), 0) FROM entries), (SELECT COALESCE(MAX(seq), 0) FROM history), ?)`;
    if (x.dialect === 'sqlite') {
      await x.run(`DELETE FROM sqlite_sequence WHERE name = 'history'`);
      await x.run(`INSERT INTO sqlite_sequence (name, seq) VALUES ('history', ${floor.replace('MAX_OF', 'MAX')})`, [sourceCursor]);
      return; // AUTOINCREMENT follows explicit ids by itself elsewhere
    }
    await x.run(`UPDATE counters SET value = ${floor.replace('MAX_OF', 'GREATEST')} WHERE name = 'cursor_base'`, [sourceCursor]);
    await x.get(`SELECT setval('history_seq', (SELECT COALESCE(MAX(seq), 0) + 1 FROM history), false)`);
    for (const t of IDENTITY_TABLES) {
      await x.get(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${t}), false)`);
    }
  }
}
