// `npm run bench -- trust`: the worst cases of work one request can cause (docs/rules.md "Bounds").
//  - merge: the worst texts we could construct at the field limit (20,000 characters: thousands of
//    short or repeated sentences, edits just inside and just past the edit bound), one change each,
//    and a batch of 100 such stale changes through the real merge path (its budget);
//  - a zip bomb being refused: how long the event loop is held, with the checks in their worker
//    thread (what the service does) and, for comparison, run on the event loop as before;
//  - large uploads parsed: a 40,000-row returned table and a 19,000-row plan file, in the worker
//    (the service) and on the event loop as before;
//  - exports: every export of the largest plan the service takes (export-stall.ts): the event loop
//    held while the service answers it (rendered in the export worker), and the same export on the
//    event loop as before, in the same run;
//  - history: one page of a period holding 300,000 history rows (first page, last page, one unit).
import { MAX_FIELD_LENGTH, type FieldChange } from '../../shared/api/contract';
import { mergeText, MAX_EDIT_SENTENCES } from '../../shared/merge/text-merge';
import { applyChanges } from '../../server/services/sync';
import { CONSOLE_ACTOR } from '../../server/services/actor';
import { checkWorkbook } from '../../server/workbooks/file-guard-core';
import { guardWorkbook, stopFileGuard } from '../../server/workbooks/file-guard';
import { referencePlan, startTestServer } from '../helpers/server';
import { loopGaps } from '../helpers/loop-gaps';
import { zipBomb } from '../helpers/zip-bomb';
import { largeWorkbook } from '../helpers/large-workbook';
import { parseReturnedInWorker, readPlanInWorker, readReturnedInWorker, DEFAULT_LIMITS } from '../../server/workbooks/file-guard';
import { parseReturnedBytes, readPlanBytes } from '../../server/workbooks/file-jobs';
import { exportStalls, stallLines } from './export-stall';

const ms = (t0: number) => performance.now() - t0;
const pad = (s: string, n = 52) => s.padEnd(n);

/**
 * Median wall time of `fn` over repeated runs (at least 5, about 400 ms in all), and the CPU time
 * it used per run — on a shared, busy machine the CPU time is the steadier figure.
 */
function time<T>(fn: () => T): { ms: number; cpuMs: number; out: T } {
  const runs: number[] = [];
  let out!: T;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (runs.length < 5 || (ms(start) < 400 && runs.length < 200)) {
    const t0 = performance.now();
    out = fn();
    runs.push(ms(t0));
  }
  const cpu = process.cpuUsage(cpu0);
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)], cpuMs: (cpu.user + cpu.system) / 1000 / runs.length, out };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; out: T }> {
  const runs: number[] = [];
  let out!: T;
  const start = performance.now();
  while (runs.length < 5 || (ms(start) < 400 && runs.length < 200)) {
    const t0 = performance.now();
    out = await fn();
    runs.push(ms(t0));
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)], out };
}

function mergeCases(): [string, string, string, string][] {
  const half = MAX_FIELD_LENGTH / 2;
  const distinct = Array.from({ length: half }, (_, i) => String.fromCharCode(0x4e00 + i) + '。'); // 10,000 two-character sentences
  const base = distinct.join('');
  const every = (k: number, at: number, f: (s: string) => string) => distinct.map((s, i) => (i % k === at ? f(s) : s)).join('');
  const same = '甲。'.repeat(half);
  const numbered = Array.from({ length: 2850 }, (_, i) => `${i}。`).join('').slice(0, MAX_FIELD_LENGTH);
  const numParts = numbered.match(/[^。]*。/g)!;
  return [
    ['10,000 distinct sentences, 99 inserted each side', base, every(101, 7, (s) => s + '加。'), every(101, 60, (s) => s + '补。')],
    ['10,000 distinct sentences, 100 inserted (just past the bound)', base, every(100, 7, (s) => s + '加。'), every(101, 60, (s) => s + '补。')],
    ['10,000 distinct sentences, 199 deleted at one end', base, distinct.slice(199).join(''), distinct.slice(0, -150).join('')],
    ['2,850 numbered sentences, ~95 edited each side', numbered, numParts.map((s, i) => (i % 30 === 0 ? 'X' + s : s)).join(''), numParts.map((s, i) => (i % 30 === 15 ? 'Y' + s : s)).join('')],
    ['10,000 identical sentences, both ends edited', same, '乙。' + same.slice(2), same.slice(0, -2) + '丙。'],
    ['"a。b。" repeated, shifted by one sentence', 'a。b。'.repeat(half / 2), 'b。' + 'a。b。'.repeat(half / 2), 'a。b。'.repeat(half / 2) + 'a。'],
    ['three texts with nothing in common', 'a。'.repeat(half), 'b。'.repeat(half), 'c。'.repeat(half)],
    ['20,000 line breaks', '\n'.repeat(MAX_FIELD_LENGTH), '\n'.repeat(MAX_FIELD_LENGTH - 150), '\n'.repeat(MAX_FIELD_LENGTH - 1) + 'x'],
  ];
}

async function benchMerge(): Promise<number> {
  console.log(`merge (one change at the field limit of ${MAX_FIELD_LENGTH} characters; edit bound ${MAX_EDIT_SENTENCES} sentences per side):`);
  let worst = 0;
  let worstCpu = 0;
  const cases = mergeCases();
  for (const [name, base, mine, theirs] of cases) {
    const r = time(() => mergeText(base, mine, theirs));
    worst = Math.max(worst, r.ms);
    worstCpu = Math.max(worstCpu, r.cpuMs);
    console.log(`  ${pad(name)} ${r.ms.toFixed(1).padStart(6)} ms (CPU ${r.cpuMs.toFixed(1)} ms)  → ${r.out === null ? 'conflict' : 'merged'}`);
  }
  console.log(`  worst single merge: ${worst.toFixed(1)} ms wall, ${worstCpu.toFixed(1)} ms CPU (target ≤ 50 ms)`);

  // the same texts as stale changes through the merge path, 100 in one batch: the batch's budget
  const s = await startTestServer();
  try {
    const plan = (await s.ctx.store.plans.get(s.planId))!.plan;
    const targets = plan.tasks.flatMap((t) => t.measures).flatMap((m) => m.assignments.map((a) => ({ measureKey: m.key, unitId: a.unitId }))).slice(0, 100);
    const [, base, mine, theirs] = cases[0];
    let n = 0;
    const put = (value: (t: (typeof targets)[number]) => string, baseRev: (t: (typeof targets)[number]) => number) =>
      applyChanges(s.ctx, {
        periodId: s.periodId, actor: CONSOLE_ACTOR, source: 'console',
        changes: targets.map((t): FieldChange => ({ changeId: `bench-merge-${n++}`, ...t, field: 'progress', baseRev: baseRev(t), value: value(t) })),
      });
    await put(() => base, () => 0);
    await put(() => theirs, () => 1); // rev 2 = theirs
    const t0 = performance.now();
    const res = await put(() => mine, () => 1); // stale: based on rev 1
    const took = ms(t0);
    const outcomes = res.results.reduce<Record<string, number>>((o, r) => ((o[r.outcome] = (o[r.outcome] ?? 0) + 1), o), {});
    console.log(`  a batch of 100 such stale changes (one request): ${took.toFixed(0)} ms, outcomes ${JSON.stringify(outcomes)} (the rest past the batch's merge budget are conflicts)`);
  } finally {
    await s.close();
  }
  return worst;
}

async function benchZipBomb(): Promise<{ before: number; after: number }> {
  const bomb = zipBomb();
  console.log(`\nzip bomb refused (${(bomb.length / 1024).toFixed(0)} KB file inflating to 384 MB; the cap stops it at 150 MB):`);
  const measure = async (name: string, run: () => Promise<unknown>) => {
    const gaps = loopGaps();
    const t0 = performance.now();
    let code = '';
    try {
      await run();
    } catch (e) {
      code = (e as { code?: string }).code ?? String(e);
    }
    const took = ms(t0);
    const held = await gaps.stop();
    console.log(`  ${pad(name, 40)} refused as ${code} in ${took.toFixed(0)} ms; event loop held at most ${held.toFixed(0)} ms`);
    return held;
  };
  await guardWorkbook(new Uint8Array([0x50, 0x4b, 3, 4])).catch(() => undefined); // start the worker first
  const after = await measure('in the worker thread (the service)', () => guardWorkbook(bomb));
  const before = await measure('on the event loop (before this change)', async () => {
    await new Promise((r) => setTimeout(r, 20));
    checkWorkbook(bomb);
  });
  await stopFileGuard();
  return { before, after };
}

/** A large workbook read (and a plan file imported): in the worker (the service) vs on the event loop as before. */
async function benchParse(): Promise<{ before: number; after: number }> {
  const returned = largeWorkbook(40_000);
  const plan = largeWorkbook(19_000);
  console.log(`
large uploads parsed (a returned table of 40,000 rows, ${(returned.length / 1024).toFixed(0)} KB; a plan file of 19,000 rows, ${(plan.length / 1024).toFixed(0)} KB):`);
  const held = async (name: string, run: () => Promise<unknown>) => {
    await new Promise((r) => setTimeout(r, 20));
    const gaps = loopGaps();
    const t0 = performance.now();
    const out = await run().then(() => 'read', (e: { code?: string }) => `refused as ${e.code}`);
    const took = ms(t0);
    const h = await gaps.stop();
    console.log(`  ${pad(name, 52)} ${out} in ${took.toFixed(0)} ms; event loop held at most ${h.toFixed(0)} ms`);
    return h;
  };
  await readReturnedInWorker(largeWorkbook(5)); // start the worker first
  const after = Math.max(
    // what the service does: read and matched in the worker, only the parse comes back
    await held('returned table, in the worker (the service)', () =>
      parseReturnedInWorker(returned, DEFAULT_LIMITS, { fileName: 'big.xlsx', periodId: 'p', units: referencePlan().units, candidates: {}, measureNos: {} })),
    await held('plan file, in the worker (the service)', () => readPlanInWorker(plan, 'plan.xlsx')),
  );
  const before = Math.max(
    await held('returned table, on the event loop (before)', async () =>
      parseReturnedBytes(returned, DEFAULT_LIMITS, { fileName: 'big.xlsx', periodId: 'p', units: referencePlan().units, candidates: {}, measureNos: {} })),
    await held('plan file, on the event loop (before)', async () => readPlanBytes(plan, 'plan.xlsx', DEFAULT_LIMITS)),
  );
  await stopFileGuard();
  return { before, after };
}

/** Every export of the largest plan the service takes, over HTTP, and on the loop as before (export-stall.ts). */
async function benchExports(): Promise<{ before: number; after: number }> {
  const r = await exportStalls();
  console.log(`
exports of the largest plan (${r.measures} measures, ${r.assignments} assignments, filled), over HTTP (rendered in the export worker):`);
  for (const line of stallLines(r.figures)) console.log(line);
  const files = r.figures.filter((f) => f.onLoopMs !== null && !f.name.startsWith('consolidated JSON'));
  return { before: Math.max(...files.map((f) => f.onLoopMs!)), after: Math.max(...files.map((f) => f.heldMs)) };
}

async function benchHistory(): Promise<number> {
  const ROWS = 300_000;
  const s = await startTestServer();
  try {
    const { store } = s.ctx;
    const plan = (await store.plans.get(s.planId))!.plan;
    const targets = plan.tasks.flatMap((t) => t.measures).flatMap((m) => m.assignments.map((a) => ({ measureKey: m.key, unitId: a.unitId })));
    const at = new Date().toISOString();
    await store.transaction((tx) =>
      tx.entries.write(
        s.periodId,
        Array.from({ length: ROWS }, (_, i) => ({
          ...targets[i % targets.length], field: 'progress' as const, oldValue: '', value: `第${i}次。`, rev: Math.floor(i / targets.length) + 1, at,
          by: 'bench', actor: { codeId: null, role: 'coordinator' as const }, source: 'console' as const, late: false, autoMerged: false,
          changeId: `h${i}`, changedAfterSubmit: false,
        })),
      ),
    );
    console.log(`\nhistory (a period with ${ROWS.toLocaleString()} rows; GET /history answers one page of 1,000 with a cursor):`);
    const unit = targets[0].unitId;
    const last = await store.history.cursor();
    let worst = 0;
    for (const [name, fn] of [
      ['first page', () => store.history.page(s.periodId, {}, { after: 0, limit: 1000 })],
      ['a page at the end', () => store.history.page(s.periodId, {}, { after: last - 1000, limit: 1000 })],
      [`one unit's first page (${unit})`, () => store.history.page(s.periodId, { unitId: unit }, { after: 0, limit: 1000 })],
      ['one measure of one unit', () => store.history.page(s.periodId, { unitId: unit, measureKey: targets[0].measureKey }, { after: 0, limit: 1000 })],
    ] as const) {
      const r = await timeAsync(fn);
      worst = Math.max(worst, r.ms);
      console.log(`  ${pad(name)} ${r.ms.toFixed(1).padStart(6)} ms  (${r.out.items.length} rows, next ${r.out.next ?? 'none'})`);
    }
    return worst;
  } finally {
    await s.close();
  }
}

const merge = await benchMerge();
const bomb = await benchZipBomb();
const parse = await benchParse();
const exports = await benchExports();
const history = await benchHistory();
const f = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
console.log('\nworst event-loop stall of one request (before → after this work):');
console.log(`  merge, worst case at the field limit    ~3,000 ms (2,000 sentences, issue 9) → ${f(merge)}`);
console.log(`  zip bomb refused                        ${f(bomb.before)} → ${f(bomb.after)}`);
console.log(`  large workbook / plan file parsed       ${f(parse.before)} → ${f(parse.after)}`);
console.log(`  largest export (every kind of file)     ${f(exports.before)} → ${f(exports.after)}  (rendered in the export worker; one at a time through the export gate)`);
console.log(`  history, one page of 1,000              ${f(history)} (paged; unpaged, it stopped at 100,000 rows)`);
