// `fengong migrate`'s copy (server/store/copy.ts) from a file of the first release into the
// PostgreSQL backend on PGlite: every table's rows identical, the store working afterwards,
// a non-empty target refused, text PostgreSQL cannot hold refused with a clear message and
// nothing written. (The command itself against the real server: migrate.pg.test.ts.)
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { copyInstallation } from '../../server/store/copy';
import { EVIDENCE_CHUNK } from '../../server/store/repos/evidence';
import { pgliteDriver } from '../../server/store/pg-driver';
import { PgStore } from '../../server/store/postgres';
import { SqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { write } from './contract';
import { unpackV2Fixture } from './fixture';

let db: PGlite | null = null;
let n = 0;
const dirs: string[] = [];
async function pgTarget(): Promise<PgStore> {
  db ??= await PGlite.create();
  const schema = `m${++n}`;
  return PgStore.open(pgliteDriver(db, { schema }), { schema });
}
const allRows = async (s: Store) => Object.fromEntries(await Promise.all(s.raw.names.map(async (t) => [t, await s.raw.read(t, { limit: 100_000 })])));

afterAll(async () => {
  await db?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('copying an installation to PostgreSQL', () => {
  it('copies every table identically, refuses to copy into it again, and the copy goes on working', async () => {
    const { dir, file } = unpackV2Fixture();
    dirs.push(dir);
    const from = new SqliteStore(file);
    const to = await pgTarget();
    try {
      // 佐证材料 go along: a file larger than one stored chunk, every byte value, read back whole on the target
      const [firstPeriod] = await from.periods.list();
      const file = new Uint8Array(EVIDENCE_CHUNK + 300).map((_, i) => (i * 7 + 3) % 256);
      await from.transaction((tx) => tx.evidence.insert({
        id: 'ev-migrate', periodId: firstPeriod.id, measureKey: '1.1', unitId: 'u1', name: '验收报告.pdf', kind: 'pdf', size: file.length,
        sha256: 'x', createdAt: '2026-12-03T08:00:00.000Z', createdBy: '单位u1', codeId: null, deletedAt: null, deletedBy: null,
      }, file));
      const lines: string[] = [];
      const report = await copyInstallation(from, to, (l) => lines.push(l));
      expect(report.every((t) => t.same)).toBe(true);
      expect(report.find((t) => t.table === 'history')!.target).toBeGreaterThan(40);
      expect(lines.length).toBe(from.raw.names.length);
      expect(await allRows(to)).toEqual(await allRows(from));
      expect(Buffer.from((await to.evidence.content('ev-migrate'))!).equals(Buffer.from(file))).toBe(true);
      expect((await to.evidence.list(firstPeriod.id)).map((e) => e.name)).toEqual(['验收报告.pdf']);
      // the office's add-ins keep their cursors: none is ahead of the new one, nothing new lands below them
      const sourceCursor = await from.history.cursor();
      expect(await to.history.cursor()).toBeGreaterThanOrEqual(sourceCursor);
      const periods = await to.periods.list();
      expect(periods.map((p) => p.name)).toEqual(['2026年上半年', '2026年下半年']);
      expect((await to.entries.list(periods[0].id)).length).toBe((await from.entries.list(periods[0].id)).length);
      expect(await to.periods.snapshot(periods[0].id)).toEqual(await from.periods.snapshot(periods[0].id));

      await expect(copyInstallation(from, to)).rejects.toThrow(/不是空的/);
      const { seqs } = await to.transaction((tx) => tx.entries.write(periods[1].id, [write({ measureKey: 'mx', unitId: 'ux', field: 'progress', value: '迁移后', rev: 1 })]));
      expect(seqs[0]).toBeGreaterThan(sourceCursor); // history numbering continues after the copied rows
      expect((await to.entries.pull(periods[1].id, sourceCursor)).entries.map((e) => [e.measureKey, e.fields.progress.value])).toEqual([['mx', '迁移后']]);
    } finally {
      await from.close();
      await to.close();
    }
  });

  it('refuses text PostgreSQL cannot hold, naming where, and writes nothing', async () => {
    const { dir, file } = unpackV2Fixture();
    dirs.push(dir);
    const raw = new Database(file);
    raw.prepare(`UPDATE history SET new_value = 'a' || char(0) || 'b' WHERE seq = 3`).run();
    raw.close();
    const from = new SqliteStore(file);
    const to = await pgTarget();
    try {
      await expect(copyInstallation(from, to)).rejects.toThrow(/history.*new_value 含 NUL/);
      for (const t of to.raw.names) expect(await to.raw.count(t), t).toBe(0);
    } finally {
      await from.close();
      await to.close();
    }
  });
});
