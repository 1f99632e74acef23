import { describe, expect, it } from 'vitest';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { consolidate } from '../model/consolidate';
import { assignmentsForUnit } from '../model/unit-assignments';
import { STATUSES } from '../model/progress';
import { buildConsolidatedSheet } from './consolidated-sheet';
import { buildUnitSheet } from './unit-sheet';
import { decodeRowKey, decodeSheetKey } from './keys';
import { MAX_ROW_HEIGHT_PT } from './text-height';
import type { Merge, SheetLayout } from './model';
import { entry, measureByNo, PERIOD } from './test-fixtures';

const plan = loadReferencePlan();
const unit = (id: string) => plan.units.find((u) => u.id === id)!;
const col = (l: SheetLayout, id: string) => l.columns.findIndex((c) => c.id === id);
const mergeAt = (l: SheetLayout, r: number, c: number): Merge | undefined => l.merges.find((m) => m.top === r && m.left === c);
const dataRows = (l: SheetLayout) => l.rows.slice(l.firstDataRow).filter((r) => r.kind === 'data');
const CITIES = ['临沂市人民政府', '枣庄市人民政府', '济宁市人民政府', '菏泽市人民政府'];

function noOverlaps(l: SheetLayout) {
  const seen = new Set<string>();
  for (const m of l.merges)
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) {
        expect(seen.has(`${r},${c}`)).toBe(false);
        seen.add(`${r},${c}`);
      }
}

describe('assignmentsForUnit', () => {
  it('gives 省交通运输厅 measures 1.1–1.4 and 7.1 in plan order, units lead first', () => {
    const mine = assignmentsForUnit(plan, '省交通运输厅');
    expect(mine.map((a) => a.measureNo)).toEqual(['1.1', '1.2', '1.3', '1.4', '7.1']);
    expect(mine[0]).toMatchObject({ taskNo: '1', taskTitle: '构建一体化综合交通网络', role: 'lead', unitsText: '省交通运输厅、省发展改革委' });
    expect(mine[4].role).toBe('co');
    expect(mine[4].unitsText.split('、')[0]).toBe('省住房城乡建设厅');
  });
  it('reads a 鲁南4市政府 measure as the four city governments by short name', () => {
    const m = measureByNo(plan, '26.1');
    const mine = assignmentsForUnit(plan, '济宁市人民政府').find((a) => a.measureKey === m.key)!;
    expect(mine.unitsText).toBe('临沂市政府、枣庄市政府、济宁市政府、菏泽市政府');
  });
});

describe('unit sheet', () => {
  const m11 = measureByNo(plan, '1.1');
  const layout = buildUnitSheet({
    planTitle: plan.title,
    period: PERIOD,
    unit: unit('省交通运输厅'),
    assignments: assignmentsForUnit(plan, '省交通运输厅'),
    entries: [
      entry(m11.key, '省交通运输厅', { status: '推进中', progress: '鲁南高铁菏泽至兰考段已开工。', contact: '张三 0531-1234567' }, 3),
      entry(m11.key, '省发展改革委', { status: '滞后' }, 9), // another unit's entry: not on this sheet
    ],
  });

  it('has title, 填报说明 and header rows, then one row per measure', () => {
    expect(layout.rows[0].cells[0]).toContain('鲁南经济圈一体化发展重点任务');
    expect(layout.rows[1].cells[0]).toContain('省交通运输厅');
    expect(layout.rows[1].cells[0]).toContain('2026年上半年');
    expect(layout.rows[2].cells[0]).toMatch(/^填报说明/);
    expect(layout.rows[layout.headerRow].cells.slice(0, 9)).toEqual(['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划', '联系人/电话']);
    expect(dataRows(layout).map((r) => r.measureKey)).toEqual(assignmentsForUnit(plan, '省交通运输厅').map((a) => a.measureKey));
  });

  it('locks task columns, unlocks the fields, validates status, hides and fills the key column', () => {
    expect(layout.columns.filter((c) => c.editable).map((c) => c.id)).toEqual(['status', 'progress', 'problems', 'nextSteps', 'contact']);
    expect(layout.validations).toEqual([{ columnId: 'status', values: [...STATUSES] }]);
    expect(layout.protect).toBe(true);
    const k = col(layout, 'key');
    expect(layout.columns[k].hidden).toBe(true);
    expect(decodeSheetKey(layout.rows[layout.headerRow].cells[k])).toEqual({ periodId: PERIOD.id, unitId: '省交通运输厅' });
    const first = dataRows(layout)[0];
    expect(first.cells[col(layout, 'status')]).toBe('推进中');
    expect(first.cells[col(layout, 'progress')]).toBe('鲁南高铁菏泽至兰考段已开工。');
    expect(decodeRowKey(first.cells[k])).toEqual({
      periodId: PERIOD.id,
      measureKey: m11.key,
      unitId: '省交通运输厅',
      baseRevs: { status: 3, progress: 3, problems: 0, nextSteps: 0, contact: 3 },
    });
    for (const r of dataRows(layout)) expect(decodeRowKey(r.cells[k])?.measureKey).toBe(r.measureKey);
  });

  it('merges 序号 and 主要任务 down across task 1 and leaves 7.1 alone', () => {
    const f = layout.firstDataRow;
    expect(mergeAt(layout, f, 0)).toEqual({ top: f, left: 0, bottom: f + 3, right: 0 });
    expect(mergeAt(layout, f, 1)).toEqual({ top: f, left: 1, bottom: f + 3, right: 1 });
    expect(mergeAt(layout, f + 4, 0)).toBeUndefined();
    expect(layout.rows[f + 4].cells[0]).toBe('7');
    noOverlaps(layout);
  });

  it('prints landscape A3 by default, A4 on request, header repeated, page numbers', () => {
    // a sheet people type into: Excel breaks its pages, fits it to the width, numbers its pages centred
    expect(layout.print).toMatchObject({ paper: 'A3', orientation: 'landscape', fitToWidth: true, pageNumbers: 'center', footer: '&C&"宋体,Regular"&14— &P —', repeatRows: { first: 3, last: 3 } });
    expect(layout.pageBreaks).toEqual([]);
    expect(layout.freeze.rows).toBe(layout.headerRow + 1);
    const a4 = buildUnitSheet({ planTitle: plan.title, period: PERIOD, unit: unit('省交通运输厅'), assignments: [], entries: [], paper: 'A4' });
    expect(a4.print.paper).toBe('A4');
    expect(a4.columns[2].width).toBeLessThan(layout.columns[2].width);
  });

  it('grows rows for long text and caps them at 409 pt', () => {
    const long = '推进'.repeat(3000);
    const l = buildUnitSheet({
      planTitle: plan.title,
      period: PERIOD,
      unit: unit('省交通运输厅'),
      assignments: assignmentsForUnit(plan, '省交通运输厅'),
      entries: [entry(measureByNo(plan, '1.2').key, '省交通运输厅', { progress: long })],
    });
    const rows = dataRows(l);
    expect(rows[1].heightPt).toBe(MAX_ROW_HEIGHT_PT);
    expect(rows[0].heightPt).toBeLessThan(MAX_ROW_HEIGHT_PT);
    expect(rows[0].heightPt).toBeGreaterThan(30); // a three-line measure text
  });
});

describe('consolidated sheet', () => {
  const measures = consolidate(plan, PERIOD, [], { [measureByNo(plan, '1.1').key]: '总体推进顺利。' }, plan.units);
  // unpaged: merges across whole tasks and measures (paging is tested below)
  const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paged: false });
  const k = col(layout, 'key');

  it('has one row per (measure, unit), lead first', () => {
    const assignments = plan.tasks.flatMap((t) => t.measures).reduce((s, m) => s + m.assignments.length, 0);
    expect(dataRows(layout)).toHaveLength(assignments);
    const m = measureByNo(plan, '26.1');
    const rows = dataRows(layout).filter((r) => r.measureKey === m.key);
    expect(rows.map((r) => r.unitId)).toEqual(CITIES);
    expect(rows.map((r) => r.cells[col(layout, 'units')])).toEqual(['临沂市政府', '枣庄市政府', '济宁市政府', '菏泽市政府']);
    const m262 = dataRows(layout).filter((r) => r.measureKey === measureByNo(plan, '26.2').key);
    expect(m262.map((r) => r.unitId)).toEqual(['省发展改革委', ...CITIES]);
  });

  it('reads like the printed table: title in 小标宋, （截至…）, measure numbers, the 说明 below, an optional 附件 mark', () => {
    const l = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, asOf: '2026-06-30', attachment: '附件2' });
    expect(l.rows.slice(0, l.headerRow).map((r) => [r.kind, r.cells[0]])).toEqual([
      ['attachment', '附件2'],
      ['title', '鲁南经济圈一体化发展重点任务落实情况汇总表'],
      ['subtitle', '（截至2026年6月30日）'],
    ]);
    expect(l.rows.at(-1)).toMatchObject({ kind: 'footnote' });
    expect(l.rows.at(-1)!.cells[0]).toMatch(/^说明：汇总状态：任一单位“滞后”即为滞后/);
    const m = measureByNo(plan, '2.1');
    expect(dataRows(l).find((r) => r.measureKey === m.key)!.cells[col(l, 'measure')]).toBe(`2.1 ${m.text}`);
    expect(l.fonts.title).toMatchObject({ family: expect.arrayContaining(['方正小标宋简体']), sizePt: 22, hao: '二号' });
    expect(l.fonts.body).toMatchObject({ sizePt: 12, hao: '小四' });
    expect(l.fonts.pageNumber).toMatchObject({ family: expect.arrayContaining(['宋体']), sizePt: 14, hao: '四号' });
    expect(buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paper: 'A4' }).fonts.body).toMatchObject({ sizePt: 9, hao: '小五' });
    // GB/T 9704 page numbers by default (odd right, even left), centred on request
    expect(l.print).toMatchObject({ pageNumbers: 'gbt', oddFooter: '&R&"宋体,Regular"&14— &P —\u3000', evenFooter: '&L&"宋体,Regular"&14\u3000— &P —', fitToWidth: true });
    expect(l.print.footer).toBe('&C&"宋体,Regular"&14— &P —'); // for a renderer with one footer for all pages
    expect(l.print.continuationHeader).toContain('续表');
    const centred = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, pageNumbers: 'center' });
    expect(centred.print.oddFooter).toBe(centred.print.evenFooter);
    expect(centred.print.oddFooter).toBe(centred.print.footer);
  });

  it('leaves the 汇总进展 column out while the office has written no summary', () => {
    const none = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, [], {}, plan.units) });
    expect(none.columns.map((c) => c.id)).toEqual(['no', 'task', 'measure', 'units', 'status', 'progress', 'problems', 'nextSteps', 'rollup', 'key']);
    const widths = (x: SheetLayout) => x.columns.filter((c) => !c.hidden).reduce((n, c) => n + c.width + 1, 0);
    expect(widths(none)).toBeLessThanOrEqual(widths(layout));
    expect(widths(none)).toBeGreaterThan(widths(layout) - 3); // its width went to the text columns
  });

  it('merges 具体举措, 汇总状态, 汇总进展 across the measure and 序号/主要任务 across the task', () => {
    noOverlaps(layout);
    const m = measureByNo(plan, '26.1');
    const top = layout.rows.findIndex((r) => r.measureKey === m.key);
    for (const id of ['measure', 'rollup', 'summary']) expect(mergeAt(layout, top, col(layout, id))).toEqual({ top, left: col(layout, id), bottom: top + 3, right: col(layout, id) });
    const t1 = layout.firstDataRow;
    const task1Rows = measureByNo(plan, '1.1').assignments.length * 4; // 1.1–1.4 each 省交通运输厅 + 省发展改革委
    expect(mergeAt(layout, t1, 0)).toEqual({ top: t1, left: 0, bottom: t1 + task1Rows - 1, right: 0 });
    expect(mergeAt(layout, t1, 1)?.bottom).toBe(t1 + task1Rows - 1);
    expect(layout.rows[t1 + task1Rows].cells[0]).toBe('2');
  });

  it('keys every row to its measure and unit; read-only, protected unless the office asks for its own file', () => {
    expect(decodeSheetKey(layout.rows[layout.headerRow].cells[k])).toEqual({ periodId: PERIOD.id, unitId: null });
    for (const r of dataRows(layout)) {
      const key = decodeRowKey(r.cells[k]);
      expect(key).toMatchObject({ periodId: PERIOD.id, measureKey: r.measureKey, unitId: r.unitId });
    }
    expect(layout.protect).toBe(true);
    expect(buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, protect: false }).protect).toBe(false);
    expect(layout.columns.some((c) => c.editable)).toBe(false);
    expect(layout.validations).toEqual([]);
  });

  it('heights: every row within 409 pt, tall measures spread over their rows', () => {
    for (const r of layout.rows) {
      expect(r.heightPt).toBeLessThanOrEqual(MAX_ROW_HEIGHT_PT);
      expect(r.heightPt).toBeGreaterThan(10);
    }
    // 8.2's long text spans its seven rows: together they are tall enough for the text.
    const m = measureByNo(plan, '8.2');
    const rows = layout.rows.filter((r) => r.measureKey === m.key);
    expect(rows).toHaveLength(m.assignments.length);
    const total = rows.reduce((s, r) => s + r.heightPt, 0);
    expect(total).toBeGreaterThan(120);
  });

  it('shows statuses, the rollup and the office summary', () => {
    const m = measureByNo(plan, '26.1');
    const ms = consolidate(plan, PERIOD, [entry(m.key, '临沂市人民政府', { status: '滞后', progress: '进度滞后' }), entry(m.key, '枣庄市人民政府', { status: '已完成' })], { [m.key]: '四市总体推进中。' }, plan.units);
    const l = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: ms, paper: 'A4' });
    const rows = l.rows.filter((r) => r.measureKey === m.key);
    expect(rows[0].cells[col(l, 'status')]).toBe('滞后');
    expect(rows[0].cells[col(l, 'progress')]).toBe('进度滞后');
    expect(rows[1].cells[col(l, 'status')]).toBe('已完成');
    expect(rows[0].cells[col(l, 'rollup')]).toBe('滞后');
    expect(rows[0].cells[col(l, 'summary')]).toBe('四市总体推进中。');
    expect(l.print.paper).toBe('A4');

    const lagging = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: ms, filter: { onlyLagging: true } });
    expect(new Set(dataRows(lagging).map((r) => r.measureKey))).toEqual(new Set([m.key]));
    expect(lagging.rows[lagging.headerRow - 1].cells[0]).toContain('仅列滞后举措');
  });

  it('filters by unit and by tasks', () => {
    const byUnit = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, filter: { unitId: '省交通运输厅' } });
    expect(dataRows(byUnit).map((r) => r.unitId)).toEqual(Array(5).fill('省交通运输厅'));
    expect(decodeSheetKey(byUnit.rows[byUnit.headerRow].cells.at(-1))).toEqual({ periodId: PERIOD.id, unitId: null }); // never mistaken for a template
    const byTask = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, filter: { taskNos: ['23', '26'] } });
    expect(new Set(dataRows(byTask).map((r) => r.cells[0]))).toEqual(new Set(['23', '26']));
    const none = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, filter: { onlyLagging: true } });
    expect(dataRows(none)).toHaveLength(0);
    expect(none.rows.at(-2)).toMatchObject({ kind: 'note', cells: expect.arrayContaining(['（没有符合条件的举措）']) });
  });

  it("summary mode: one row per measure with the office's summary", () => {
    const l = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, mode: 'summary' });
    expect(dataRows(l)).toHaveLength(measures.length);
    expect(l.columns.map((c) => c.header).slice(0, 6)).toEqual(['序号', '主要任务', '具体举措', '责任单位', '汇总状态', '汇总进展']);
    const r = dataRows(l).find((x) => x.measureKey === measureByNo(plan, '26.2').key)!;
    expect(r.cells[3]).toBe('省发展改革委、临沂市政府、枣庄市政府、济宁市政府、菏泽市政府');
    expect(decodeRowKey(r.cells.at(-1))?.measureKey).toBe(r.measureKey);
    noOverlaps(l);
  });
});
