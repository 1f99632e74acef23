// The 'wal-fsync' durability over HTTP: no answer leaves before an fsync of the WAL that started
// after the write's commit; 'full' mode works too. (The store's side — one fsync shared by a group,
// none when nothing is new — is tests/store/sqlite-group-commit.test.ts; migrations: upgrade.test.ts.)
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../server/store/sqlite';
import { api, startTestServer } from '../helpers/server';

describe('durability', () => {
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
      expect((s.ctx.store as SqliteStore).synchronousSetting()).toBe(2); // FULL
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
