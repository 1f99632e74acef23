// Profiling harness for the merge path without HTTP: CLIENTS concurrent callers send one-change
// batches through `applyChanges` (server/services/sync.ts) against a SQLite file with the shipped
// settings (synchronous=FULL, group commit), and it prints this process's CPU per batch. Not a
// *.bench.ts (npm run bench skips it); run it under the profiler to see the store's hot spots:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs tests/bench/sync-service.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openContext } from '../../server/context';
import { makeLogger } from '../../server/logger';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { initialize } from '../../server/services/setup';
import { applyChanges } from '../../server/services/sync';
import type { Actor } from '../../server/services/actor';
import { FIELDS, type Field } from '../../shared/model/progress';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const dir = mkdtempSync(join(tmpdir(), 'fengong-sync-service-'));
const ctx = await openContext({ db: join(dir, 'bench.db'), logger: makeLogger('silent'), durability: 'full', groupCommit: true });
try {
  const plan = loadReferencePlan();
  const { periodId } = await initialize(ctx, plan);
  const targets: { measureKey: string; unitId: string; field: Field }[] = [];
  for (const field of FIELDS.filter((f) => f !== 'status')) {
    for (const t of plan.tasks) for (const m of t.measures) for (const a of m.assignments) {
      if (plan.units.find((u) => u.id === a.unitId)?.kind !== 'placeholder_group') targets.push({ measureKey: m.key, unitId: a.unitId, field });
    }
  }
  const clients = targets.slice(0, CLIENTS).map((target) => ({
    target, rev: 0,
    actor: { role: 'unit', unitId: target.unitId, codeId: null, label: target.unitId } satisfies Actor,
  }));
  let n = 0;
  const round = async () => {
    const cpu0 = process.cpuUsage();
    const s0 = { ...ctx.store.stats };
    const stopAt = performance.now() + DURATION_MS;
    let batches = 0;
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < stopAt) {
          n++;
          const out = await applyChanges(ctx, {
            periodId, actor: c.actor, source: 'addin',
            changes: [{ changeId: `svc-${n}`, ...c.target, baseRev: c.rev, value: `进展第${n}次更新。完成投资${n}亿元。` }],
          });
          c.rev = out.results[0].rev ?? c.rev;
          batches++;
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    const commits = ctx.store.stats.commits - s0.commits;
    return { perSec: batches / (DURATION_MS / 1000), cpuUs: (cpu.user + cpu.system) / batches, sysUs: cpu.system / batches, perCommit: batches / Math.max(1, commits), commitMs: (ctx.store.stats.commitMs - s0.commitMs) / Math.max(1, commits) };
  };
  await round(); // warm-up
  const rs = [];
  for (let i = 0; i < ROUNDS; i++) rs.push(await round());
  console.log(`applyChanges, ${CLIENTS} callers, SQLite synchronous=FULL + group commit: ${rs.map((r) => `${Math.round(r.perSec)}/s ${r.cpuUs.toFixed(0)} µs (sys ${r.sysUs.toFixed(0)}) ${r.perCommit.toFixed(0)}/commit ${r.commitMs.toFixed(1)} ms`).join('; ')} (batches/s, CPU per batch)`);
} finally {
  await ctx.store.close();
  rmSync(dir, { recursive: true, force: true });
}
