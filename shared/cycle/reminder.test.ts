import { describe, expect, it } from 'vitest';
import { reminderText } from './reminder';
import { EMPTY_LIAISON } from './liaison';

describe('催报通知', () => {
  it('one block per unit: measures, the unit\'s deadline, its liaison; returned units get the reason', () => {
    const text = reminderText({
      planTitle: '鲁南经济圈一体化发展重点任务分工表',
      periodName: '2026年下半年',
      now: new Date('2026-12-28T02:00:00Z'),
      timeZone: 'Asia/Shanghai',
      units: [
        { unitName: '枣庄市人民政府', deadline: '2026-12-31', overdue: false, liaison: { ...EMPTY_LIAISON, name: '李四', mobile: '13600000000' }, measures: [{ no: '1.1', text: '推进鲁南高铁建设' }, { no: '7.1', text: '建设物流枢纽' }] },
        { unitName: '省科技厅', deadline: '2027-01-10', overdue: false, liaison: null, measures: [{ no: '10.1', text: '共建实验室' }], returned: { reason: '请补充共建实验室名单' } },
      ],
    });
    expect(text).toContain('关于报送《鲁南经济圈一体化发展重点任务分工表》2026年下半年落实情况的催报通知');
    expect(text).toContain('枣庄市人民政府：\n　　2026年下半年落实情况报送截止时间为2026年12月31日，截至2026年12月28日，贵单位负责的以下举措尚未报送：\n　　1.1　推进鲁南高铁建设\n　　7.1　建设物流枢纽');
    expect(text).toContain('贵单位联络员：李四（手机 13600000000）。');
    expect(text).toContain('省科技厅：\n　　贵单位报送的2026年下半年落实情况经审核已退回，退回意见：请补充共建实验室名单。请按意见修改以下举措后重新报送（截止时间2027年1月10日）：\n　　10.1　共建实验室');
    expect(text.trimEnd().endsWith('2026年12月28日')).toBe(true);
  });

  it('overdue units are asked to report as soon as possible', () => {
    const text = reminderText({ planTitle: 'T', periodName: 'P', now: new Date('2027-01-02T02:00:00Z'), timeZone: 'Asia/Shanghai', units: [{ unitName: 'U', deadline: '2026-12-31', overdue: true, liaison: null, measures: [{ no: '1', text: 'x'.repeat(80) }] }] });
    expect(text).toContain('报送截止时间2026年12月31日已过，截至2027年1月2日');
    expect(text).toContain('请尽快通过');
    expect(text).toContain(`${'x'.repeat(60)}…`);
  });
});
