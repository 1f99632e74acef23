// A PostgreSQL database of schema 4 (the delta cursor from the counters.seq row) migrates to the
// horizon cursor in place: cursors its add-ins hold stay valid (none ahead of the new one, every
// new change above them) and history numbering continues.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, expect, it } from 'vitest';
import { migrationSql, SCHEMA_VERSION } from '../../server/store/migrations';
import { pgliteDriver } from '../../server/store/pg-driver';
import { PgStore } from '../../server/store/postgres';
import { write } from './contract';

let db: PGlite | null = null;
afterAll(async () => void (await db?.close()));

it('schema 4 → current: the old cursor stays valid, numbering continues', async () => {
  db = await PGlite.create();
  await db.exec(`CREATE SCHEMA old; SET search_path TO old;`);
  for (let v = 1; v <= 4; v++) await db.exec(migrationSql('postgres', v));
  await db.exec(`CREATE TABLE fengong_schema (version INTEGER NOT NULL); INSERT INTO fengong_schema VALUES (4);
    INSERT INTO plans (id, title, version, imported_at, updated_at, plan_json) VALUES ('p1', 't', 1, 'x', 'x', '{}');
    INSERT INTO periods (id, plan_id, name, state, opened_at) VALUES ('per1', 'p1', 'n', 'open', 'x');
    INSERT INTO history (seq, period_id, measure_key, unit_id, field, old_value, new_value, rev, at, by, source, change_id)
      VALUES (41, 'per1', 'm1', 'u1', 'progress', '', '旧', 1, 'x', 'y', 'addin', 'c41');
    INSERT INTO entry_fields VALUES ('per1', 'm1', 'u1', 'progress', '旧', 1, 'x', 'y', 0);
    INSERT INTO entries (period_id, measure_key, unit_id, seq) VALUES ('per1', 'm1', 'u1', 41);
    UPDATE counters SET value = 41 WHERE name = 'seq';`);
  const s = await PgStore.open(pgliteDriver(db, { schema: 'old' }), { schema: 'old' });
  try {
    expect(await s.schemaVersion()).toBe(SCHEMA_VERSION);
    const held = 41; // what an add-in that pulled before the upgrade holds
    expect(await s.history.cursor()).toBeGreaterThanOrEqual(held);
    expect((await s.entries.pull('per1', 0)).entries.map((e) => e.seq)).toEqual([41]);
    expect((await s.entries.pull('per1', held)).entries).toEqual([]);
    const { seqs } = await s.transaction((tx) => tx.entries.write('per1', [write({ measureKey: 'm2', unitId: 'u1', field: 'progress', value: '新', rev: 1 })]));
    expect(seqs).toEqual([42]);
    const after = await s.entries.pull('per1', held);
    expect(after.entries.map((e) => [e.measureKey, e.fields.progress.value])).toEqual([['m2', '新']]);
    expect(after.entries[0].seq).toBeGreaterThan(held);
  } finally {
    await s.close();
  }
});
