// A file made by the first release (schema 2) opens with the new SQLite backend: migrated forward
// in place, every row and every old column unchanged, insertion order kept, and it goes on working
// (the cursor continues after the old history).
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../server/store/migrations';
import { SqliteStore } from '../../server/store/sqlite';
import { ACTOR, write } from './contract';
import { columnsOf, readAllRaw, unpackV2Fixture } from './fixture';

describe('upgrading a file of the first release', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps every row and column, orders as rowid did, and continues the cursor', async () => {
    const { dir, file } = unpackV2Fixture();
    dirs.push(dir);
    const oldColumns = columnsOf(file);
    const before = readAllRaw(file);
    const old = new Database(file, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(2);
    const unitOrder = (old.prepare('SELECT id FROM units ORDER BY rowid').all() as { id: string }[]).map((r) => r.id);
    const maxSeq = (old.prepare('SELECT MAX(seq) AS m FROM history').get() as { m: number }).m;
    const firstPeriod = (old.prepare('SELECT id FROM periods ORDER BY rowid LIMIT 1').get() as { id: string }).id;
    old.close();
    expect(before.get('history')!.length).toBeGreaterThan(40);

    const s = new SqliteStore(file);
    try {
      expect(await s.schemaVersion()).toBe(SCHEMA_VERSION);
      await s.close();
      expect(readAllRaw(file, oldColumns)).toEqual(before); // nothing lost or altered
      const s2 = new SqliteStore(file);
      expect((await s2.units.list()).map((u) => u.id)).toEqual(unitOrder);
      expect(await s2.history.cursor()).toBe(maxSeq);
      const hist = await s2.history.page(firstPeriod, {}, { limit: 10_000 });
      expect(hist.items.length).toBe(before.get('history')!.filter((h) => h.period_id === firstPeriod).length);
      expect(hist.items.every((h) => h.role === null && h.declaredPerson === null)).toBe(true);
      const conflicts = await s2.conflicts.list(firstPeriod);
      expect(conflicts.map((c) => c.id)).toEqual(before.get('conflicts')!.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at))).map((c) => c.id));
      const stored = await s2.changes.get(['fx-1']);
      expect(stored.get('fx-1')).toMatchObject({ kind: null, periodId: null, fingerprint: null, result: { outcome: 'accepted' } });
      const { seqs } = await s2.transaction((tx) =>
        tx.entries.write(firstPeriod, [write({ measureKey: 'mx', unitId: 'ux', field: 'progress', value: '升级后', rev: 1, actor: ACTOR })]),
      );
      expect(seqs).toEqual([maxSeq + 1]);
      await s2.close();
    } finally {
      await s.close();
    }
  });

  it('refuses a file from a newer fengong', async () => {
    const { dir, file } = unpackV2Fixture();
    dirs.push(dir);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore(file)).toThrow(/请升级 fengong/);
  });
});
