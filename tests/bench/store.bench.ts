// `npm run bench -- store`: the store backends at the store level, in one run. A sync-like batch —
// lock, read the change ids and fields, decide (shared/merge), write the change result, history,
// field and entry — from CONCURRENCY clients at once, each owning one field (no conflicts), for
// the SQLite backend (the old synchronous server/store.ts it replaced is gone; issue 10 phase A's
// report has the comparison), PGlite (WASM, in-process) and the real PostgreSQL server (one store = one
// process's pool, and two stores in this process as a stand-in for two processes: same database
// work, but they share this process's CPU). Rounds alternate; the median round is shown, with the
// ratio to SQLite. PostgreSQL also reports statements (round trips) per batch, and a ceiling: the
// same clients sending as many empty round trips per batch through the same kind of pool.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { decideField } from '../../shared/merge/decide';
import type { Field } from '../../shared/model/progress';
import { nodePgDriver, pgliteDriver, type PgDriver } from '../../server/store/pg-driver';
import { PgStore } from '../../server/store/postgres';
import { SqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { applyBatch } from '../store/helpers/apply-batch';

const CONCURRENCY = Number(process.env.BENCH_CLIENTS ?? 50);
const DURATION_MS = Number(process.env.BENCH_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const POOL = Number(process.env.BENCH_PG_POOL ?? 10);
const STATEMENTS = 7; // what one merge batch sends to PostgreSQL (BEGIN+lock, 3 reads, 2 writes, COMMIT; measured below)
const ADMIN_URL = process.env.FENGONG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const PERIOD = 'per1';
const AT = '2026-07-01T00:00:00.000Z';
const FIELDS: Field[] = ['progress', 'problems', 'nextSteps', 'contact'];

interface Target {
  measureKey: string;
  unitId: string;
  field: Field;
}
const targets: Target[] = Array.from({ length: CONCURRENCY }, (_, i) => ({ measureKey: `m${i % 25}`, unitId: `u${Math.floor(i / 25)}`, field: FIELDS[i % 4] }));

interface Result {
  batches: number;
  seconds: number;
  p50: number;
  p99: number;
  /** this process's CPU per batch, µs (unlike batches/s it hardly depends on how busy the machine is) */
  cpuUs: number;
}

/** CONCURRENCY clients, each sending one-change batches for its field as fast as answers come. */
async function drive(apply: (t: Target, rev: number) => Promise<number>, revs: number[]): Promise<Result> {
  const lat: number[] = [];
  const cpu0 = process.cpuUsage();
  const stopAt = performance.now() + DURATION_MS;
  let batches = 0;
  await Promise.all(
    targets.map(async (t, i) => {
      while (performance.now() < stopAt) {
        const t0 = performance.now();
        revs[i] = await apply(t, revs[i]);
        lat.push(performance.now() - t0);
        batches++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  return {
    batches, seconds: DURATION_MS / 1000, p50: lat[Math.floor(lat.length / 2)] ?? 0, p99: lat[Math.floor(lat.length * 0.99)] ?? 0,
    cpuUs: (cpu.user + cpu.system) / Math.max(1, batches),
  };
}

const value = (n: number) => `进展第${n}次更新。完成投资${n}亿元。`;

interface Variant {
  name: string;
  run(): Promise<Result>;
  close(): Promise<void>;
  /** statements per batch (PostgreSQL), measured over the runs */
  perBatch?: () => string;
}

async function seed(s: Store): Promise<void> {
  await s.transaction(async (tx) => {
    await tx.plans.insert({ id: 'p', title: 'x', version: 1, active: true, importedAt: AT, updatedAt: AT, plan: { title: 'x', units: [], tasks: [] } as never }, 'x');
    await tx.periods.insert({ id: PERIOD, planId: 'p', name: 'x', deadline: null, state: 'open', openedAt: AT, closedAt: null, carriedFrom: null });
  });
}

function newStoreVariant(name: string, stores: Store[], counter?: { n: number }): Variant {
  const revs = targets.map(() => 0);
  let id = 0;
  let batches = 0;
  let statements0 = 0;
  const apply = async (t: Target, rev: number) => {
    const i = ++id;
    const s = stores[i % stores.length];
    const out = await applyBatch(s, { periodId: PERIOD, actor: { codeId: 'c', role: 'unit' }, by: 'bench', at: AT, changes: [{ ...t, changeId: `new-${i}`, baseRev: rev, value: value(i) }] });
    const r = out.results[0];
    if (r.outcome !== 'accepted') throw new Error(`unexpected ${r.outcome}`);
    return r.rev!;
  };
  return {
    name,
    async run() {
      statements0 = counter?.n ?? 0;
      const r = await drive(apply, revs);
      batches = r.batches;
      return r;
    },
    perBatch: counter ? () => ((counter.n - statements0) / Math.max(1, batches)).toFixed(1) : undefined,
    close: async () => void (await Promise.all(stores.map((s) => s.close()))),
  };
}

/**
 * What bounds PostgreSQL here: a "batch" of just as many empty round trips (SELECT 1, no
 * transaction, no lock, no WAL) from the same clients through a pool of the same size — the
 * ceiling any batch of that many statements can reach on this machine.
 */
function roundTripVariant(driver: PgDriver, statements: number): Variant {
  const apply = async (_t: Target, rev: number) => {
    const c = await driver.connect();
    try {
      for (let i = 0; i < statements; i++) await c.query('SELECT 1', [], { name: 'rt' });
    } finally {
      c.release();
    }
    return rev;
  };
  return {
    name: `ceiling: ${statements} empty round trips (SELECT 1) per "batch", same pool size`,
    run: () => drive(apply, targets.map(() => 0)),
    close: () => driver.end(),
  };
}

/** A driver that counts the statements sent (each one is a round trip to the server). */
function counted(d: PgDriver, counter: { n: number }): PgDriver {
  return {
    ...d,
    async connect() {
      const c = await d.connect();
      return {
        query: (t, v, o) => (counter.n++, c.query(t, v, o)),
        exec: (sql) => (counter.n++, c.exec(sql)),
        release: (b) => c.release(b),
      };
    },
    query: (t, v, o) => (counter.n++, d.query(t, v, o)),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'fengong-store-bench-'));
  const variants: Variant[] = [];
  let pgName: string | null = null;
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  let pglite: PGlite | null = null;
  try {
    const sqlite = new SqliteStore(join(dir, 'new.db'));
    await seed(sqlite);
    variants.push(newStoreVariant('new SqliteStore, FULL + group commit', [sqlite]));

    pglite = await PGlite.create();
    const pgliteStore = await PgStore.open(pgliteDriver(pglite));
    await seed(pgliteStore);
    variants.push(newStoreVariant('PgStore on PGlite (WASM, one connection)', [pgliteStore]));

    try {
      await admin.connect();
      pgName = `fengong_bench_${process.pid}`;
      await admin.query(`CREATE DATABASE ${pgName}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${pgName}`;
      const one = { n: 0 };
      const a = await PgStore.open(counted(nodePgDriver({ connectionString: url.toString(), max: POOL, schema: 'one' }), one), { schema: 'one' });
      await seed(a);
      variants.push(newStoreVariant(`PgStore on PostgreSQL 15, one pool of ${POOL}`, [a], one));
      const two = { n: 0 };
      const pool2 = () => PgStore.open(counted(nodePgDriver({ connectionString: url.toString(), max: POOL, schema: 'two' }), two), { schema: 'two' });
      const b1 = await pool2();
      await seed(b1);
      const b2 = await pool2();
      variants.push(newStoreVariant(`PgStore on PostgreSQL 15, two pools of ${POOL} (two "processes", one CPU budget)`, [b1, b2], two));
      variants.push(roundTripVariant(nodePgDriver({ connectionString: url.toString(), max: POOL }), STATEMENTS));
    } catch (err) {
      console.log(`PostgreSQL at ${ADMIN_URL} not reachable (${(err as Error).message}): its rows are MISSING from this run`);
    }

    // BENCH_ONLY=sqlite (a substring of the names) runs only some variants
    const only = process.env.BENCH_ONLY?.toLowerCase();
    if (only) for (const v of variants.splice(0)) (v.name.toLowerCase().includes(only) ? variants.push(v) : await v.close());
    console.log(`store level, ${CONCURRENCY} concurrent clients, one-change batches, ${ROUNDS} alternating rounds of ${DURATION_MS / 1000} s, median round:`);
    const results = variants.map(() => [] as Result[]);
    for (let round = 0; round < ROUNDS; round++) for (const [i, v] of variants.entries()) results[i].push(await v.run());
    const median = (xs: Result[]) => [...xs].sort((a, b) => a.batches - b.batches)[Math.floor(xs.length / 2)];
    const base = median(results[0]).batches;
    for (const [i, v] of variants.entries()) {
      const m = median(results[i]);
      const rate = m.batches / m.seconds;
      console.log(
        `  ${v.name.padEnd(78)} ${Math.round(rate).toString().padStart(6)} batches/s  p50 ${m.p50.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms  ${((m.batches / base) * 100).toFixed(0).padStart(4)} % of SQLite  CPU ${Math.round(m.cpuUs)} µs/batch${v.perBatch ? `  ${v.perBatch()} statements/batch` : ''}`,
      );
      console.log(`      rounds: ${results[i].map((r) => `${Math.round(r.batches / r.seconds)}/s ${Math.round(r.cpuUs)} µs`).join(', ')}`);
    }
  } finally {
    for (const v of variants) await v.close().catch(() => undefined);
    await pglite?.close();
    if (pgName) await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
