// `npm run bench` → the sync endpoint under 100 concurrent clients on loopback, against a no-op
// route of the same app, with synchronous=FULL. The server runs in this process; the load comes
// from a second process (this file run with `--load`), keep-alive agents, one request in flight
// per client. Also measures raw SQLite small-transaction rates with FULL and NORMAL.
// Then the same load against PostgreSQL (FENGONG_BENCH_PG, default the machine's server at
// 127.0.0.1:5432, a scratch database made and dropped per run) served by one and by two real
// `fengong serve` processes (the clients split between them); unreachable → the rows say so.
import { spawn } from 'node:child_process';
import { Agent, request, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';

interface ClientSpec {
  /** The server this client talks to (default: the load's url). */
  origin?: string;
  code: string | null;
  path: string;
  /** For sync: the field this client owns (so clients never conflict with each other). */
  target?: { measureKey: string; unitId: string; field: string };
  /** The field's revision on the server when the round starts. */
  startRev?: number;
}
interface LoadResult {
  requests: number;
  errors: number;
  outcomes: Record<string, number>;
  seconds: number;
  p50: number;
  p99: number;
}

const CONCURRENCY = 100;
const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const WARMUP_MS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = fileURLToPath(import.meta.url);

// ── load generator (second process) ──────────────────────────────────────
async function runLoad(url: string, clients: ClientSpec[], durationMs: number, warmupMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients.length });
  const lat: number[] = [];
  const outcomes: Record<string, number> = {};
  let errors = 0;
  let requests = 0;
  const t0 = Date.now();
  const measureFrom = t0 + warmupMs;
  const stopAt = measureFrom + durationMs;
  const post = (c: ClientSpec, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const { hostname, port } = new URL(c.origin ?? url);
      const req = request(
        {
          agent, hostname, port, path: c.path, method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(c.code ? { authorization: `Bearer ${c.code}` } : {}) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    clients.map(async (c, i) => {
      let rev = c.startRev ?? 0;
      let n = 0;
      while (Date.now() < stopAt) {
        const changeId = `bench-${process.pid}-${i}-${n++}`;
        const body = JSON.stringify({
          changes: [{ changeId, measureKey: c.target?.measureKey ?? 'm', unitId: c.target?.unitId ?? 'u', field: c.target?.field ?? 'progress', baseRev: rev, value: `进展第${n}次更新。完成投资${n}亿元。` }],
        });
        const start = process.hrtime.bigint();
        try {
          const r = await post(c, body);
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if (r.status !== 200) errors++;
          else if (c.target) {
            const res = JSON.parse(r.text).results[0];
            outcomes[res.outcome] = (outcomes[res.outcome] ?? 0) + 1;
            if (res.rev !== undefined) rev = res.rev;
          }
          if (Date.now() >= measureFrom) {
            lat.push(ms);
            requests++;
          }
        } catch {
          errors++;
        }
      }
    }),
  );
  agent.destroy();
  lat.sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? 0;
  return { requests, errors, outcomes, seconds: durationMs / 1000, p50: pct(50), p99: pct(99) };
}

function loadFromChild(url: string, clients: ClientSpec[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, '..', '..', '..', 'bin', 'run-ts.mjs'), here, '--load'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load process exit ${code}`))));
    child.stdin.end(JSON.stringify({ url, clients, durationMs: DURATION_MS, warmupMs: WARMUP_MS }));
  });
}

// ── server side ──────────────────────────────────────────────────────────
type Ctx = import('../../server/context').AppContext;
type Variant = { name: string; durability: 'full' | 'wal-fsync'; unsafeNoSync?: boolean; groupCommit: boolean };

/** The reference plan in a fresh store, one code per unit, and the clients (each owns one field). */
async function fill(ctx: Ctx): Promise<{ clients: ClientSpec[]; periodId: string }> {
  const { loadReferencePlan } = await import('../../server/readers/reference-plan');
  const { initialize } = await import('../../server/services/setup');
  const { issueCode } = await import('../../server/services/codes');
  const { FIELDS } = await import('../../shared/model/progress');
  const plan = loadReferencePlan();
  const first = await initialize(ctx, plan);
  // one (unit, measure, field) per client, each client signed in with its unit's code
  const codes = new Map<string, string>();
  const targets: ClientSpec['target'][] = [];
  for (const field of FIELDS.filter((f) => f !== 'status')) {
    for (const t of plan.tasks) for (const m of t.measures) for (const a of m.assignments) {
      const u = plan.units.find((x) => x.id === a.unitId);
      if (u?.kind !== 'placeholder_group') targets.push({ measureKey: m.key, unitId: a.unitId, field });
    }
  }
  const clients: ClientSpec[] = [];
  for (const target of targets.slice(0, CONCURRENCY)) {
    if (!codes.has(target!.unitId)) codes.set(target!.unitId, (await issueCode(ctx, { unitId: target!.unitId }, null)).code);
    clients.push({ code: codes.get(target!.unitId)!, path: `/api/periods/${first.periodId}/changes`, target });
  }
  return { clients, periodId: first.periodId };
}

/** The clients with each one's field revision as the store has it now (a round starts from there). */
async function withRevs(ctx: Ctx, periodId: string, clients: ClientSpec[]): Promise<ClientSpec[]> {
  return Promise.all(
    clients.map(async (c) => ({ ...c, startRev: (await ctx.store.entries.field(periodId, { ...c.target!, field: c.target!.field as 'progress' }))?.rev ?? 0 })),
  );
}

async function withServer<T>(opts: Variant, fn: (url: string, clients: ClientSpec[], ctx: Ctx) => Promise<T>): Promise<T> {
  const { openContext } = await import('../../server/context');
  const { createApp } = await import('../../server/app');
  const { makeLogger } = await import('../../server/logger');
  const dir = mkdtempSync(join(tmpdir(), 'fengong-bench-'));
  const ctx = await openContext({ db: join(dir, 'bench.db'), logger: makeLogger('silent'), durability: opts.durability, unsafeNoSync: opts.unsafeNoSync, groupCommit: opts.groupCommit });
  const { clients } = await fill(ctx);
  const server: Server = await new Promise((r) => {
    const s = createApp(ctx).listen(0, '127.0.0.1', () => r(s));
  });
  server.keepAliveTimeout = 65_000;
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, clients, ctx);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await ctx.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sqliteRate(sync: 'FULL' | 'NORMAL'): number {
  const dir = mkdtempSync(join(tmpdir(), 'fengong-sqlite-'));
  const db = new Database(join(dir, 'x.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  const tx = db.transaction((v: string) => ins.run(v));
  const n = 3000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) tx(`value ${i}`);
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

const fmt = (r: LoadResult) =>
  `${Math.round(r.requests / r.seconds).toString().padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   errors ${r.errors}`;

async function main() {
  if (!process.env.BENCH_QUICK) {
    console.log(`SQLite WAL, small write transactions (one fsync each with FULL):`);
    const full = sqliteRate('FULL');
    const normal = sqliteRate('NORMAL');
    console.log(`  synchronous=FULL   ${Math.round(full)} tx/s`);
    console.log(`  synchronous=NORMAL ${Math.round(normal)} tx/s   (FULL costs ${Math.round((1 - full / normal) * 100)} % of the rate)`);
  }
  console.log(`\nHTTP, ${CONCURRENCY} concurrent clients (second process, keep-alive), ${ROUNDS} alternating rounds of ${DURATION_MS / 1000} s each (after ${WARMUP_MS / 1000} s warm-up), median round shown:`);

  const variants: Variant[] = [
    { name: 'synchronous=FULL + group commit (the shipped setting)', durability: 'full', groupCommit: true },
    { name: 'wal-fsync + group commit (option: fsync on the thread pool)', durability: 'wal-fsync', groupCommit: true },
    { name: 'synchronous=FULL, one commit per request', durability: 'full', groupCommit: false },
  ];
  if (process.env.BENCH_QUICK) variants.splice(1);
  // reference only: no fsync at all (loses acknowledged writes on power loss)
  if (process.env.BENCH_UNSAFE) variants.push({ name: 'NORMAL without fsync (NOT durable; reference)', durability: 'full', unsafeNoSync: true, groupCommit: true });
  let verdict = '';
  let baseline: { noop: LoadResult; sync: LoadResult; syncCpuUs: number } | undefined;
  for (const v of variants) {
    await withServer(v, async (url, clients, ctx) => {
      // alternate the two loads and take each one's median round: a shared machine's noise hits both
      const noops: LoadResult[] = [];
      const syncs: LoadResult[] = [];
      // server CPU per request (this process serves; the load runs in the child) — unlike req/s it
      // does not depend on how busy the rest of the machine is
      const cpu = { noop: 0, sync: 0, noopN: 0, syncN: 0 };
      const measured = async (kind: 'noop' | 'sync', specs: ClientSpec[]) => {
        const c0 = process.cpuUsage();
        const r = await loadFromChild(url, specs);
        const c = process.cpuUsage(c0);
        cpu[kind] += c.user + c.system;
        cpu[`${kind}N`] += r.requests * (1 + WARMUP_MS / DURATION_MS); // warm-up requests cost CPU too (approx.)
        return r;
      };
      const { syncGroupStats } = await import('../../server/services/sync');
      const batches0 = syncGroupStats(ctx)?.inputs ?? 0;
      const stats0 = { ...ctx.store.stats };
      for (let round = 0; round < ROUNDS; round++) {
        noops.push(await measured('noop', clients.map(() => ({ code: null, path: '/api/noop' }))));
        const periodId = (await ctx.store.periods.list())[0].id;
        syncs.push(await measured('sync', await withRevs(ctx, periodId, clients)));
      }
      const commits = ctx.store.stats.commits - stats0.commits;
      const batches = (syncGroupStats(ctx)?.inputs ?? 0) - batches0; // (a group of batches is one job of the store's group commit)
      const commitMs = ctx.store.stats.commitMs - stats0.commitMs;
      const fsyncs = ctx.store.stats.fsyncs - stats0.fsyncs;
      const fsyncMs = ctx.store.stats.fsyncMs - stats0.fsyncMs;
      const noop = median(noops);
      const sync = median(syncs);
      if (ROUNDS > 1) console.log(`\n  rounds (req/s): no-op ${noops.map((r) => Math.round(r.requests / r.seconds)).join(', ')}; sync ${syncs.map((r) => Math.round(r.requests / r.seconds)).join(', ')}`);
      const ratio = sync.requests / noop.requests;
      const us = (k: 'noop' | 'sync') => cpu[k] / Math.max(1, cpu[`${k}N`]);
      baseline ??= { noop, sync, syncCpuUs: us('sync') };
      console.log(`\n  [${v.name}]`);
      console.log(`  no-op route  ${fmt(noop)}`);
      console.log(`  sync         ${fmt(sync)}   outcomes ${JSON.stringify(sync.outcomes)}`);
      console.log(`  ratio sync / no-op = ${(ratio * 100).toFixed(0)} %`);
      console.log(`  server CPU per request: no-op ${us('noop').toFixed(0)} µs, sync ${us('sync').toFixed(0)} µs (CPU-bound ratio ${((us('noop') / us('sync')) * 100).toFixed(0)} %)`);
      if (commits) console.log(`  commits: ${commits}, ${(batches / commits).toFixed(1)} requests per commit, ${(commitMs / commits).toFixed(2)} ms per commit (event loop held)`);
      if (fsyncs) console.log(`  WAL fsyncs (thread pool): ${fsyncs}, ${(fsyncMs / fsyncs).toFixed(2)} ms each`);
      if (!verdict) {
        verdict = [
          `target with ${v.name}:`,
          `  throughput ≥ 70 % of no-op: ${ratio >= 0.7 ? 'MET' : 'NOT MET'} (${(ratio * 100).toFixed(0)} %; CPU-bound ratio ${((us('noop') / us('sync')) * 100).toFixed(0)} %)`,
          `  sync p99 ≤ 200 ms: ${sync.p99 <= 200 ? 'MET' : 'NOT MET'} (${sync.p99.toFixed(0)} ms; the no-op route's p99 is ${noop.p99.toFixed(0)} ms on this machine${fsyncs ? `, a WAL fsync takes ${(fsyncMs / fsyncs).toFixed(1)} ms` : ''})`,
        ].join('\n');
      }
    });
  }
  // BENCH_NO_PG=1: the SQLite rows only (e.g. under `node --cpu-prof`, profiling this process)
  if (baseline && !process.env.BENCH_NO_PG) await postgresRows(baseline);
  console.log(`\n${verdict}`);
}

/** User + system CPU of these processes so far, ms (Linux /proc; a process gone counts 0). */
function procCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (clock ticks: 100 per second)
    } catch {
      // not Linux, or the process ended
    }
  }
  return ticks * 10;
}

/** The server processes of the bench's database (its connections' backends). */
async function backendPids(query: (sql: string, v: unknown[]) => Promise<{ pid: number }[]>, db: string): Promise<number[]> {
  return (await query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [db])).map((r) => r.pid);
}

const median = (xs: LoadResult[]) => [...xs].sort((a, b) => a.requests - b.requests)[Math.floor(xs.length / 2)];

/** PostgreSQL with one and with two `fengong serve` processes, against the SQLite run's no-op and sync rows. */
async function postgresRows(base: { noop: LoadResult; sync: LoadResult; syncCpuUs: number }): Promise<void> {
  const admin = process.env.FENGONG_BENCH_PG ?? 'postgres://root@127.0.0.1:5432/test';
  console.log(`\n  [PostgreSQL (${new URL(admin).host}), synchronous_commit=on, real \`fengong serve\` processes]`);
  const pg = (await import('pg')).default;
  const adminQueryRows = async (sql: string, values: unknown[] = []) => {
    const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      return (await c.query(sql, values)).rows;
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const adminQuery = async (sql: string) => void (await adminQueryRows(sql));
  const { openContext } = await import('../../server/context');
  const { makeLogger } = await import('../../server/logger');
  const { serveProcess } = await import('../helpers/serve-process');
  const dbName = `fengong_bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    await adminQuery(`CREATE DATABASE ${dbName}`);
  } catch (err) {
    console.log(`  PostgreSQL unreachable at ${new URL(admin).host}: ${(err as Error).message} — PostgreSQL rows skipped`);
    return;
  }
  const url = Object.assign(new URL(admin), { pathname: `/${dbName}` }).toString();
  const children: import('node:child_process').ChildProcess[] = [];
  const root = join(here, '..', '..', '..');
  let ctx: Ctx | undefined;
  try {
    ctx = await openContext({ db: url, logger: makeLogger('silent') });
    const { clients, periodId } = await fill(ctx);
    const a = await serveProcess(url, root, children);
    const b = await serveProcess(url, root, children);
    const rows: [string, LoadResult, string][] = [];
    for (const [name, origins] of [['1 process ', [a.url]], ['2 processes', [a.url, b.url]]] as const) {
      const rounds: LoadResult[] = [];
      const cpu = { serve: 0, pg: 0, n: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const specs = (await withRevs(ctx!, periodId, clients)).map((c, i) => ({ ...c, origin: origins[i % origins.length] }));
        // CPU of the serving processes and of this database's PostgreSQL backends (from /proc), per request
        const backends = await backendPids(adminQueryRows, dbName);
        const s0 = procCpuMs([a.child.pid!, b.child.pid!]);
        const p0 = procCpuMs(backends);
        const r = await loadFromChild(origins[0], specs);
        cpu.serve += procCpuMs([a.child.pid!, b.child.pid!]) - s0;
        cpu.pg += procCpuMs(backends) - p0;
        cpu.n += r.requests * (1 + WARMUP_MS / DURATION_MS);
        rounds.push(r);
      }
      if (ROUNDS > 1) console.log(`  rounds (req/s), ${name}: ${rounds.map((r) => Math.round(r.requests / r.seconds)).join(', ')}`);
      const us = (ms: number) => ((ms * 1000) / Math.max(1, cpu.n)).toFixed(0);
      rows.push([name, median(rounds), `CPU per request: fengong ${us(cpu.serve)} µs + PostgreSQL ${us(cpu.pg)} µs (SQLite's server: ${base.syncCpuUs.toFixed(0)} µs)`]);
    }
    for (const [name, r, cpuLine] of rows) {
      console.log(
        `  sync, ${name} ${fmt(r)}   outcomes ${JSON.stringify(r.outcomes)}\n` +
          `      ratio to SQLite sync ${((r.requests / r.seconds / (base.sync.requests / base.sync.seconds)) * 100).toFixed(0)} %, to the no-op route ${((r.requests / r.seconds / (base.noop.requests / base.noop.seconds)) * 100).toFixed(0)} %\n` +
          `      ${cpuLine}`,
      );
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await ctx?.store.close().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((err) => console.log(`  could not drop ${dbName}: ${(err as Error).message}`));
  }
}

if (process.argv.includes('--load')) {
  let input = '';
  process.stdin.on('data', (d) => (input += d));
  process.stdin.on('end', async () => {
    const { url, clients, durationMs, warmupMs } = JSON.parse(input);
    console.log(JSON.stringify(await runLoad(url, clients, durationMs, warmupMs)));
  });
} else {
  await main();
}
