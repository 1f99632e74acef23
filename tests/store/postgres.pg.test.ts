// The PostgreSQL backend on the real server (npm run test:pg): the store contract, then what only
// several connections can show — contention on one field across two "processes" (two stores,
// two pools), change ids retried at both at once, deadlock retry, the listener dropping, and the
// delta cursor under deliberately delayed commits (with a control showing a plain sequence would
// skip a change in the very same interleaving).
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { PgStore } from '../../server/store/postgres';
import type { Entry } from '../../shared/model/progress';
import { fieldKeyString, type Store } from '../../server/store/types';
import { ACTOR, describeStoreContract, seeded, write } from './contract';
import { applyBatch } from './helpers/apply-batch';

const url = inject('pgUrl');
let n = 0;
let schema = '';

const open = (s = schema) => PgStore.open(url, { schema: s, authPollMs: 500 });
async function fresh(): Promise<{ a: PgStore; b: PgStore; close: () => Promise<void> }> {
  schema = `c${++n}`;
  const a = (await seeded(await open())) as PgStore;
  const b = await open();
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

describeStoreContract('postgresql', {
  async open() {
    schema = `t${++n}`;
    return open();
  },
  openSibling: () => open(),
});

/** A promise and its resolver: holds a transaction open until the test says so. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('postgresql across processes', () => {
  it('contention: 2 processes × 6 clients editing 3 fields from what they last saw — one accepted value per revision, all in history', async () => {
    const { a, b, close } = await fresh();
    try {
      const keys = (['progress', 'problems', 'nextSteps'] as const).map((field) => ({ measureKey: 'm1', unitId: 'u1', field }));
      const accepted: { key: string; rev: number; value: string }[] = [];
      let conflicts = 0;
      const client = async (store: Store, c: number) => {
        for (let i = 0; i < 15; i++) {
          const k = keys[(c + i) % keys.length];
          const cur = (await store.entries.field('per1', k)) ?? { rev: 0 };
          const value = `客户端${c}第${i}次`;
          const { results } = await applyBatch(store, { periodId: 'per1', actor: ACTOR, changes: [{ ...k, changeId: `p-${c}-${i}`, baseRev: cur.rev, value }] });
          const r = results[0];
          if (r.outcome === 'accepted' || r.outcome === 'merged') accepted.push({ key: fieldKeyString(k), rev: r.rev!, value: r.value! });
          else if (r.outcome === 'conflict') conflicts++;
        }
      };
      await Promise.all([0, 1, 2, 3, 4, 5].map((c) => client(c % 2 ? b : a, c)));
      // every revision of a field was handed out once, consecutively, and history has each accepted value at its revision
      for (const k of keys) {
        const mine = accepted.filter((x) => x.key === fieldKeyString(k)).sort((x, y) => x.rev - y.rev);
        expect(mine.map((x) => x.rev)).toEqual(mine.map((_, i) => i + 1));
        const hist = (await a.history.page('per1', { measureKey: 'm1', unitId: 'u1', field: k.field }, { limit: 1000 })).items;
        expect(hist.map((h) => [h.rev, h.newValue])).toEqual(mine.map((x) => [x.rev, x.value]));
        expect((await b.entries.field('per1', k))?.value).toBe(mine.at(-1)?.value);
      }
      expect(accepted.length + conflicts).toBe(90);
      expect(conflicts).toBeGreaterThan(0); // the race really happened
    } finally {
      await close();
    }
  });

  it('a change id retried at two processes at once applies once and is answered the same everywhere', async () => {
    const { a, b, close } = await fresh();
    try {
      const change = { measureKey: 'm1', unitId: 'u1', field: 'progress' as const, changeId: 'retry-1', baseRev: 0, value: '只应写一次' };
      const out = await Promise.all([a, b, a, b, a, b].map((s) => applyBatch(s, { periodId: 'per1', actor: ACTOR, changes: [change] })));
      for (const o of out) expect(o.results).toEqual([{ changeId: 'retry-1', outcome: 'accepted', rev: 1, value: '只应写一次' }]);
      expect((await a.history.page('per1', {}, { limit: 10 })).items).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('a deadlock between two transactions is retried, and both end up committed', async () => {
    const { a, b, close } = await fresh();
    try {
      await a.transaction(async (tx) => {
        await tx.summaries.set('per1', 'mA', '原', '2026-07-01T00:00:00.000Z', 'x');
        await tx.summaries.set('per1', 'mB', '原', '2026-07-01T00:00:00.000Z', 'x');
      });
      const g1 = gate();
      const g2 = gate();
      let runs = 0;
      // each takes one row, then wants the other's: a cycle PostgreSQL breaks by failing one
      const crosswise = (s: Store, first: string, second: string, mine: () => void, theirs: Promise<void>, text: string) =>
        s.transaction(async (tx) => {
          runs++;
          await tx.summaries.set('per1', first, text, '2026-07-02T00:00:00.000Z', 'x');
          mine();
          await theirs;
          await tx.summaries.set('per1', second, text, '2026-07-02T00:00:00.000Z', 'x');
        });
      await Promise.all([crosswise(a, 'mA', 'mB', g1.open, g2.promise, '甲'), crosswise(b, 'mB', 'mA', g2.open, g1.promise, '乙')]);
      expect(a.stats.retries + b.stats.retries).toBeGreaterThanOrEqual(1);
      expect(runs).toBeGreaterThanOrEqual(3);
      const sums = await a.summaries.list('per1');
      expect(sums.mA).toBe(sums.mB); // one transaction's writes, whole, the other's after it
    } finally {
      await close();
    }
  });

  it('with its LISTEN connection gone, a process caches no sign-in; it listens again by itself', async () => {
    const { a, close } = await fresh();
    try {
      const v = a.authVersion();
      expect(a.authVersion()).toBe(v); // listening: stable
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN fengong_auth%'`);
      await admin.end();
      let moved = false;
      for (let i = 0; i < 100 && !moved; i++, await sleep(20)) moved = a.authVersion() !== a.authVersion();
      expect(moved).toBe(true); // every call a new version: nothing cached while deaf
      let stable = false;
      for (let i = 0; i < 300 && !stable; i++, await sleep(50)) {
        const x = a.authVersion();
        stable = x === a.authVersion();
      }
      expect(stable).toBe(true);
    } finally {
      await close();
    }
  });
});

describe('the delta cursor never skips a committed change (delayed commits, two connections)', () => {
  it('writers do not wait for each other; a change whose transaction commits late still reaches a client that pulled in between', async () => {
    const { a, b, close } = await fresh();
    const reader = await open();
    try {
      const seen = new Map<string, Entry>();
      const cursors: { at: number; cursor: number }[] = [];
      let cursor = 0;
      let stop = false;
      const poller = (async () => {
        while (!stop) {
          const p = await reader.entries.pull('per1', cursor);
          for (const e of p.entries) seen.set(e.measureKey, e);
          cursor = p.cursor;
          cursors.push({ at: performance.now(), cursor });
          await sleep(5);
        }
      })();
      const until = async (what: () => boolean, ms = 10_000) => {
        for (const end = Date.now() + ms; !what() && Date.now() < end; ) await sleep(10);
        return what();
      };
      const hold = gate();
      // A: writes m-late first (its transaction id is the older one), then keeps its transaction open
      let lateWritten = false;
      const slow = a.transaction(async (tx) => {
        await tx.entries.write('per1', [write({ measureKey: 'm-late', unitId: 'u1', field: 'progress', value: '晚提交', rev: 1 })]);
        lateWritten = true;
        await hold.promise;
      });
      expect(await until(() => lateWritten)).toBe(true);
      // B: writes m-early and commits while A is still open — nothing makes it wait
      const t0 = performance.now();
      await b.transaction((tx) => tx.entries.write('per1', [write({ measureKey: 'm-early', unitId: 'u2', field: 'progress', value: '先提交', rev: 1 })]));
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(await until(() => seen.has('m-early'))).toBe(true); // delivered at once, above the cursor
      await sleep(200); // a few more pulls while A is open
      expect(seen.has('m-late')).toBe(false);
      const heldUntil = performance.now();
      hold.open();
      await slow;
      expect(await until(() => seen.has('m-late'))).toBe(true);
      stop = true;
      await poller;
      const late = seen.get('m-late')!;
      const early = seen.get('m-early')!;
      expect(late.fields.progress.value).toBe('晚提交');
      expect(late.seq).toBeLessThan(early.seq);
      // while A was open, no cursor handed out passed its position (that is what keeps it deliverable)
      const during = cursors.filter((c) => c.at < heldUntil);
      expect(during.length).toBeGreaterThan(5);
      expect(Math.max(...during.map((c) => c.cursor))).toBeLessThan(late.seq);
      expect(cursors.map((c) => c.cursor)).toEqual(cursors.map((c) => c.cursor).sort((x, y) => x - y));
    } finally {
      await reader.close();
      await close();
    }
  });

  it('4 writers on 2 processes with random commit delays and aborts, 2 pollers alternating processes: each poller gets every committed change, no aborted one', async () => {
    const { a, b, close } = await fresh();
    try {
      const committed = new Set<string>();
      const aborted = new Set<string>();
      let writing = true;
      let rnd = 12345;
      const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const writer = async (w: number) => {
        for (let i = 0; i < 25; i++) {
          const key = `w${w}-${i}`; // one entry per transaction: a skipped change would never come again
          const abort = random() < 0.15;
          const delay = random() * 40;
          try {
            await (w % 2 ? b : a).transaction(async (tx) => {
              await tx.entries.write('per1', [write({ measureKey: key, unitId: 'u1', field: 'progress', value: key, rev: 1 })]);
              await sleep(delay); // held open: others commit past it meanwhile
              if (abort) throw new Error('abort');
            });
            committed.add(key);
          } catch {
            aborted.add(key);
          }
        }
      };
      const poller = async () => {
        const seen = new Set<string>();
        let cursor = 0;
        let pulls = 0;
        const pull = async () => {
          const p = await (pulls++ % 2 ? b : a).entries.pull('per1', cursor);
          expect(p.cursor).toBeGreaterThanOrEqual(cursor);
          for (const e of p.entries) seen.add(e.measureKey);
          cursor = p.cursor;
        };
        while (writing) {
          await pull();
          await sleep(random() * 10);
        }
        // writers done: pull until the cursor has passed every committed change (bounded)
        const last = Math.max(...(await a.entries.list('per1')).map((e) => e.seq));
        for (const end = Date.now() + 15_000; cursor < last && Date.now() < end; await sleep(20)) await pull();
        await pull();
        return { seen, pulls };
      };
      const polling = [poller(), poller()];
      await Promise.all([0, 1, 2, 3].map(writer));
      writing = false;
      const results = await Promise.all(polling);
      expect(committed.size + aborted.size).toBe(100);
      expect(aborted.size).toBeGreaterThan(0);
      for (const r of results) {
        expect(r.pulls).toBeGreaterThan(20);
        expect([...r.seen].sort()).toEqual([...committed].sort());
      }
    } finally {
      await close();
    }
  });

  it('control: with a plain sequence as the cursor the same interleaving skips the late change', async () => {
    const c1 = new pg.Client({ connectionString: url });
    const c2 = new pg.Client({ connectionString: url });
    await c1.connect();
    await c2.connect();
    try {
      await c1.query(`DROP TABLE IF EXISTS naive; CREATE TABLE naive (seq BIGSERIAL PRIMARY KEY, v TEXT)`);
      await c1.query('BEGIN');
      await c1.query(`INSERT INTO naive (v) VALUES ('晚提交')`); // takes seq 1, not yet committed
      await c2.query(`INSERT INTO naive (v) VALUES ('先提交')`); // takes seq 2, commits at once
      const pulled = await c2.query(`SELECT seq, v FROM naive WHERE seq > 0 ORDER BY seq`);
      const cursor = Math.max(...pulled.rows.map((r) => Number(r.seq)));
      await c1.query('COMMIT');
      const next = await c2.query(`SELECT seq, v FROM naive WHERE seq > $1`, [cursor]);
      expect(pulled.rows.map((r) => r.v)).toEqual(['先提交']);
      expect(next.rows).toEqual([]); // '晚提交' is committed and never delivered
    } finally {
      await c1.query('DROP TABLE IF EXISTS naive').catch(() => undefined);
      await c1.end();
      await c2.end();
    }
  });
});
