import { describe, expect, it } from 'vitest';
import { cell } from './grid';
import { findHeader, headerColumns } from './header';

const row = (...texts: string[]) => texts.map((t) => cell(t));

describe('header detection', () => {
  it('finds the reference header with split words', () => {
    expect(headerColumns(row('序号', '主要任务', '具 体 举 措', '责任单位'))).toEqual({ no: 0, task: 1, measure: 2, units: 3 });
  });

  it('accepts the usual variants and columns in another order', () => {
    expect(headerColumns(row('重点任务', '序号', '工作措施', '牵头单位', '备注'))).toEqual({ no: 1, task: 0, measure: 2, units: 3 });
    expect(headerColumns(row('编号', '具体举措', '责任单位（部门）'))).toEqual({ no: 0, task: null, measure: 1, units: 2 });
  });

  it('is not fooled by data rows', () => {
    expect(headerColumns(row('1', '构建一体化综合交通网络', '加快鲁南高铁……建设。', '省交通运输厅负责'))).toBeNull();
  });

  it('looks past title rows, but only in the first rows', () => {
    const rows = [row('鲁南经济圈一体化发展重点任务分工表'), row(''), row('序号', '主要任务', '具体举措', '责任单位')];
    expect(findHeader(rows)?.index).toBe(2);
    const late = [...Array(20).fill(row('x', 'y')), row('序号', '主要任务', '具体举措', '责任单位')];
    expect(findHeader(late)).toBeNull();
  });
});
