import { describe, expect, it } from 'vitest';
import { encodeRowKey, encodeSheetKey } from '../layout/keys';
import { parseReturnedWorkbook, type ParseContext } from './parse-returned';

const units = [{ id: 'u1', name: '枣庄市人民政府', shortName: '枣庄市政府', aliases: [] }];
const ctx: ParseContext = {
  fileName: 'x.xlsx',
  periodId: 'p2',
  units,
  candidatesFor: () => [{ measureKey: 'm1', measureNo: '1.1', taskNo: '1', measureText: '建立联席会议制度' }],
  measureNo: (k) => (k === 'm1' ? '1.1' : undefined),
};
const header = ['序号', '具体举措', '进展情况', encodeSheetKey({ periodId: 'p1', unitId: 'u1' })];

describe('parseReturnedWorkbook', () => {
  it('a template of an earlier period is matched by its keys but based on the period start', () => {
    const key = encodeRowKey({ periodId: 'p1', measureKey: 'm1', unitId: 'u1', baseRevs: { progress: 3 } });
    const out = parseReturnedWorkbook([{ name: 'S', cells: [header, ['1.1', '建立联席会议制度', '已建立', key]], formulas: [] }], ctx);
    expect(out.kind).toBe('template');
    expect(out.rows).toHaveLength(1);
    expect(out.rows[0]).toMatchObject({ measureKey: 'm1', unitId: 'u1', method: 'key', baseRevs: undefined });
  });
  it('a key for a measure no longer in the plan: the row is reported with its text', () => {
    const key = encodeRowKey({ periodId: 'p2', measureKey: 'gone', unitId: 'u1', baseRevs: {} });
    const out = parseReturnedWorkbook([{ name: 'S', cells: [header, ['9.9', '旧举措', '已完成', key]], formulas: [] }], ctx);
    expect(out.rows).toHaveLength(0);
    expect(out.unmatchedRows[0]).toMatchObject({ row: 2, no: '9.9', reason: expect.stringMatching(/不在当前计划/) });
    expect(out.unmatchedRows[0].text).toContain('已完成');
  });
  it('the unit of a hand-made table from the sheet name, else the request, else unknown', () => {
    const cells = [['序号', '工作任务', '工作进展'], ['1.1', '建立联席会议制度', '已建立']];
    expect(parseReturnedWorkbook([{ name: '枣庄市政府', cells, formulas: [] }], ctx).unit).toEqual({ id: 'u1', from: 'sheet-name', evidence: '工作表名“枣庄市政府”' });
    expect(parseReturnedWorkbook([{ name: 'Sheet1', cells, formulas: [] }], { ...ctx, unitParam: units[0] }).unit).toMatchObject({ id: 'u1', from: 'request' });
    expect(() => parseReturnedWorkbook([{ name: 'Sheet1', cells, formulas: [] }], ctx)).toThrow('UNIT_UNKNOWN_IN_FILE');
  });
});
