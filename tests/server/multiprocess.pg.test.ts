// Two `fengong serve --db postgres://…` processes on one database (npm run test:pg), three clients
// at each, as a province runs: contended fields edited from what each client last saw, a retry of
// every fifth change sent again to the *other* process, two pollers pulling the delta alternately
// from both, and one process SIGKILLed mid-stream (its clients retry their unanswered change at the
// survivor, as the add-in does). Checked: one accepted value per revision and each in history (no
// silent overwrite), every acknowledged change present, retries answered the same, no cursor skip
// (one-off fields written exactly once must all reach both pollers), and the pollers converge on
// the database's state.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDatabase } from '../helpers/pg-scratch-database';
import { PgStore } from '../../server/store/postgres';
import { api } from '../helpers/server';
import { serveProcess } from '../helpers/serve-process';

const root = resolve(__dirname, '..', '..');
const db = scratchDatabase('mp');
const { url, children } = db;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const serve = (firstStart = false) => serveProcess(url, root, children, firstStart);

interface Ack {
  changeId: string;
  measureKey: string;
  unitId: string;
  field: string;
  rev: number;
  value: string;
}

describe('two server processes on one PostgreSQL database', () => {
  it('6 clients, retries across processes, 2 pollers, one process SIGKILLed: nothing lost, nothing overwritten, no cursor skip', async () => {
    await db.create();
    const a = await serve(true);
    const code = /访问码（只显示这一次，请妥善保存）：(\S+)/.exec(a.out())?.[1];
    expect(code, a.out()).toBeTruthy();
    const b = await serve();
    const periodId = (await api(a.url, code!, 'GET', '/api/periods')).body.periods[0].id;
    const planId = (await api(a.url, code!, 'GET', '/api/periods')).body.periods[0].planId;
    const plan = (await api(a.url, code!, 'GET', `/api/plans/${planId}`)).body.plan;
    const cells = plan.tasks.flatMap((t: any) => t.measures).flatMap((m: any) => m.assignments.map((x: any) => ({ measureKey: m.key, unitId: x.unitId })));
    const shared = cells.slice(0, 2).flatMap((c: any) => ['progress', 'problems'].map((field) => ({ ...c, field }))); // 4 contended fields
    const oneOff = cells.slice(2, 62).map((c: any) => ({ ...c, field: 'nextSteps' })); // 60 fields, each written once
    expect(oneOff.length).toBe(60);

    const alive = { a: true, b: true };
    const servers = { a: a.url, b: b.url };
    const acked: Ack[] = [];
    const firstAnswers = new Map<string, unknown>();
    let conflicts = 0;
    let retried = 0;
    let failedOver = 0;
    const known = new Map<string, number>(); // a client's last seen revision per contended field
    const post = async (home: 'a' | 'b', change: Record<string, unknown>) => {
      // the add-in's behaviour: no answer → the same change (same id) again, here at the other process
      for (const at of [home, home === 'a' ? 'b' : 'a'] as const) {
        if (!alive[at]) continue;
        try {
          const r = await api(servers[at], code!, 'POST', `/api/periods/${periodId}/changes`, { source: 'console', changes: [change] });
          if (at !== home) failedOver++;
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          return r.body.results[0];
        } catch (err) {
          if (alive[at]) throw err;
        }
      }
      throw new Error('no process answered');
    };
    const client = async (c: number) => {
      const home = c % 2 ? 'b' : 'a';
      for (let i = 0; i < 30; i++) {
        const one = i % 3 === 2 ? oneOff[c * 10 + (i - 2) / 3] : null;
        const target = one ?? shared[(c + i) % shared.length];
        const key = `${target.measureKey}|${target.unitId}|${target.field}`;
        const changeId = `multiproc-${c}-${i}`;
        const value = `客户端${c}第${i}次。`;
        const change = { changeId, ...target, baseRev: one ? 0 : (known.get(`${c}|${key}`) ?? 0), value };
        const res = await post(home, change);
        firstAnswers.set(changeId, res);
        if (res.outcome === 'accepted' || res.outcome === 'merged') acked.push({ changeId, ...target, rev: res.rev, value: res.value });
        else if (res.outcome === 'conflict') conflicts++;
        else throw new Error(`unexpected ${JSON.stringify(res)}`);
        known.set(`${c}|${key}`, res.rev);
        if (i % 5 === 4) {
          retried++;
          expect(await post(home === 'a' ? 'b' : 'a', change)).toEqual(res); // a retry, at the other process
        }
      }
    };
    const poller = async (p: number, done: () => boolean) => {
      const seen = new Map<string, { rev: number; value: string }>();
      let cursor = 0;
      let pulls = 0;
      const pull = async () => {
        const at = (pulls++ + p) % 2 ? 'b' : 'a';
        if (!alive[at]) return;
        let r;
        try {
          r = await api(servers[at], code!, 'GET', `/api/periods/${periodId}/entries?since=${cursor}`);
        } catch (err) {
          if (alive[at]) throw err;
          return;
        }
        expect(r.status).toBe(200);
        expect(r.body.cursor).toBeGreaterThanOrEqual(cursor);
        for (const e of r.body.entries)
          for (const [f, s] of Object.entries(e.fields) as [string, any][]) {
            const k = `${e.measureKey}|${e.unitId}|${f}`;
            if (s.rev > (seen.get(k)?.rev ?? 0)) seen.set(k, { rev: s.rev, value: s.value });
          }
        cursor = r.body.cursor;
      };
      while (!done()) {
        await pull();
        await sleep(15);
      }
      return { seen, pull, pulls: () => pulls };
    };
    let writing = true;
    const polling = [poller(0, () => !writing), poller(1, () => !writing)];
    let failure: unknown = null;
    const clients = [0, 1, 2, 3, 4, 5].map((c) => client(c).catch((err) => void (failure ??= err)));
    // SIGKILL process b once a third of the changes are in
    for (const end = Date.now() + 60_000; acked.length + conflicts < 60 && !failure && Date.now() < end; ) await sleep(10);
    alive.b = false;
    b.child.kill('SIGKILL');
    await Promise.all(clients);
    writing = false;
    if (failure) throw failure;
    const pollers = await Promise.all(polling);

    // the database, read directly
    const store = await PgStore.open(url);
    try {
      const history = (await store.history.page(periodId, {}, { limit: 100_000 })).items;
      const entries = await store.entries.list(periodId);
      const byId = new Map(history.map((h) => [h.changeId, h]));
      // every acknowledged change is there, at its revision, with its value
      for (const x of acked) expect(byId.get(x.changeId), x.changeId).toMatchObject({ rev: x.rev, newValue: x.value });
      // no silent overwrite: per contended field one accepted value per revision, consecutively, all in history
      for (const t of shared) {
        const mine = acked.filter((x) => x.measureKey === t.measureKey && x.unitId === t.unitId && x.field === t.field).sort((x, y) => x.rev - y.rev);
        expect(mine.map((x) => x.rev)).toEqual(mine.map((_, i) => i + 1));
        const hist = history.filter((h) => h.measureKey === t.measureKey && h.unitId === t.unitId && h.field === t.field);
        expect(hist.map((h) => [h.rev, h.newValue])).toEqual(mine.map((x) => [x.rev, x.value]));
      }
      expect(conflicts).toBeGreaterThan(0); // the race really happened
      expect(retried).toBeGreaterThan(20);
      expect(failedOver).toBeGreaterThan(0); // clients of the killed process carried on at the other
      expect(acked.filter((x) => x.field === 'nextSteps')).toHaveLength(60);
      // each poller: once the cursor has passed every change, exactly the database's state — the
      // one-off fields included (written once each: a skipped one would never come again)
      const db = new Map<string, { rev: number; value: string }>();
      for (const e of entries) for (const [f, s] of Object.entries(e.fields)) if (s.rev > 0) db.set(`${e.measureKey}|${e.unitId}|${f}`, { rev: s.rev, value: s.value });
      const last = Math.max(...entries.map((e) => e.seq));
      for (const p of pollers) {
        for (let end = Date.now() + 15_000; (await store.history.cursor()) < last && Date.now() < end; ) await sleep(20);
        await p.pull();
        await p.pull();
        expect(p.pulls()).toBeGreaterThan(20);
        expect(new Map([...p.seen].filter(([, s]) => s.rev > 0))).toEqual(db);
      }
    } finally {
      await store.close();
      a.child.kill('SIGTERM');
    }
  });
});
