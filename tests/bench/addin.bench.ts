// `npm run bench -- addin` → for both hosts, the reference plan (1×) and a plan 100× its size:
// Excel — how many `context.sync()` requests the add-in makes and how big the largest one is, as
// the strict fake Excel counts them (it refuses requests over Excel on the web's 5 MB); WPS 表格 —
// its object model is synchronous (no requests to batch), so the figure is the number of
// object-model calls the fake WPS counted. Both must stay flat as the table grows 100×. Also the
// stored sync state's size (Excel's settings are capped near 1–2 MB) and the panes' first load.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { referencePlan, startTestServer, type TestServer } from '../helpers/server';
import { colOf, HOSTS, measureRows, openInstance, type HostKind, type Instance } from '../addin/harness';
import { FakeExcelHost } from '../fakes/excel/host';
import { stateKey } from '../../shared/sync/state';
import { scaledPlan } from '../addin/scaled-plan';
import type { Plan } from '../../shared/model/plan';

interface Row {
  host: HostKind;
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
const stateSizes: { host: HostKind; label: string; rows: number; bytes: number }[] = [];

async function measure(scenario: string, inst: Instance, rows: number, work: () => Promise<unknown>): Promise<void> {
  inst.fake.resetCounters();
  const t0 = performance.now();
  await work();
  const ms = Math.round(performance.now() - t0);
  if (inst.fake instanceof FakeExcelHost) {
    const p = inst.fake.payloads;
    results.push({ host: inst.kind, scenario, rows, syncs: p.length, requests: p.length, maxBytes: Math.max(...p), totalBytes: p.reduce((a, b) => a + b, 0), maxResponse: Math.max(...inst.fake.responses), ms });
  } else {
    results.push({ host: inst.kind, scenario, rows, syncs: inst.fake.calls, requests: inst.fake.calls, maxBytes: 0, totalBytes: 0, maxResponse: 0, ms });
  }
}

async function scenarios(host: HostKind, label: string, srv: TestServer): Promise<void> {
  // a unit: lay out, fill two fields of every row, sync
  const unit = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { host });
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
  const stored = await unit.port.getValue(stateKey(srv.periodId, '省交通运输厅'));
  stateSizes.push({ host, label, rows: assignments.length, bytes: new TextEncoder().encode(JSON.stringify(stored)).length });
  await measure(`${label} unit re-layout on the filled sheet`, unit, assignments.length, () => unit.session.layout());
  // the coordinator's consolidated table
  const coord = await openInstance(srv.url, srv.coordinatorCode, { host });
  const cons = await coord.session.api.consolidated(srv.periodId);
  const consRows = cons.measures.reduce((n, m) => n + Math.max(1, m.units.length), 0);
  await measure(`${label} consolidated layout (coordinator)`, coord, consRows, () => coord.session.layout());
  await measure(`${label} consolidated again, over the old one`, coord, consRows, () => coord.session.layout());
}

const fmt = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

const plan1 = referencePlan();
for (const [label, plan] of [
  ['1×', plan1],
  ['100×', scaledPlan(plan1, 100)],
] as const) {
  // a server per host: each host's unit starts from empty entries and really pushes its edits
  for (const host of HOSTS) {
    const srv = await startTestServer({ plan: plan as Plan });
    try {
      await scenarios(host, label, srv);
    } finally {
      await srv.close();
    }
  }
}

console.log('Excel requests (context.sync) per operation — strict fake, 5 MB limit enforced, request budget 4 MB');
console.log(['scenario'.padEnd(44), 'rows'.padStart(6), 'syncs'.padStart(6), 'largest req'.padStart(12), 'total req'.padStart(10), 'largest resp'.padStart(13), 'ms'.padStart(7)].join(' '));
for (const r of results.filter((x) => x.host === 'excel')) {
  console.log([r.scenario.padEnd(44), String(r.rows).padStart(6), String(r.syncs).padStart(6), fmt(r.maxBytes).padStart(12), fmt(r.totalBytes).padStart(10), fmt(r.maxResponse).padStart(13), String(r.ms).padStart(7)].join(' '));
}
console.log('\nWPS 表格 object-model calls per operation — strict fake (synchronous API: no requests to batch)');
console.log(['scenario'.padEnd(44), 'rows'.padStart(6), 'calls'.padStart(8), 'ms'.padStart(7)].join(' '));
for (const r of results.filter((x) => x.host === 'wps')) console.log([r.scenario.padEnd(44), String(r.rows).padStart(6), String(r.syncs).padStart(8), String(r.ms).padStart(7)].join(' '));
console.log('\nstored sync state after filling two fields of every row (Excel settings: 2 MB cap, failures reported near 1 MB)');
for (const s of stateSizes) console.log(`  ${s.host.padEnd(6)} ${s.label.padEnd(5)} ${String(s.rows).padStart(5)} rows: ${fmt(s.bytes)}`);

// First load of the task pane: the html and the script it loads (office.js comes from Microsoft's CDN).
const dist = 'dist';
for (const html of ['addin/taskpane.html', 'wps/taskpane.html'].map((p) => join(dist, p)).filter(existsSync)) {
  const text = readFileSync(html, 'utf8');
  const base = html.startsWith(join(dist, 'wps')) ? join(dist, 'wps') : dist;
  const scripts = [...text.matchAll(/src="?\/?(assets\/[^"\s>]+\.js)/g)].map((m) => join(base, m[1]));
  const files = [html, ...scripts];
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const b = readFileSync(f);
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  console.log(`\ntask pane first load (${files.map((f) => f.replace(/^dist\//, '')).join(' + ')}): ${fmt(raw)} raw, ${fmt(gz)} gzip${base === dist ? ' (+ office.js from the CDN)' : ''}`);
}
if (!existsSync(join(dist, 'addin/taskpane.html'))) {
  console.log(`\ntask pane first load: dist/ not built (run npm run build); assets: ${existsSync(dist) ? readdirSync(dist).join(', ') : '-'}`);
}
