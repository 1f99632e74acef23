import { describe, expect, it } from 'vitest';
import { consolidatedFileName, listFileName, officeDate } from './file-names';
import { asOfDate, asOfText } from './consolidated-sheet';
import { lateEntries } from './late-changes';
import { splitMeasureLabel, measureLabel } from './consolidated-columns';
import { entryKey } from '../model/consolidate';
import type { ConsolidatedMeasure } from '../api/contract';
import { PERIOD } from './test-fixtures';

describe('file names and dates: the office’s calendar, the period’s name', () => {
  it('takes the date in Asia/Shanghai, not UTC', () => {
    expect(officeDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(officeDate(new Date('2026-12-31T15:59:00Z'))).toBe('2026-12-31');
  });
  it('names exports and lists after the period and the date, never an id; no path characters', () => {
    expect(consolidatedFileName('2026年下半年', 'xlsx', '2027-01-05')).toBe('落实情况汇总表-2026年下半年-2027-01-05.xlsx');
    expect(consolidatedFileName('2026年下半年', 'pdf', '2027-01-05', 'summary')).toBe('汇总进展-2026年下半年-2027-01-05.pdf');
    expect(listFileName('催报清单', '2026/下半年', '2027-01-05')).toBe('催报清单-2026_下半年-2027-01-05.csv');
    expect(listFileName('访问码清单', null, '2027-01-05')).toBe('访问码清单-2027-01-05.csv');
  });
  it('（截至…）: the deadline once passed or closed, else today', () => {
    expect(asOfText('2026-12-31')).toBe('（截至2026年12月31日）');
    expect(asOfText('2026-06-05')).toBe('（截至2026年6月5日）');
    const open = { ...PERIOD, deadline: '2026-06-30' };
    expect(asOfDate(open, '2026-05-10')).toBe('2026-05-10');
    expect(asOfDate(open, '2026-07-02')).toBe('2026-06-30');
    expect(asOfDate({ ...open, state: 'closed', closedAt: '2026-07-09T02:00:00Z' }, '2026-08-01')).toBe('2026-06-30');
    expect(asOfDate({ ...open, deadline: null, state: 'closed', closedAt: '2026-07-09T02:00:00Z' }, '2026-08-01')).toBe('2026-07-09');
  });
});

describe('measure labels and late entries', () => {
  it('prints a measure as "1.4 text" and reads it back', () => {
    expect(measureLabel('1.4', '加快菏泽机场建设。')).toBe('1.4 加快菏泽机场建设。');
    expect(splitMeasureLabel('1.4 加快菏泽机场建设。')).toEqual({ no: '1.4', text: '加快菏泽机场建设。' });
    expect(splitMeasureLabel('2020年完成')).toEqual({ no: '', text: '2020年完成' });
    expect(splitMeasureLabel('1.5万亿元投资')).toEqual({ no: '', text: '1.5万亿元投资' });
  });
  it('finds the entries that changed after closing', () => {
    const unit = (unitId: string, progress: string) => ({ unitId, unitName: unitId, role: 'lead' as const, status: '' as const, progress, problems: '', nextSteps: '', contact: '', updatedAt: null });
    const m = (units: ReturnType<typeof unit>[]): ConsolidatedMeasure => ({ taskNo: '1', taskTitle: 't', measureKey: 'm1', measureNo: '1.1', measureText: 'x', rollup: '未填报', summary: '', units });
    const late = lateEntries([m([unit('a', '旧'), unit('b', '同')])], [m([unit('a', '新'), unit('b', '同')])]);
    expect([...late]).toEqual([entryKey('m1', 'a')]);
  });
});
