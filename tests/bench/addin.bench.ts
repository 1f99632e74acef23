// `npm run bench addin` → how many `context.sync()` requests the add-in makes and how big the
// largest one is, for the reference plan (1×) and a plan 100× its size, measured by the strict fake
// Excel (which counts syncs and serialized request bytes, and refuses requests over Excel on the
// web's 5 MB). Also the task pane's first-load size (gzip) if dist/ is built.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { referencePlan, startTestServer, type TestServer } from '../helpers/server';
import { colOf, measureRows, openInstance, type Instance } from '../addin/harness';
import type { Plan } from '../../shared/model/plan';

function scaled(plan: Plan, times: number): Plan {
  const tasks = [];
  for (let k = 0; k < times; k++) {
    for (const t of plan.tasks) {
      const no = String(k * plan.tasks.length + Number(t.no || 0) || t.no);
      tasks.push({
        ...t,
        no,
        measures: t.measures.map((m) => ({ ...m, key: `${m.key}~${k}`, no: `${no}.${m.no.split('.')[1] ?? '1'}` })),
      });
    }
  }
  return { ...plan, tasks, warnings: [] };
}

interface Row {
  scenario: string;
  rows: number;
  syncs: number;
  requests: number;
  maxBytes: number;
  totalBytes: number;
  maxResponse: number;
  ms: number;
}
const results: Row[] = [];

async function measure(scenario: string, inst: Instance, rows: number, work: () => Promise<unknown>): Promise<void> {
  inst.fake.resetCounters();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const p = inst.fake.payloads;
  const maxResponse = Math.max(...inst.fake.responses);
  results.push({ scenario, rows, syncs: p.length, requests: p.length, maxBytes: Math.max(...p), totalBytes: p.reduce((a, b) => a + b, 0), maxResponse, ms: Math.round(ms) });
}

async function scenarios(label: string, srv: TestServer): Promise<void> {
  // a unit: lay out, fill two fields of every row, sync
  const unit = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'));
  const { assignments } = await unit.session.api.assignments(srv.periodId);
  await measure(`${label} unit layout (省交通运输厅)`, unit, assignments.length, () => unit.session.layout());
  const sheet = '省交通运输厅';
  const rows = await measureRows(unit, sheet);
  const cStatus = colOf(unit.fake, sheet, '完成状态');
  const cProgress = colOf(unit.fake, sheet, '进展情况');
  for (const r of rows.values()) {
    unit.fake.type(sheet, r, cStatus, '推进中');
    unit.fake.type(sheet, r, cProgress, `第${r}行：本期已完成年度投资计划的百分之六十，主体工程按期推进。`);
  }
  await measure(`${label} unit sync, ${rows.size * 2} edits`, unit, assignments.length, () => unit.session.sync());
  await measure(`${label} unit sync, nothing to do`, unit, assignments.length, () => unit.session.sync());
  await measure(`${label} unit re-layout on the filled sheet`, unit, assignments.length, () => unit.session.layout());
  // the coordinator's consolidated table
  const coord = await openInstance(srv.url, srv.coordinatorCode);
  const cons = await coord.session.api.consolidated(srv.periodId);
  const consRows = cons.measures.reduce((n, m) => n + Math.max(1, m.units.length), 0);
  await measure(`${label} consolidated layout (coordinator)`, coord, consRows, () => coord.session.layout());
  await measure(`${label} consolidated again, over the old one`, coord, consRows, () => coord.session.layout());
}

const fmt = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

const plan1 = referencePlan();
for (const [label, plan] of [
  ['1×', plan1],
  ['100×', scaled(plan1, 100)],
] as const) {
  const srv = await startTestServer({ plan: plan as Plan });
  try {
    await scenarios(label, srv);
  } finally {
    await srv.close();
  }
}

console.log('Excel requests (context.sync) per operation — strict fake, 5 MB limit enforced, request budget 4 MB');
console.log(['scenario'.padEnd(44), 'rows'.padStart(6), 'syncs'.padStart(6), 'largest req'.padStart(12), 'total req'.padStart(10), 'largest resp'.padStart(13), 'ms'.padStart(7)].join(' '));
for (const r of results) {
  console.log([r.scenario.padEnd(44), String(r.rows).padStart(6), String(r.syncs).padStart(6), fmt(r.maxBytes).padStart(12), fmt(r.totalBytes).padStart(10), fmt(r.maxResponse).padStart(13), String(r.ms).padStart(7)].join(' '));
}

// First load of the task pane: the html and the script it loads (office.js comes from Microsoft's CDN).
const dist = 'dist';
const html = ['taskpane.html', 'addin/taskpane.html'].map((p) => join(dist, p)).find(existsSync);
if (html) {
  const text = readFileSync(html, 'utf8');
  const scripts = [...text.matchAll(/src="?\/?(assets\/[^"\s>]+\.js)/g)].map((m) => join(dist, m[1]));
  const files = [html, ...scripts];
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const b = readFileSync(f);
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  console.log(`\ntask pane first load (${files.map((f) => f.replace(/^dist\//, '')).join(' + ')}): ${fmt(raw)} raw, ${fmt(gz)} gzip (+ office.js from the CDN)`);
} else {
  console.log(`\ntask pane first load: dist/ not built (run npm run build); assets: ${existsSync(dist) ? readdirSync(dist).join(', ') : '-'}`);
}
