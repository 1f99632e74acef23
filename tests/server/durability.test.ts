// The 'wal-fsync' durability: no answer leaves before an fsync of the WAL that started after the
// write's commit; one fsync is shared by every commit made before it started; 'full' mode works too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, Store } from '../../server/store';
import { api, startTestServer } from '../helpers/server';

describe('durability', () => {
  it('durable() waits for an fsync that covers the commits before it, and shares it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengong-dur-'));
    const store = new Store(join(dir, 'x.db'), { durability: 'wal-fsync' });
    try {
      expect(store.durability).toBe('wal-fsync');
      expect(store.synchronousSetting()).toBe(1); // NORMAL: the fsync is ours
      await store.durable();
      const f0 = store.stats.fsyncs;
      await store.durable(); // nothing written: no fsync
      expect(store.stats.fsyncs).toBe(f0);
      store.transaction(() => store.setSummary('p', 'm1', 'a', 'now', 'x'));
      const p1 = store.durable();
      expect(store.stats.fsyncs).toBe(f0); // not yet
      store.transaction(() => store.setSummary('p', 'm2', 'b', 'now', 'x')); // committed while the first fsync runs
      const p2 = store.durable();
      await Promise.all([p1, p2]);
      expect(store.stats.fsyncs).toBe(f0 + 2); // the second commit came after the first fsync started
      store.transaction(() => store.setSummary('p', 'm3', 'c', 'now', 'x'));
      store.transaction(() => store.setSummary('p', 'm4', 'd', 'now', 'x'));
      await Promise.all([store.durable(), store.durable(), store.durable()]);
      expect(store.stats.fsyncs).toBe(f0 + 3); // three waiters, one fsync
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates a database from an older schema and refuses one from a newer program', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengong-mig-'));
    const file = join(dir, 'x.db');
    try {
      const a = new Store(file);
      expect(a.schemaVersion()).toBe(SCHEMA_VERSION);
      // back to schema 1 (as an older fengong left it), then reopen: migrations 2 and 3 run
      a.db.exec(`
        DROP INDEX history_period_seq; DROP INDEX history_period_unit_seq;
        ALTER TABLE change_results DROP COLUMN unit_id; ALTER TABLE change_results DROP COLUMN kind;
        ALTER TABLE change_results DROP COLUMN period_id; ALTER TABLE change_results DROP COLUMN fingerprint;
        ALTER TABLE history DROP COLUMN role; ALTER TABLE history DROP COLUMN declared_person;
      `);
      a.db.pragma('user_version = 1');
      a.close();
      const b = new Store(file);
      expect(b.schemaVersion()).toBe(SCHEMA_VERSION);
      expect(b.db.prepare('SELECT unit_id, kind, period_id, fingerprint FROM change_results').all()).toEqual([]);
      expect(b.db.prepare('SELECT role, declared_person FROM history').all()).toEqual([]);
      b.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      b.close();
      expect(() => new Store(file)).toThrow(/请升级 fengong/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an HTTP write is answered only after its fsync', async () => {
    const s = await startTestServer({ durability: 'wal-fsync' });
    try {
      const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
      const m = plan.tasks[0].measures[0];
      for (let i = 0; i < 5; i++) {
        const before = s.ctx.store.stats.fsyncs;
        const r = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, {
          changes: [{ changeId: `durable-${i}`, measureKey: m.key, unitId: m.assignments[0].unitId, field: 'progress', baseRev: i, value: `第${i}次。` }],
        });
        expect(r.body.results[0].outcome).toBe('accepted');
        expect(s.ctx.store.stats.fsyncs).toBeGreaterThan(before);
      }
    } finally {
      await s.close();
    }
  });

  it("'full' mode: SQLite fsyncs in every commit, the API behaves the same", async () => {
    const s = await startTestServer({ durability: 'full' });
    try {
      expect(s.ctx.store.synchronousSetting()).toBe(2); // FULL
      const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
      const m = plan.tasks[0].measures[0];
      const change = (id: string, baseRev: number, value: string) => ({
        changes: [{ changeId: id, measureKey: m.key, unitId: m.assignments[0].unitId, field: 'progress', baseRev, value }],
      });
      const a = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, change('full-0001', 0, '甲。乙。'));
      expect(a.body.results[0]).toMatchObject({ outcome: 'accepted', rev: 1 });
      await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, change('full-0002', 1, '甲改。乙。'));
      const c = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, change('full-0003', 1, '甲。乙改。'));
      expect(c.body.results[0]).toMatchObject({ outcome: 'merged', value: '甲改。乙改。' });
      expect(s.ctx.store.stats.fsyncs).toBe(0);
    } finally {
      await s.close();
    }
  });
});
