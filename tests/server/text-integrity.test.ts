// What is acknowledged is what is stored (docs/rules.md "Text integrity"). Control characters
// (NUL, ESC …) and lone surrogates are refused on every API path with 400 INVALID_TEXT and the
// store unchanged; files (returned workbooks, imported tables) are cleaned and the change reported,
// and the acknowledged value is the stored one. Every export stays valid XML whatever was stored
// before this rule existed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Field } from '../../shared/model/progress';
import { applyChanges } from '../../server/services/sync';
import { CONSOLE_ACTOR } from '../../server/services/actor';
import { api, measuresOf, startTestServer, storeCounts, type TestServer } from '../helpers/server';
import { download, postMerge, writeSheets } from '../workbooks/helpers';

let s: TestServer;
let code: string;
let mk: string;
const U = '省交通运输厅';
let n = 0;
const BAD = ['含\u0000空字符', '转义\u001b[31m', '残缺\ud800编码', '尾部\udc00', '\uffff'];

beforeAll(async () => {
  s = await startTestServer();
  code = await s.issueUnitCode(U);
  [mk] = await measuresOf(s, code);
});
afterAll(() => s.close());

const storeState = async () => await storeCounts(s);

async function refused(method: string, path: string, body: unknown, who = s.coordinatorCode) {
  const before = await storeState();
  const r = await api(s.url, who, method, path, body);
  expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
  expect(r.body.error.code).toBe('INVALID_TEXT');
  expect(r.body.error.message).toMatch(/不能保存的字符/);
  expect(await storeState()).toBe(before);
}

const change = (value: string, o: object = {}) => ({ changeId: `text-test-${++n}`, measureKey: mk, unitId: U, field: 'progress' as Field, baseRev: 0, value, ...o });

describe('text integrity on every entry path', () => {
  it('sync from the add-in and the fill page: refused, nothing stored (not even the good changes of the batch)', async () => {
    for (const bad of BAD) {
      for (const source of ['addin', 'fill']) {
        await refused('POST', `/api/periods/${s.periodId}/changes`, { source, changes: [change('正常的内容。', { field: 'problems' }), change(bad)] }, code);
      }
    }
    await refused('POST', `/api/periods/${s.periodId}/changes`, { changes: [change('好。')], person: '张\u0007三' }, code);
    // clean text with tabs, line breaks and surrogate pairs is stored and acknowledged exactly
    const ok = '第一行\t制表\r\n第二行 𠀀😀';
    const r = await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [change(ok)] });
    expect(r.body.results[0]).toMatchObject({ outcome: 'accepted', value: ok });
    expect((await s.field(mk, U, 'progress'))!.value).toBe(ok);
  });

  it('a resolution, a summary, a unit, a period and a code person: refused', async () => {
    await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [change('甲', { field: 'contact' })] });
    const c = (await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, { changes: [change('乙', { field: 'contact' })] })).body.results[0];
    expect(c.outcome).toBe('conflict');
    await refused('POST', `/api/conflicts/${c.conflict.id}/resolve`, { value: '丙\u0000', changeId: `text-res-${++n}`, baseRev: c.conflict.serverRev });
    await refused('POST', `/api/admin/periods/${s.periodId}/summaries`, { measureKey: mk, text: '汇总\ud800' });
    await refused('POST', '/api/admin/units', { id: '新单位', name: '新\u0001单位', shortName: '新单位', kind: 'other' });
    await refused('POST', '/api/admin/periods', { name: '2027年\u0000上半年' });
    await refused('POST', `/api/admin/periods/${s.periodId}`, { name: '改名\u001f' });
    await refused('POST', '/api/admin/codes', { unitId: U, person: '赵\u0008六' });
  });

  it('a returned workbook is cleaned: the stored value is the acknowledged one, reported as cleaned', async () => {
    // through the one merge path, as merge-returned calls it
    const res = await applyChanges(s.ctx, {
      periodId: s.periodId, actor: CONSOLE_ACTOR, source: 'workbook',
      changes: [change('表格\u0000里的\u000b内容\ud800', { field: 'nextSteps' })],
    });
    const stored = (await s.field(mk, U, 'nextSteps'))!;
    expect(stored.value).toBe('表格里的\n内容\ufffd');
    expect(res.results[0]).toMatchObject({ outcome: 'accepted', value: stored.value, cleaned: true });
    // and end to end: a real .xlsx whose cell holds control characters
    const m = (await s.ctx.store.plans.get(s.planId))!.plan.tasks.flatMap((t) => t.measures).find((x) => x.no === '23.2')!;
    // (exceljs drops control characters when it writes: put them in as Excel escapes them, _xHHHH_)
    const bytes = withSharedString(await writeSheets([{ name: '枣庄市政府', rows: [['序号', '具体举措', '进展情况'], ['23.2', m.text, '已完成并验收']] }]), '已完成并验收', '已完成_x0007_并_x0001_验收');
    const r = await postMerge(s, [{ name: '返回.xlsx', bytes }]);
    expect(r.body.files[0]).toMatchObject({ ok: true });
    const merged = r.body.files[0].merged.find((m) => m.field === 'progress')!;
    const value = (await s.field(merged.measureKey, merged.unitId, 'progress'))!.value;
    expect(value).toBe('已完成并验收');
    expect(merged.cleaned).toBe(true); // the report says the cell was cleaned
  });

  it('an imported table is cleaned and says so in its warnings', async () => {
    const table = readFileSync(join(__dirname, '../../shared/data/lunan-task-division-table.txt'), 'utf8');
    const post = (txt: string) =>
      fetch(`${s.url}/api/admin/plans/import?new=1&apply=1&name=plan.txt`, { method: 'POST', headers: { authorization: `Bearer ${s.coordinatorCode}` }, body: txt });
    // a NUL makes it binary, not a table: refused, nothing stored
    const before = await storeState();
    const nul = await post(table.replace('实施京杭运河主航道升级工程', '实施京杭运河\u0000主航道升级工程'));
    expect(nul.status).toBe(415);
    expect(await storeState()).toBe(before);
    const r = await post(table.replace('实施京杭运河主航道升级工程', '实施京杭运河\u0007主航道\u001b升级工程'));
    const body = await r.json();
    expect(r.status).toBe(200);
    expect(body.warnings.some((w: any) => w.code === 'TEXT_CLEANED')).toBe(true);
    const plan = (await s.ctx.store.plans.get(body.planId))!.plan;
    expect(JSON.stringify(plan)).toContain('实施京杭运河主航道升级工程');
    expect(JSON.stringify(plan)).not.toMatch(/\\u0000|\\u001b/);
  });
});

/** Throws unless `xml` is well-formed XML 1.0 (saxes is a conformant parser: control characters are fatal). */
function parseXml(xml: string): void {
  const p = new SaxesParser();
  let error: Error | null = null;
  p.on('error', (e) => (error ??= e));
  p.write(xml).close();
  if (error) throw error;
}

describe('exports stay valid whatever was stored before', () => {
  it('.docx, .xlsx, a template and the print view of values holding control characters', async () => {
    // written straight into the store, as an older version let them in
    // (PostgreSQL's text cannot hold U+0000 at all: there the other control characters)
    const raw = s.backend === 'sqlite' ? '旧数据\u0000含\u0007控制\u001b字符\u000b换行' : '旧数据含\u0007控制\u001b字符\u000b换行';
    await s.ctx.store.transaction((tx) =>
      tx.entries.write(s.periodId, [{
        measureKey: mk, unitId: U, field: 'problems', oldValue: '', value: raw, rev: 9, at: new Date().toISOString(), by: 'old',
        actor: { codeId: null, role: 'coordinator' }, source: 'console', late: false, autoMerged: false, changeId: 'old-raw', changedAfterSubmit: false,
      }]),
    );
    const base = `/api/periods/${s.periodId}`;
    for (const [path, parts] of [
      [`${base}/export.docx`, /^word\/document\.xml$/],
      [`${base}/export.xlsx`, /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/],
      [`${base}/templates/${encodeURIComponent(U)}.xlsx`, /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/],
    ] as const) {
      const r = await download(s, path);
      expect(r.status, path).toBe(200);
      const files = unzipSync(new Uint8Array(r.bytes));
      const names = Object.keys(files).filter((f) => parts.test(f));
      expect(names.length, path).toBeGreaterThan(0);
      const texts = names.map((f) => new TextDecoder().decode(files[f]));
      for (const t of texts) expect(() => parseXml(t), `${path} ${names}`).not.toThrow();
      expect(texts.join('').replace(/<[^>]*>/g, ''), path).toContain('旧数据含控制字符');
    }
    const html = await (await fetch(`${s.url}${base}/print.html`, { headers: { authorization: `Bearer ${s.coordinatorCode}` } })).text();
    expect(html).toContain('旧数据含控制字符\n换行');
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});

/** The workbook with one shared string's XML text replaced (to write what exceljs would not). */
function withSharedString(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['xl/sharedStrings.xml']);
  if (!xml.includes(from)) throw new Error(`shared string ${from} not found`);
  files['xl/sharedStrings.xml'] = strToU8(xml.replace(from, to));
  return zipSync(files);
}
