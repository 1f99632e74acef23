// Re-formatted and hand-made workbooks, as units really send them back (story 5: 枣庄市人民政府),
// merged through the endpoint; each case asserts what the report says and what landed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { applyChanges } from '../../server/services/sync';
import { decodeRowKey } from '../../shared/layout/keys';
import { gridOf, loadWb, postMerge, storeSnapshot, templateFor, writeSheets } from './helpers';

const UNIT = '枣庄市人民政府';
let s: TestServer;
/** The unit's template as plain rows: 0-2 title/subtitle/说明, 3 header, 4.. data; column 9 = key. */
let tpl: string[][];
let measures: { key: string; taskNo: string; text: string; no: string }[];

beforeAll(async () => {
  s = await startTestServer();
  const wb = await loadWb(await templateFor(s, UNIT));
  tpl = gridOf(wb.worksheets[0]);
  const plan = (await s.ctx.store.plans.get(s.planId))!.plan;
  const noOf = new Map(plan.tasks.flatMap((t) => t.measures.map((m) => [m.key, m.no] as const)));
  measures = tpl.slice(4).map((r) => {
    const key = decodeRowKey(r[9])!.measureKey;
    return { key, taskNo: r[0], text: r[2], no: noOf.get(key)! };
  });
});
afterAll(async () => {
  await s?.close();
});

const value = async (key: string, f: 'status' | 'progress' | 'problems' | 'nextSteps' | 'contact') => (await s.field(key, UNIT, f))?.value;

describe('re-formatted and hand-made workbooks', () => {
  it('template with widened columns, an inserted column and sorted rows: keys still find every row', async () => {
    expect(measures.length).toBe(6);
    // Insert a 备注 column before 完成状态 (the key column moves right), sort the data rows backwards.
    const rows = tpl.map((r) => [...r.slice(0, 4), '', ...r.slice(4)]);
    rows[3][4] = '备注';
    const data = rows.slice(4).reverse();
    data[0][5] = '推进中'; // last measure, now first
    data[0][6] = '联席会议制度已建立。';
    data[1][7] = '协调难度较大。';
    data[1][4] = '请省里协调'; // a note in the inserted column: reported, not dropped
    const bytes = await writeSheets([
      { name: '枣庄', rows: [...rows.slice(0, 4), ...data], hiddenCols: [11], widths: [8, 20, 60, 20, 20, 12, 80, 40, 40, 20, 20] },
    ]);
    const r = await postMerge(s, [{ name: '枣庄市回传.xlsx', bytes }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, kind: 'template', unitId: UNIT, unitFrom: 'template' });
    expect(f.counts).toMatchObject({ merged: 3, conflicts: 0, unmatchedRows: 0, ignoredCells: 1 });
    expect(f.ignoredCells[0]).toMatchObject({ cell: 'E6', text: '请省里协调' });
    expect(f.ignoredCells[0].reason).toMatch(/备注/);
    const last = measures[5];
    expect(await value(last.key, 'progress')).toBe('联席会议制度已建立。');
    expect(await value(measures[4].key, 'problems')).toBe('协调难度较大。');
  });

  it('keys removed: rows matched by 序号 and measure text, the unit from the 填报单位 line', async () => {
    const rows = tpl.map((r) => r.slice(0, 9)); // no key column at all
    rows[6][5] = '成立工作专班，按季度调度。'; // third measure
    rows[6][7] = '下半年召开联席会议。';
    const r = await postMerge(s, [{ name: 'huichuan.xlsx', bytes: await writeSheets([{ name: 'Sheet1', rows }]) }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, kind: 'table', unitId: UNIT, unitFrom: 'reporter-cell' });
    expect(f.counts).toMatchObject({ merged: 2, unmatchedRows: 0, conflicts: 0 });
    expect(f.matches.length).toBe(1); // only the filled row: the empty ones have nothing to merge
    // the template prints each measure as "1.4 加快…": its number matches like a 序号
    expect(f.matches.every((m) => m.method === 'no+text' && m.confidence >= 0.95)).toBe(true);
    expect(await value(measures[2].key, 'progress')).toBe('成立工作专班，按季度调度。');
  });

  it('hand-made table: title rows, renamed headers under a merged group title, merged 序号, re-typed text, an extra sheet', async () => {
    // Someone already wrote problems for measure 2 from the add-in; the hand-made table leaves it blank.
    await applyChanges(s.ctx, {
      periodId: s.periodId,
      changes: [{ changeId: 'addin-zz-000001', measureKey: measures[1].key, unitId: UNIT, field: 'problems', baseRev: 0, value: '经费保障不足。' }],
      actor: { role: 'unit', unitId: UNIT, codeId: null, label: '同事' },
      source: 'addin',
    });
    // Re-typed: a prefix added, the end cut off, punctuation changed.
    const retype = (t: string) => `重点推进：${t.slice(0, -10).replace(/，/g, ',').replace(/、/g, ' ')}`;
    const rows: (string | null)[][] = [
      ['枣庄市贯彻落实鲁南经济圈一体化发展重点任务情况表', null, null, null, null, null, null],
      ['填报单位：枣庄市人民政府（盖章）', null, null, null, '填报日期：2026年11月', null, null],
      ['序号', '工作任务', '牵头单位', '落实情况', null, null, '完成进度'],
      [null, null, null, '工作进展', '困难问题', '下步打算', null],
      [measures[0].taskNo, retype(measures[0].text), '枣庄市', '专班已按月调度。', null, null, '推进中'],
      [null, retype(measures[1].text), '枣庄市', '已印发实施方案。', null, '抓好落实。', '完成'],
      ['99', '这是一条不在本单位分工中的工作：筹办经贸洽谈会', '枣庄市', '洽谈会已举办。', null, null, null],
    ];
    const bytes = await writeSheets([
      { name: '情况表', rows, merges: ['A1:G1', 'D3:F3', 'A3:A4', 'B3:B4', 'C3:C4', 'G3:G4', 'A5:A6'] },
      { name: '说明', rows: [['本表由办公室汇总，联系人李四。']] },
    ]);
    const before = (await s.ctx.store.history.cursor());
    const r = await postMerge(s, [{ name: '枣庄.xlsx', bytes }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, kind: 'table', unitId: UNIT, unitFrom: 'reporter-cell' });
    expect(f.sheets).toEqual([
      { name: '情况表', kind: 'table', headerRow: 4, columns: expect.any(Array) },
      { name: '说明', kind: 'ignored', reason: expect.stringMatching(/表头/) },
    ]);
    expect(f.sheets[0].columns!.map((c) => [c.column, c.meaning])).toEqual([
      ['A', 'no'], ['B', 'measure'], ['C', 'units'], ['D', 'progress'], ['E', 'problems'], ['F', 'nextSteps'], ['G', 'status'],
    ]);
    expect(f.matches.map((m) => m.method)).toEqual(['task+text', 'task+text']);
    expect(f.matches.every((m) => m.confidence >= 0.8 && m.confidence < 1)).toBe(true);
    expect(f.counts).toMatchObject({ merged: 5, unmatchedRows: 1, conflicts: 0 });
    expect(f.unmatchedRows[0]).toMatchObject({ row: 7, no: '99' });
    expect(f.unmatchedRows[0].text).toMatch(/进展情况：洽谈会已举办/);
    // The blank 困难问题 cell is no instruction (the table is based on the period's start, when it was
    // empty): the colleague's text stays, and nothing is reported as ignored.
    expect(f.ignoredCells).toEqual([]);
    expect(await value(measures[1].key, 'problems')).toBe('经费保障不足。');
    expect(await value(measures[1].key, 'status')).toBe('已完成');
    expect(await value(measures[0].key, 'progress')).toBe('专班已按月调度。');
    expect((await s.ctx.store.history.cursor())).toBeGreaterThan(before);
  });

  it('no unit in the file: a clear error and nothing stored; named by the office, it merges', async () => {
    const rows = [
      ['序号', '具体举措', '进展情况'],
      [measures[3].no, measures[3].text, '已形成容错纠错办法初稿。'],
    ];
    const bytes = await writeSheets([{ name: 'Sheet1', rows }]);
    const snap = await storeSnapshot(s);
    const r = await postMerge(s, [{ name: '回传表.xlsx', bytes }]);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'UNIT_UNKNOWN_IN_FILE', details: { candidates: [], seen: ['工作表名“Sheet1”', '文件名“回传表”'] } });
    expect((r.body.error as { message: string }).message).toMatch(/--unit/);
    expect(await storeSnapshot(s)).toBe(snap);
    const named = await postMerge(s, [{ name: '回传表.xlsx', bytes }], `?unit=${encodeURIComponent(UNIT)}`);
    expect(named.body.files[0]).toMatchObject({ ok: true, unitFrom: 'request', counts: { merged: 1 } });
    expect(named.body.files[0].matches[0]).toMatchObject({ method: 'no+text', confidence: 1 });
    expect(await value(measures[3].key, 'progress')).toBe('已形成容错纠错办法初稿。');
  });

  it('the unit from the file name; a hand-made table is based on the period start, so edited text conflicts', async () => {
    const rows = [
      ['序号', '具体举措', '进展情况'],
      [measures[0].no, measures[0].text, '专班已按周调度。'],
      [measures[4].no, measures[4].text, '已建立联合执法机制。'],
    ];
    const r = await postMerge(s, [{ name: '枣庄市政府-2026下半年.xlsx', bytes: await writeSheets([{ name: 'Sheet1', rows }]) }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, unitFrom: 'file-name', unitId: UNIT });
    // measure 0's progress was written earlier in this period: not the period's start → a conflict keeping both.
    expect(f.counts).toMatchObject({ merged: 1, conflicts: 1 });
    expect(f.conflicts[0]).toMatchObject({ serverValue: '专班已按月调度。', mine: '专班已按周调度。' });
    expect(await value(measures[4].key, 'progress')).toBe('已建立联合执法机制。');
  });
});
