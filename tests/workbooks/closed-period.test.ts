// A closed period prints what was frozen at closing — the same as /consolidated shows — in every
// rendering (print view, PDF, .xlsx, .docx); what the office merged after closing appears only on
// request (?live=1), labelled 补报.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { readPdf } from '../helpers/pdf';
import { startTestServer, type TestServer } from '../helpers/server';
import { applyChanges } from '../../server/services/sync';
import { closePeriod } from '../../server/services/periods';
import { CONSOLE_ACTOR } from '../../server/services/actor';
import { closePdfBrowser } from '../../server/workbooks/pdf';
import { download, loadWb } from './helpers';

const UNIT = '省水利厅';
const FROZEN = '南四湖片治理完成投资 3 亿元。';
const LATE = '南四湖片治理完成投资 5 亿元（关闭后补报）。';
let s: TestServer;
let measureKey: string;

const change = (value: string, id: string) => ({ changeId: id, measureKey, unitId: UNIT, field: 'progress' as const, baseRev: 0, value });

beforeAll(async () => {
  s = await startTestServer({ periodName: '2026年下半年', deadline: '2026-12-31' });
  const plan = (await s.ctx.store.plans.get(s.planId))!.plan;
  measureKey = plan.tasks.flatMap((t) => t.measures).find((m) => m.assignments.some((a) => a.unitId === UNIT))!.key;
  await applyChanges(s.ctx, { periodId: s.periodId, changes: [change(FROZEN, 'before-close-0001')], actor: { role: 'unit', unitId: UNIT, codeId: null, label: '水利厅' }, source: 'addin' });
  await closePeriod(s.ctx, s.periodId, CONSOLE_ACTOR);
  // the office merges a late file into the closed period
  const base = (await s.field(measureKey, UNIT, 'progress'))!.rev;
  const r = await applyChanges(s.ctx, { periodId: s.periodId, changes: [{ ...change(LATE, 'after-close-0001'), baseRev: base }], actor: CONSOLE_ACTOR, source: 'workbook' });
  expect(r.results[0].outcome).toBe('accepted');
});
afterAll(async () => {
  await closePdfBrowser();
  await s?.close();
});

const p = () => `/api/periods/${s.periodId}`;
const flat = (t: string) => t.replace(/\s+/g, '');

async function texts(query: string) {
  const [xlsx, html, docx, pdf] = await Promise.all(
    ['export.xlsx', 'print.html', 'export.docx', 'print.pdf'].map((f) => download(s, `${p()}/${f}?tasks=2${query}`)),
  );
  const ws = (await loadWb(xlsx.bytes)).worksheets[0];
  const cells: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))));
  return {
    xlsx: cells.join('\n'),
    html: html.bytes.toString('utf8'),
    docx: strFromU8(unzipSync(new Uint8Array(docx.bytes))['word/document.xml']),
    pdf: flat((await readPdf(pdf.bytes)).map((p) => p.text).join('')),
  };
}

describe('a closed period prints the snapshot frozen at closing', () => {
  it('/consolidated and every rendering show the frozen text, not the late merge', async () => {
    const c = await download(s, `${p()}/consolidated`);
    const row = JSON.parse(c.bytes.toString('utf8')).measures.find((m: { measureKey: string }) => m.measureKey === measureKey).units.find((u: { unitId: string }) => u.unitId === UNIT);
    expect(row.progress).toBe(FROZEN);
    const t = await texts('');
    for (const [name, text] of Object.entries(t)) {
      expect(name === 'pdf' ? text.includes(flat(FROZEN)) : text.includes(FROZEN), name).toBe(true);
      expect(text.includes(name === 'pdf' ? flat(LATE) : LATE), name).toBe(false);
      expect(text.includes('补报'), name).toBe(false);
    }
  });

  it('?live=1: the current state, the late entry labelled 补报 and the table says so', async () => {
    const t = await texts('&live=1');
    for (const [name, text] of Object.entries(t)) {
      expect(name === 'pdf' ? text.includes(flat(LATE)) : text.includes(LATE), name).toBe(true);
      expect(text.includes('省水利厅（补报）'), `${name}: the unit labelled`).toBe(true);
      expect(text.includes('本表含期次关闭后补报的内容'), `${name}: the line under the title`).toBe(true);
    }
    const live = await download(s, `${p()}/consolidated?live=1`);
    expect(live.bytes.toString('utf8')).toContain(LATE);
  }, 60_000);
});
