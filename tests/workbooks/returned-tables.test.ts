// Returned tables as people really make them (issue 13), built here for real (exceljs, the docx
// library, Word-style XML edits), posted to the merge endpoint as the console does: each case asserts
// what the report says — the unit and how it was found, each column's meaning and why, what was not
// imported and why — and that every expected entry arrived exactly; merging again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { getPlanIndex } from '../../server/services/plans';
import { colLetter } from '../../shared/layout/a1';
import type { Field } from '../../shared/model/progress';
import { download, fillWordCell, loadWb, postMerge, storeSnapshot, templateFor, toBuffer, wordDoc, writeSheets } from './helpers';

let s: TestServer;
interface M {
  key: string;
  no: string;
  taskNo: string;
  taskTitle: string;
  text: string;
  unitsText: string;
}
/** Every measure of the plan in order, as the distributed table lists them. */
let all: M[];
const of = (unit: string) => all.filter((m) => m.unitsText.split('、').includes(unit));
const FGW = '省发展改革委';
const JTT = '省交通运输厅';
const ZZ = '枣庄市人民政府';

beforeAll(async () => {
  s = await startTestServer();
  const plan = await getPlanIndex(s.ctx, s.planId);
  all = plan.plan.tasks.flatMap((t) =>
    t.measures.map((m) => ({ key: m.key, no: m.no, taskNo: t.no, taskTitle: t.title, text: m.text, unitsText: [...plan.measures.get(m.key)!.unitIds].join('、') })),
  );
});
afterAll(async () => {
  await s?.close();
});

const value = async (unit: string, key: string, f: Field) => (await s.field(key, unit, f))?.value;

/** The distributed table, one row per measure (序号 and 主要任务 merged down the task's rows), plus the unit's columns. */
function wholeTable(extraHeaders: string[], fill: (m: M) => (string | null)[]): { rows: (string | null)[][]; merges: string[] } {
  const rows: (string | null)[][] = [['鲁南经济圈一体化发展重点任务分工表'], ['序号', '主要任务', '具体举措', '责任单位', ...extraHeaders]];
  const merges: string[] = [];
  let start = 0;
  all.forEach((m, i) => {
    const first = i === 0 || all[i - 1].taskNo !== m.taskNo;
    if (first) start = rows.length + 1;
    rows.push([first ? m.taskNo : null, first ? m.taskTitle : null, m.text, m.unitsText, ...fill(m)]);
    const lastOfTask = i === all.length - 1 || all[i + 1].taskNo !== m.taskNo;
    if (lastOfTask && rows.length > start) merges.push(`A${start}:A${rows.length}`, `B${start}:B${rows.length}`);
  });
  return { rows, merges };
}

describe('returned tables as people really make them', () => {
  it('the whole table copied with 工作进展 and 完成情况 added (status words in the second); the unit by its short name in the file name', async () => {
    const mine = of(FGW);
    const other = of(ZZ)[0];
    const filled = new Map<string, [string | null, string | null]>([
      [mine[0].key, ['鲁南高铁曲阜至菏泽段完成投资 45 亿元。\n京雄商高铁山东段开工建设。', '正常推进']],
      [mine[1].key, ['临淄至沂南高速已通车。', '已完成']],
      [mine[2].key, ['京杭运河主航道升级工程完成初步设计。', null]],
      [mine[3].key, [null, '进度滞后']],
      [mine[4].key, ['南四湖片治理工程完成 80%。', '基本完成']], // not a status word: reported with its row
      [other.key, ['联席会议已召开。', '已完成']], // not this unit's measure: reported, not dropped
    ]);
    const { rows, merges } = wholeTable(['工作进展', '完成情况'], (m) => filled.get(m.key) ?? [null, null]);
    const bytes = await writeSheets([{ name: '分工表', rows, merges }]);
    const r = await postMerge(s, [{ name: '省发改委-重点任务落实情况.xlsx', bytes }]);
    expect(r.status).toBe(200);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, kind: 'table', format: 'xlsx', unitId: FGW, unitFrom: 'file-name', unitEvidence: '文件名“省发改委-重点任务落实情况”' });
    const cols = f.sheets[0].columns!;
    expect(cols.map((c) => [c.column, c.header, c.meaning])).toEqual([
      ['A', '序号', 'no'],
      ['B', '主要任务', 'task'],
      ['C', '具体举措', 'measure'],
      ['D', '责任单位', 'units'],
      ['E', '工作进展', 'progress'],
      ['F', '完成情况', 'status'],
    ]);
    expect(cols[5].reason).toBe('表头“完成情况”，但内容多为完成状态词（5/5 格像完成状态，其中 4 格可直接识别），按完成状态读取');

    expect(await value(FGW, mine[0].key, 'progress')).toBe('鲁南高铁曲阜至菏泽段完成投资 45 亿元。\n京雄商高铁山东段开工建设。');
    expect(await value(FGW, mine[0].key, 'status')).toBe('推进中');
    expect(await value(FGW, mine[1].key, 'status')).toBe('已完成');
    expect(await value(FGW, mine[1].key, 'progress')).toBe('临淄至沂南高速已通车。');
    expect(await value(FGW, mine[2].key, 'progress')).toBe('京杭运河主航道升级工程完成初步设计。');
    expect(await value(FGW, mine[3].key, 'status')).toBe('滞后');
    expect(await value(FGW, mine[4].key, 'progress')).toBe('南四湖片治理工程完成 80%。');
    expect(await value(FGW, mine[4].key, 'status')).toBeUndefined();
    expect(f.counts).toMatchObject({ merged: 7, conflicts: 0, unmatchedRows: 1, ignoredCells: 1 });
    const rowOf = (key: string) => rows.findIndex((x) => x[2] === all.find((m) => m.key === key)!.text) + 1;
    expect(f.ignoredCells).toEqual([
      { sheet: '分工表', cell: `F${rowOf(mine[4].key)}`, row: rowOf(mine[4].key), field: 'status', text: '基本完成', reason: expect.stringMatching(/“基本完成”无法识别/) },
    ]);
    expect(f.unmatchedRows).toEqual([{ sheet: '分工表', row: rowOf(other.key), no: other.taskNo, text: expect.stringContaining('进展情况：联席会议已召开。'), reason: expect.any(String) }]);
    expect(f.unmatchedRows[0].text).toContain('完成状态：已完成');

    const snap = await storeSnapshot(s);
    const again = await postMerge(s, [{ name: '省发改委-重点任务落实情况.xlsx', bytes }]);
    expect(again.body.files[0].counts).toMatchObject({ merged: 0, unchanged: 7, conflicts: 0, unmatchedRows: 1, ignoredCells: 1 });
    expect(await storeSnapshot(s)).toBe(snap);
  });

  it('the unit only in a title line, the status under a progress-like header (进展)', async () => {
    const m = of(FGW).slice(5, 8);
    const rows = [
      ['省发展改革委重点任务进展'],
      ['序号', '具体举措', '进展', '存在问题', '下步打算'],
      [m[0].no, m[0].text, '按计划推进', '要素保障压力大', '加快前期工作'],
      [m[1].no, m[1].text, '已办结', '', ''],
      [m[2].no, m[2].text, '未开展', '', '年内启动'],
    ];
    const r = await postMerge(s, [{ name: 'huichuan.xlsx', bytes: await writeSheets([{ name: 'Sheet1', rows, merges: ['A1:E1'] }]) }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, unitId: FGW, unitFrom: 'title', unitEvidence: '标题行“省发展改革委重点任务进展”' });
    expect(f.sheets[0].columns!.map((c) => c.meaning)).toEqual(['no', 'measure', 'status', 'problems', 'nextSteps']);
    expect(f.counts).toMatchObject({ merged: 6, unmatchedRows: 0, ignoredCells: 0 });
    expect(await Promise.all([0, 1, 2].map((i) => value(FGW, m[i].key, 'status')))).toEqual(['推进中', '已完成', '未启动']);
    expect(await value(FGW, m[0].key, 'problems')).toBe('要素保障压力大');
    expect(await value(FGW, m[2].key, 'nextSteps')).toBe('年内启动');
  });

  it('short unit names in the 填报单位 line: 枣庄市政府 is 枣庄市人民政府', async () => {
    const m = of(ZZ);
    const rows = [
      ['枣庄市重点任务落实情况'],
      ['填报单位：枣庄市政府', null, '填报日期：2026年11月'],
      ['序号', '具体举措', '进展情况', '完成状态'],
      [m[0].no, m[0].text, '联席会议制度已建立，召开第一次会议。', '已完成'],
    ];
    const f = (await postMerge(s, [{ name: 'x.xlsx', bytes: await writeSheets([{ name: 'S', rows }]) }])).body.files[0];
    expect(f).toMatchObject({ ok: true, unitId: ZZ, unitName: ZZ, unitFrom: 'reporter-cell', unitEvidence: '“填报单位”栏“枣庄市政府”' });
    expect(await value(ZZ, m[0].key, 'progress')).toBe('联席会议制度已建立，召开第一次会议。');
  });

  it('several candidate units: refused with 4xx and the candidates; ?unit= chooses', async () => {
    const m = of(JTT).at(-1)!;
    const rows = [['省发改委、省交通运输厅联合报送'], ['序号', '具体举措', '进展情况'], [m.no, m.text, '城乡基础设施一体化规划已印发。']];
    const bytes = await writeSheets([{ name: 'Sheet1', rows }]);
    const snap = await storeSnapshot(s);
    const r = await postMerge(s, [{ name: '联合报送.xlsx', bytes }]);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'UNIT_AMBIGUOUS_IN_FILE',
      details: { candidates: [FGW, JTT], seen: ['标题行“省发改委、省交通运输厅联合报送”'] },
    });
    expect(await storeSnapshot(s)).toBe(snap);
    const chosen = await postMerge(s, [{ name: '联合报送.xlsx', bytes }], `?unit=${encodeURIComponent(JTT)}`);
    expect(chosen.body.files[0]).toMatchObject({ ok: true, unitId: JTT, unitFrom: 'request', counts: { merged: 1 } });
    expect(await value(JTT, m.key, 'progress')).toBe('城乡基础设施一体化规划已印发。');
    // a unit name that is no unit is refused, not ignored
    const bad = await postMerge(s, [{ name: '联合报送.xlsx', bytes }], `?unit=${encodeURIComponent('省不存在厅')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('UNKNOWN_UNIT');
  });

  it('a name the registry does not know: refused with what the file says; once the office adds it as an alias, it is recognised', async () => {
    const m = of(JTT)[0];
    const rows = [['填报单位：省交通运输部门'], ['序号', '具体举措', '存在问题'], [m.no, m.text, '征迁难度大。']];
    const bytes = await writeSheets([{ name: 'Sheet1', rows }]);
    const r = await postMerge(s, [{ name: '回传.xlsx', bytes }]);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'UNIT_UNKNOWN_IN_FILE', details: { candidates: [], written: '省交通运输部门' } });
    expect(r.body.error!.details!.seen).toContain('“填报单位”栏“省交通运输部门”');
    const unit = (await s.ctx.store.units.get(JTT))!;
    const add = await fetch(`${s.url}/api/admin/units`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.coordinatorCode}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...unit, aliases: [...unit.aliases, '省交通运输部门'] }),
    });
    expect(add.status).toBe(200);
    const again = await postMerge(s, [{ name: '回传.xlsx', bytes }]);
    expect(again.body.files[0]).toMatchObject({ ok: true, unitId: JTT, unitFrom: 'reporter-cell', counts: { merged: 1 } });
    expect(await value(JTT, m.key, 'problems')).toBe('征迁难度大。');
  });

  it('a Word table filled Word-style: merged cells, several paragraphs per cell, a hyperlink, text after the table', async () => {
    const [a, b, c, d] = of(ZZ).slice(2); // 25.1, 25.2, 26.1, 26.2
    const link = 'https://fgw.zaozhuang.gov.cn/a?id=7&t=2';
    const bytes = await wordDoc(
      ['枣庄市贯彻落实鲁南经济圈一体化发展重点任务情况表', '填报单位：枣庄市人民政府　　填报日期：2026年11月'],
      [
        ['序号', '具体举措', '工作进展', '存在问题', '完成情况'],
        [{ paras: [a.taskNo], rowSpan: 2 }, a.text, ['印发先行先试工作方案。', '在毗邻地区开展规划统筹试点。', { text: '详见实施方案', link }], '', '正常推进'],
        [null, b.text, '容错纠错办法已形成初稿。', ['部门意见尚未统一。', '需省级层面协调。'], '推进中'],
        [{ paras: [c.taskNo], rowSpan: 2 }, c.text, { paras: ['两项工作一并推进，已形成年度合作清单。'], rowSpan: 2 }, '', '已完成'],
        [null, d.text, null, '', '已完成'],
      ],
      ['联系人：张三　0632-1234567'],
    );
    const r = await postMerge(s, [{ name: '枣庄市报送.docx', bytes }]);
    expect(r.status).toBe(200);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, format: 'docx', kind: 'table', unitId: ZZ, unitFrom: 'reporter-cell' });
    expect(f.sheets).toEqual([expect.objectContaining({ name: '表格1', kind: 'table', headerRow: 1 })]);
    expect(f.sheets[0].columns!.map((x) => [x.column, x.meaning])).toEqual([
      ['第1列', 'no'], ['第2列', 'measure'], ['第3列', 'progress'], ['第4列', 'problems'], ['第5列', 'status'],
    ]);
    expect(await value(ZZ, a.key, 'progress')).toBe(`印发先行先试工作方案。\n在毗邻地区开展规划统筹试点。\n详见实施方案（链接：${link}）`);
    expect(await value(ZZ, a.key, 'status')).toBe('推进中');
    expect(await value(ZZ, b.key, 'problems')).toBe('部门意见尚未统一。\n需省级层面协调。');
    // one text typed into a cell merged down two measures' rows belongs to both
    expect(await value(ZZ, c.key, 'progress')).toBe('两项工作一并推进，已形成年度合作清单。');
    expect(await value(ZZ, d.key, 'progress')).toBe('两项工作一并推进，已形成年度合作清单。');
    expect(await value(ZZ, d.key, 'status')).toBe('已完成');
    expect(f.counts).toMatchObject({ merged: 9, conflicts: 0, unmatchedRows: 0 });
    expect(f.links).toEqual([{ sheet: '表格1', cell: '第2行第3列', text: '详见实施方案', target: link }]);
    expect(f.ignoredCells).toEqual([{ sheet: '表格1', cell: '表格后第1段', text: '联系人：张三　0632-1234567', reason: '表格外的文字，未导入' }]);
    const again = await postMerge(s, [{ name: '枣庄市报送.docx', bytes }]);
    expect(again.body.files[0].counts).toMatchObject({ merged: 0, unchanged: 9 });
  });

  it('a Word table split over two tables (the second without a header) is read as one', async () => {
    const [m1, m2] = of(JTT).slice(1, 3);
    const t1 = await wordDoc(['填报单位：省交通厅'], [['序号', '具体举措', '存在问题'], [m1.no, m1.text, '资金缺口较大。']]);
    // a second table right after the first, same columns, no header: append its <w:tbl> to the body
    const t2 = await wordDoc([], [[m2.no, m2.text, '航道等级偏低。']]);
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
    const a = unzipSync(t1);
    const tbl2 = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(strFromU8(unzipSync(t2)['word/document.xml']))![0];
    a['word/document.xml'] = strToU8(strFromU8(a['word/document.xml']).replace('</w:tbl>', `</w:tbl>${tbl2}`));
    const f = (await postMerge(s, [{ name: 'jt.docx', bytes: zipSync(a) }])).body.files[0];
    expect(f).toMatchObject({ ok: true, unitId: JTT, counts: { merged: 2, unmatchedRows: 0 } });
    expect(f.sheets.map((x) => x.name)).toEqual(['表格1']);
    expect(await value(JTT, m2.key, 'problems')).toBe('航道等级偏低。');
  });

  it('the Word template: downloaded, filled in its cells, merged by its keys; re-downloaded and edited, no false conflict', async () => {
    const tpl = await download(s, `/api/periods/${s.periodId}/templates/${encodeURIComponent('省水利厅')}.docx`);
    expect(tpl.status).toBe(200);
    expect(tpl.type).toMatch(/wordprocessingml/);
    const m = of('省水利厅');
    // row 1 is the first measure; columns: 序号 主要任务 具体举措 责任单位 完成状态 进展情况 存在问题 下步计划 联系人/电话
    let filled = fillWordCell(tpl.bytes, 1, 5, ['南四湖片治理工程开工。', '完成投资 2 亿元。']);
    filled = fillWordCell(filled, 1, 4, ['推进中']);
    const r = await postMerge(s, [{ name: '水利厅.docx', bytes: filled }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, format: 'docx', kind: 'template', unitId: '省水利厅', unitFrom: 'template', counts: { merged: 2, conflicts: 0 } });
    expect(await value('省水利厅', m[0].key, 'progress')).toBe('南四湖片治理工程开工。\n完成投资 2 亿元。');

    const tpl2 = await download(s, `/api/periods/${s.periodId}/templates/${encodeURIComponent('省水利厅')}.docx`);
    const edited = fillWordCell(tpl2.bytes, 1, 5, ['南四湖片治理工程开工，完成投资 3 亿元。']);
    const f2 = (await postMerge(s, [{ name: '水利厅2.docx', bytes: edited }])).body.files[0];
    // the second paragraph the template carried stays; the first was re-typed: an edit based on the new revision
    expect(f2.counts).toMatchObject({ merged: 1, conflicts: 0 });
    expect(await value('省水利厅', m[0].key, 'progress')).toBe('南四湖片治理工程开工，完成投资 3 亿元。\n完成投资 2 亿元。');
  });

  it('hyperlinks keep their text and target; validations and conditional formats over whole columns are ignored', async () => {
    const wb = await loadWb(await templateFor(s, JTT));
    const ws = wb.worksheets[0];
    const link = 'https://jtt.shandong.gov.cn/art/2026/10/1/x.html';
    ws.getCell('F5').value = { text: '详见进展通报', hyperlink: link };
    ws.getCell('G5').value = { text: link, hyperlink: link }; // the link is its own text: not doubled
    // a validation and a format over whole columns, as real offices' files have them
    (ws as unknown as { dataValidations: { add(ref: string, v: object): void } }).dataValidations.add('H1:H1048576', { type: 'textLength', operator: 'lessThan', formulae: [2000], allowBlank: true });
    ws.addConditionalFormatting({ ref: 'A:J', rules: [{ type: 'expression', priority: 1, formulae: ['LEN($F1)>500'], style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } } }] });
    ws.getCell('H5').value = '年底前完成可研批复。';
    const r = await postMerge(s, [{ name: 'jtt-links.xlsx', bytes: await toBuffer(wb) }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, kind: 'template', counts: { merged: 3, ignoredCells: 0 } });
    const key = of(JTT)[0].key;
    expect(await value(JTT, key, 'progress')).toBe(`详见进展通报（链接：${link}）`);
    expect(await value(JTT, key, 'problems')).toBe(link);
    expect(await value(JTT, key, 'nextSteps')).toBe('年底前完成可研批复。');
    expect(f.links).toEqual([
      { sheet: ws.name, cell: 'F5', text: '详见进展通报', target: link },
      { sheet: ws.name, cell: 'G5', text: link, target: link },
    ]);
  });

  it('a batch answers per file: one without a unit (with its candidates), one merged', async () => {
    const m = of(JTT)[3];
    const noUnit = await writeSheets([{ name: 'Sheet1', rows: [['序号', '具体举措', '进展情况'], [m.no, m.text, '机场前期工作加快推进。']] }]);
    const good = await writeSheets([{ name: '交通厅', rows: [['序号', '具体举措', '下步计划'], [m.no, m.text, '年内开工。']] }]);
    const r = await postMerge(s, [{ name: 'a.xlsx', bytes: noUnit }, { name: 'b.xlsx', bytes: good }]);
    expect(r.status).toBe(200);
    expect(r.body.files.map((x) => [x.ok, x.error?.code ?? null, x.unitId])).toEqual([
      [false, 'UNIT_UNKNOWN_IN_FILE', null],
      [true, null, JTT],
    ]);
    expect(r.body.files[0].error!.details).toMatchObject({ candidates: [], seen: ['工作表名“Sheet1”', '文件名“a”'] });
    expect(await value(JTT, m.key, 'nextSteps')).toBe('年内开工。');
    expect(await value(JTT, m.key, 'progress')).toBeUndefined();
  });

  it('messages name sheets as the user sees them', async () => {
    const rows: (string | null)[][] = [['序号', '进展情况']];
    const bytes = await writeSheets([{ name: '填报表', rows }]);
    const r = await postMerge(s, [{ name: 'wide.xlsx', bytes }], '');
    expect(r.status).toBe(200); // header only: nothing to merge, nothing refused
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
    const files = unzipSync(bytes);
    const cells = Array.from({ length: 250 }, (_, i) => `<c r="${colLetter(i)}1" t="inlineStr"><is><t>x</t></is></c>`).join('');
    files['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(files['xl/worksheets/sheet1.xml']).replace(/<sheetData>[\s\S]*<\/sheetData>|<sheetData\/>/, `<sheetData><row r="1">${cells}</row></sheetData>`));
    const wide = await postMerge(s, [{ name: 'wide.xlsx', bytes: zipSync(files) }]);
    expect(wide.status).toBe(400);
    expect(wide.body.error).toMatchObject({ code: 'SHEET_TOO_LARGE', message: expect.stringContaining('工作表“填报表”') });
    expect(wide.body.error!.message).not.toMatch(/sheet1\.xml/);
  });
});

