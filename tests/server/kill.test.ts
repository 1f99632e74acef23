// Crash safety: a real `fengong serve` child process is SIGKILLed in the middle of a stream of
// writes; after a restart on the same file every write the clients saw acknowledged is there.
// (This proves nothing is acknowledged before its commit; power loss is what synchronous=FULL is for.)
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/server';
import { serveProcess } from '../helpers/serve-process';

const dir = mkdtempSync(join(tmpdir(), 'fengong-kill-'));
const db = join(dir, 'fengong.db');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const serve = (firstStart = false) => serveProcess(db, dir, children, firstStart);

describe('kill -9 in the middle of writes', () => {
  it('keeps every acknowledged write', async () => {
    const first = await serve(true);
    const code = /访问码（只显示这一次，请妥善保存）：(\S+)/.exec(first.out())![1];
    const periods = (await api(first.url, code, 'GET', '/api/periods')).body.periods;
    const periodId = periods[0].id;
    const plan = (await api(first.url, code, 'GET', `/api/plans/${periods[0].planId}`)).body.plan;
    const targets = plan.tasks.flatMap((t: any) => t.measures).slice(0, 8).map((m: any) => ({ measureKey: m.key, unitId: m.assignments[0].unitId }));

    const acked: { changeId: string; measureKey: string; unitId: string; rev: number; value: string }[] = [];
    let sent = 0;
    let stop = false;
    const writer = async (w: number) => {
      const t = targets[w];
      let rev = 0;
      for (let i = 0; !stop; i++) {
        const changeId = `kill-${w}-${i}`;
        const value = `第${i}次写入。写者${w}。`;
        sent++;
        try {
          const r = await api(first.url, code, 'POST', `/api/periods/${periodId}/changes`, {
            source: 'console',
            changes: [{ changeId, ...t, field: 'progress', baseRev: rev, value }],
          });
          if (r.status !== 200) continue;
          const res = r.body.results[0];
          expect(res.outcome).toBe('accepted');
          rev = res.rev;
          acked.push({ changeId, ...t, rev, value });
        } catch {
          return; // connection died with the server: that write was never acknowledged
        }
      }
    };
    const writers = targets.map((_: unknown, w: number) => writer(w));
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(sent).toBeGreaterThan(acked.length); // some writes were in flight when the process died

    const second = await serve();
    try {
      const entries = (await api(second.url, code, 'GET', `/api/periods/${periodId}/entries?since=0`)).body.entries;
      const history = (await api(second.url, code, 'GET', `/api/periods/${periodId}/history`)).body.items;
      const ids = new Set(history.map((h: any) => h.changeId));
      for (const a of acked) expect(ids.has(a.changeId), a.changeId).toBe(true);
      for (const t of targets) {
        const mine = acked.filter((a) => a.measureKey === t.measureKey && a.unitId === t.unitId);
        if (!mine.length) continue;
        const last = mine[mine.length - 1];
        const f = entries.find((e: any) => e.measureKey === t.measureKey && e.unitId === t.unitId).fields.progress;
        expect(f.rev).toBeGreaterThanOrEqual(last.rev);
        if (f.rev === last.rev) expect(f.value).toBe(last.value);
      }
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});
