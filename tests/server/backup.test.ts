// `fengong backup` while the server keeps writing gives a consistent database; `fengong restore`
// brings it back, and the restored server serves it (clients ahead of it are told to resync).
// On PostgreSQL both commands point to pg_dump / pg_restore instead.
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../server/cli/admin';
import { api, startTestServer } from '../helpers/server';

describe('backup and restore', () => {
  it('backs up consistently while writing, then restores', async () => {
    const s = await startTestServer({ keepDir: true });
    const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
    const targets = plan.tasks.flatMap((t: any) => t.measures).slice(0, 6).map((m: any) => ({ measureKey: m.key, unitId: m.assignments[0].unitId }));
    let stop = false;
    let acked = 0;
    const writers = targets.map(async (t: any, w: number) => {
      let rev = 0;
      for (let i = 0; !stop; i++) {
        const r = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, {
          changes: [{ changeId: `backup-${w}-${i}`, ...t, field: 'progress', baseRev: rev, value: `备份测试${i}。` }],
        });
        if (r.status !== 200) throw new Error(JSON.stringify(r.body));
        rev = r.body.results[0].rev;
        acked++;
      }
    });
    const settled = Promise.all(writers).then(() => 'done', (e) => e);
    const waitFor = async (n: number) => {
      while (acked < n) {
        const r = await Promise.race([settled, new Promise((res) => setTimeout(() => res(null), 5))]);
        if (r) throw r;
      }
    };
    await waitFor(60);
    // 佐证材料 live in the database, so the backup carries them (byte for byte, checked after restore)
    const evidence = new Uint8Array(300_000).map((_, i) => (i * 13 + 5) % 256);
    await s.ctx.store.transaction((tx) => tx.evidence.insert({
      id: 'ev-backup', periodId: s.periodId, ...targets[0], name: '现场照片.png', kind: 'png', size: evidence.length, sha256: 'x',
      createdAt: '2026-12-03T08:00:00.000Z', createdBy: '协调办公室', codeId: null, deletedAt: null, deletedBy: null,
    }, evidence));
    const file = join(s.dir, 'backup.db');
    await backupDatabase(s.dbPath, file);
    const ackedAtBackup = acked;
    await waitFor(ackedAtBackup + 40);
    stop = true;
    await Promise.all(writers);

    // the backup is a consistent state: integrity ok, each field equals the replay of its history
    const b = new Database(file, { readonly: true });
    expect(b.pragma('integrity_check', { simple: true })).toBe('ok');
    const hist = b.prepare('SELECT * FROM history ORDER BY seq').all() as any[];
    expect(hist.length).toBeGreaterThanOrEqual(50);
    const last = new Map<string, any>();
    for (const h of hist) last.set(`${h.measure_key}|${h.unit_id}|${h.field}`, h);
    const fields = b.prepare('SELECT * FROM entry_fields').all() as any[];
    expect(fields.length).toBe(last.size);
    for (const f of fields) {
      const h = last.get(`${f.measure_key}|${f.unit_id}|${f.field}`);
      expect([f.value, f.rev]).toEqual([h.new_value, h.rev]);
    }
    const backupSeq = hist.at(-1).seq;
    b.close();
    const liveSeq = (await s.ctx.store.history.cursor());
    expect(liveSeq).toBeGreaterThan(backupSeq);

    await s.close();
    restoreDatabase(s.dbPath, file);
    expect(existsSync(`${s.dbPath}-wal`)).toBe(false);
    const r = await startTestServer({ dir: s.dir, coordinatorCode: s.coordinatorCode });
    try {
      expect(await r.ctx.store.history.cursor()).toBe(backupSeq);
      expect(Buffer.from((await r.ctx.store.evidence.content('ev-backup'))!).equals(Buffer.from(evidence))).toBe(true);
      const e = await api(r.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
      expect(e.status).toBe(200);
      expect(e.body.entries).toHaveLength(targets.length);
      // a client that synced with the lost writes is told its cursor is stale
      const stale = await api(r.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=${liveSeq}`);
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('STALE_CURSOR');
      expect(() => restoreDatabase(s.dbPath, join(s.dir, 'missing.db'))).toThrow(/不存在/);
    } finally {
      await r.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('on a PostgreSQL database, says to use pg_dump / pg_restore (in Chinese, with an English hint) and touches nothing', async () => {
    const url = 'postgres://fengong@127.0.0.1:5432/fengong';
    const file = join(tmpdir(), `fengong-pg-backup-${process.pid}.db`);
    await expect(backupDatabase(url, file)).rejects.toThrow(/PostgreSQL 数据库请用 pg_dump[\s\S]*back it up with pg_dump/);
    expect(() => restoreDatabase(url, file)).toThrow(/PostgreSQL 数据库请用 pg_restore[\s\S]*restore it with pg_restore/);
    expect(existsSync(file)).toBe(false);
  });
});
