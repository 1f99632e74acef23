import { describe, expect, it } from 'vitest';
import { planColumns } from './columns';

const narrative = ['已印发实施方案，成立工作专班，按月调度推进。', '完成可行性研究报告编制，正在开展初步设计。', '联席会议制度已建立，召开两次联席会议。'];

describe('planColumns: header and content together', () => {
  it('the whole table with 工作进展 and 完成情况 added: 完成情况 holds status words, so it is the status', () => {
    const header = ['序号', '主要任务', '具体举措', '责任单位', '工作进展', '完成情况'];
    const data = narrative.map((t, i) => ['1', '任务', `举措${i}`, '省发展改革委', t, ['推进中', '已完成', '滞后'][i]]);
    const p = planColumns(header, data);
    expect(p.roles).toMatchObject({ no: 0, task: 1, measure: 2, units: 3, progress: 4, status: 5 });
    const status = p.decisions.find((d) => d.col === 5)!;
    expect(status.reason).toMatch(/完成情况.*完成状态词（3\/3/);
  });

  it('status under a progress-like header (进展), with no other status column', () => {
    const p = planColumns(['序号', '具体举措', '进展', '存在问题'], [['1.1', 'a', '正常推进', '资金不足'], ['1.2', 'b', '已办结', '']]);
    expect(p.roles).toMatchObject({ status: 2, problems: 3 });
    expect(p.roles.progress).toBeUndefined();
  });

  it('a status-titled column that holds status words keeps the status; a progress column of short words stays progress', () => {
    const p = planColumns(['序号', '完成状态', '进展情况'], [['1.1', '推进中', '已完成'], ['1.2', '已完成', '已完成']]);
    expect(p.roles).toMatchObject({ status: 1, progress: 2 });
  });

  it('是否完成 with 是 / 否 is the status column', () => {
    const p = planColumns(['序号', '具体举措', '工作进展', '是否完成'], [['1.1', 'a', narrative[0], '是'], ['1.2', 'b', narrative[1], '否']]);
    expect(p.roles).toMatchObject({ progress: 2, status: 3 });
  });

  it('prose under a status title, with no progress column, is the progress', () => {
    const p = planColumns(['序号', '具体举措', '完成进度'], narrative.map((t, i) => [`1.${i + 1}`, 'x', t]));
    expect(p.roles).toEqual({ no: 0, measure: 1, progress: 2 });
    expect(p.decisions[2].reason).toMatch(/成段文字/);
  });

  it('two progress columns: the filled one wins, the other is reported as not imported with why', () => {
    const header = ['序号', '具体举措', '进展情况', '工作进展', '备注'];
    const data = [['1.1', 'a', '', narrative[0], '请协调'], ['1.2', 'b', '已开工建设。', narrative[1], '']];
    const p = planColumns(header, data);
    expect(p.roles.progress).toBe(3);
    const loser = p.decisions.find((d) => d.col === 2)!;
    expect(loser.role).toBeNull();
    expect(loser.reason).toMatch(/也像进展情况.*未导入/);
    expect(p.decisions.find((d) => d.col === 4)).toMatchObject({ role: null, reason: expect.stringMatching(/备注.*不是填报字段/) });
  });

  it('a column with data but no header is reported; an empty unknown column is just empty', () => {
    const p = planColumns(['序号', '进展情况', '', '说明'], [['1.1', 'x', '手写补充', '']]);
    expect(p.decisions.map((d) => [d.col, d.role])).toEqual([[0, 'no'], [1, 'progress'], [2, null], [3, null]]);
    expect(p.decisions[2].reason).toMatch(/没有表头/);
    expect(p.decisions[3].reason).toMatch(/为空/);
  });

  it('a header merged across two columns: the covered column counts only where it has its own text', () => {
    const p = planColumns(['序号', '进展情况', '进展情况'], [['1.1', '已开工', '已开工'], ['1.2', '在建', '']]);
    expect(p.decisions.map((d) => d.col)).toEqual([0, 1]);
  });

  it('two progress-like columns, the second short status words (one the table does not know): it is the status', () => {
    const p = planColumns(['序号', '具体举措', '工作进展', '完成情况'], [['1.1', 'a', narrative[0], '正常推进'], ['1.2', 'b', narrative[1], '完成了一半']]);
    expect(p.roles).toMatchObject({ progress: 2, status: 3 });
    expect(p.decisions[3].reason).toMatch(/2\/2 格像完成状态，其中 1 格可直接识别/);
  });

  it('a lone progress column with mostly status words but also running text stays the progress (nothing lost)', () => {
    const p = planColumns(['序号', '进展情况'], [['1.1', '已完成'], ['1.2', '已完成'], ['1.3', narrative[0]]]);
    expect(p.roles).toMatchObject({ progress: 1 });
    expect(p.roles.status).toBeUndefined();
  });
});
