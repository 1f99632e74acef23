import { describe, expect, it } from 'vitest';
import { AppError } from '../messages';
import { Plan } from '../model/plan';
import { cell, type GridCell } from './grid';
import { importGrid } from './grid-to-plan';
import { importTxt } from './index';

const c = (...paras: string[]): GridCell => cell(paras);
const up: GridCell = { paras: [], merged: 'up' };
const left: GridCell = { paras: [], merged: 'left' };
const HEADER = [c('序号'), c('主要任务'), c('具体举措'), c('责任单位')];
const units = (plan: Plan) => plan.tasks.map((t) => t.measures.map((m) => m.assignments.map((a) => a.unitId).join('、')));
const codes = (plan: Plan) => plan.warnings.map((w) => w.code);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'no error';
}

describe('importGrid', () => {
  it('one measure per row with a 责任单位 cell merged down: all measures share it', () => {
    const { plan } = importGrid({
      rows: [[c('标题'), left, left, left], HEADER, [c('1'), c('任务甲'), c('举措一'), c('省教育厅、省财政厅分别负责')], [up, up, c('举措二'), up]],
    });
    expect(plan.title).toBe('标题');
    expect(plan.tasks.map((t) => [t.no, t.title, t.measures.map((m) => `${m.no} ${m.text}`)])).toEqual([['1', '任务甲', ['1.1 举措一', '1.2 举措二']]]);
    expect(units(plan)).toEqual([['省教育厅、省财政厅', '省教育厅、省财政厅']]);
    expect(plan.warnings).toEqual([]);
  });

  it('a 序号 and 主要任务 repeated on every row (not merged) is still one task', () => {
    const { plan } = importGrid({ rows: [HEADER, [c('1'), c('任务甲'), c('举措一'), c('省教育厅负责')], [c('1'), c('任务甲'), c('举措二'), c('省财政厅负责')]] });
    expect(plan.tasks.map((t) => t.measures.map((m) => m.no))).toEqual([['1.1', '1.2']]);
  });

  it('an empty (unmerged) 责任单位 cell takes the units above, with a warning', () => {
    const { plan } = importGrid({ rows: [HEADER, [c('1'), c('任务甲'), c('举措一'), c('省教育厅负责')], [c(''), c(''), c('举措二'), c('')]] });
    expect(units(plan)).toEqual([['省教育厅', '省教育厅']]);
    expect(codes(plan)).toEqual(['EMPTY_UNITS_CELL']);
  });

  it('counts that line up neither way: every measure gets all units, and a warning says so', () => {
    const { plan } = importTxt('序号\t主要任务\t具体举措\t责任单位\n1\t任务甲\t<p>举措一</p><p>举措二</p><p>举措三</p>\t<p>省教育厅负责</p><p>省财政厅负责</p>\n');
    expect(units(plan)).toEqual([['省教育厅、省财政厅', '省教育厅、省财政厅', '省教育厅、省财政厅']]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ code: 'UNITS_MEASURES_MISMATCH', taskNo: '1' });
    expect(plan.warnings[0].message).toContain('具体举措有3段，责任单位有2段');
  });

  it('skips repeated page headers and blank rows; continuation rows continue the task', () => {
    const txt = [
      '分工表',
      '序号\t主要任务\t具 体 举 措\t责任单位',
      '1\t任务甲\t举措一\t省教育厅负责',
      '',
      '序号\t主要任务\t具 体 举 措\t责任单位',
      '\t\t举措二\t省财政厅负责',
      '2\t任务乙\t<p>举措三</p> <p>举措四</p>\t<p>省教育厅负责</p> <p>省财政厅负责</p>',
    ].join('\n');
    const { plan, counts } = importTxt(txt);
    expect(counts).toEqual({ tasks: 2, measures: 4, assignments: 4 });
    expect(units(plan)).toEqual([['省教育厅', '省财政厅'], ['省教育厅', '省财政厅']]);
    expect(plan.warnings).toEqual([]);
  });

  it('reports rows it cannot use instead of dropping them silently', () => {
    const { plan } = importGrid({
      rows: [
        HEADER,
        [c('一、基础设施'), left, left, left],
        [c('1'), c('任务甲'), c('举措一'), c('')],
        [c(''), c('任务乙'), c('举措二'), c('省教育厅负责')],
      ],
    });
    expect(codes(plan)).toEqual(['IGNORED_ROW', 'MEASURE_WITHOUT_UNITS', 'MISSING_TASK_NO']);
    expect(plan.warnings[0].text).toContain('一、基础设施');
    expect(plan.tasks.map((t) => t.no)).toEqual(['1', '2']);
  });

  it('an explicit 牵头 marks the leads; an expanded group first makes all its members lead', () => {
    const { plan } = importTxt('序号\t主要任务\t具体举措\t责任单位\n1\t任务甲\t<p>举措一</p><p>举措二</p>\t<p>省财政厅配合，省发展改革委牵头</p><p>鲁南四市政府、省教育厅负责</p>\n');
    const [m1, m2] = plan.tasks[0].measures;
    expect(m1.assignments.map((a) => [a.unitId, a.role])).toEqual([['省财政厅', 'co'], ['省发展改革委', 'lead']]);
    expect(m2.assignments.filter((a) => a.role === 'lead').map((a) => a.unitId)).toEqual(['临沂市人民政府', '枣庄市人民政府', '济宁市人民政府', '菏泽市人民政府']);
    expect(m2.assignments.map((a) => a.viaGroup ?? '')).toEqual(['鲁南4市政府', '鲁南4市政府', '鲁南4市政府', '鲁南4市政府', '']);
  });

  it('short names of the city governments resolve to the canonical unit', () => {
    const { plan } = importTxt('序号\t主要任务\t具体举措\t责任单位\n1\t任务甲\t举措一\t枣庄市政府、临沂市人民政府负责\n');
    expect(units(plan)).toEqual([['枣庄市人民政府、临沂市人民政府']]);
  });

  it('says why a grid is not a 分工表', () => {
    expect(codeOf(() => importGrid({ rows: [] }))).toBe('NOT_A_TABLE');
    expect(codeOf(() => importTxt('只是一段文字。\n'))).toBe('NOT_A_TABLE');
    expect(codeOf(() => importTxt('项目\t金额\t负责人\n道路\t100\t张三\n'))).toBe('NO_HEADER_ROW');
    expect(codeOf(() => importTxt('序号\t主要任务\t具体举措\t责任单位\n'))).toBe('NOT_A_TABLE');
  });
});
