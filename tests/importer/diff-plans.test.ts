// Re-import: a revised table (built here from the reference text) keeps the keys of the measures
// it still has, and the diff says what was added, removed, reworded, re-assigned and re-led.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffPlans, importTxt } from '../../shared/importer';
import { Plan } from '../../shared/model/plan';
import { REFERENCE_TABLE_PATH } from '../../server/readers/reference-plan';

const source = readFileSync(REFERENCE_TABLE_PATH, 'utf8');
const current = importTxt(source).plan;
const byNo = (plan: Plan, no: string) => plan.tasks.flatMap((t) => t.measures).find((m) => m.no === no)!;

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.includes(from), `source contains ${from}`).toBe(true);
  return text.replace(from, to);
}

describe('diffPlans', () => {
  it('finds nothing between a table and itself', () => {
    const { plan, diff } = diffPlans(current, importTxt(source).plan);
    expect(plan).toEqual(current);
    expect(Object.values(diff).every((list) => Array.isArray(list) && list.length === 0)).toBe(true);
  });

  it('a reworded measure keeps its key and shows old and new text', () => {
    const revised = importTxt(replaceOnce(source, '<p>实施京杭运河主航道升级工程。</p>', '<p>全面实施京杭运河主航道升级改造工程。</p>')).plan;
    expect(byNo(revised, '1.3').key).not.toBe(byNo(current, '1.3').key); // a fresh import alone would lose it
    const { plan, diff } = diffPlans(current, revised);
    expect(byNo(plan, '1.3').key).toBe(byNo(current, '1.3').key);
    expect(diff.changedMeasures).toEqual([
      expect.objectContaining({ key: byNo(current, '1.3').key, no: '1.3', oldNo: '1.3', oldText: '实施京杭运河主航道升级工程。', text: '全面实施京杭运河主航道升级改造工程。' }),
    ]);
    expect(diff.changedMeasures[0].similarity).toBeGreaterThan(0.6);
    expect(diff.addedMeasures).toEqual([]);
    expect(diff.removedMeasures).toEqual([]);
    expect(plan.tasks.flatMap((t) => t.measures.map((m) => m.key))).toEqual(current.tasks.flatMap((t) => t.measures.map((m) => m.key)));
  });

  it('a unit added to a measure is an added assignment; a swapped first unit is a changed lead', () => {
    let text = replaceOnce(source, '<p>省人力资源社会保障厅负责</p>', '<p>省人力资源社会保障厅、省教育厅分别负责</p>');
    text = replaceOnce(text, '省生态环境厅、省工业和信息化厅分别负责', '省工业和信息化厅、省生态环境厅分别负责');
    const { diff } = diffPlans(current, importTxt(text).plan);
    expect(diff.addedAssignments).toEqual([{ key: byNo(current, '22.1').key, unitId: '省教育厅' }]);
    expect(diff.removedAssignments).toEqual([]);
    expect(diff.changedLeads).toEqual([{ key: byNo(current, '14.1').key, oldLead: ['省生态环境厅'], lead: ['省工业和信息化厅'] }]);
    expect(diff.changedMeasures).toEqual([]);
  });

  it('an inserted measure is added; the measures after it are renumbered, not re-keyed', () => {
    const inserted = '<p>新增：支持4市共建乡村人才培训基地，联合开展高素质农民培育。</p> ';
    let text = replaceOnce(source, '<p>推进枣庄国家农业可持续发展试验示范区', `${inserted}<p>推进枣庄国家农业可持续发展试验示范区`);
    text = replaceOnce(text, '<p>省农业农村厅、省科技厅分别负责</p>', '<p>省农业农村厅、省人力资源社会保障厅分别负责</p> <p>省农业农村厅、省科技厅分别负责</p>');
    const revised = importTxt(text).plan;
    expect(revised.tasks[4].measures.map((m) => m.no)).toEqual(['5.1', '5.2', '5.3', '5.4']);
    const { plan, diff } = diffPlans(current, revised);
    expect(diff.addedMeasures).toEqual([{ key: byNo(plan, '5.2').key, no: '5.2', text: '新增：支持4市共建乡村人才培训基地，联合开展高素质农民培育。' }]);
    expect(diff.removedMeasures).toEqual([]);
    expect(diff.changedMeasures).toEqual([]);
    expect(diff.renumberedMeasures).toEqual([
      { key: byNo(current, '5.2').key, no: '5.3', oldNo: '5.2' },
      { key: byNo(current, '5.3').key, no: '5.4', oldNo: '5.3' },
    ]);
    expect(byNo(plan, '5.3').key).toBe(byNo(current, '5.2').key);
    const keys = plan.tasks.flatMap((t) => t.measures.map((m) => m.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect(() => Plan.parse(plan)).not.toThrow();
  });

  it('an inserted task shifts the 序号 of later tasks but no keys', () => {
    const lines = source.split('\n').map((line) => {
      const m = line.match(/^(\d+)\t/);
      return m && Number(m[1]) >= 3 ? line.replace(/^\d+/, String(Number(m[1]) + 1)) : line;
    });
    const at = lines.findIndex((l) => l.startsWith('4\t强化能源协同保障'));
    lines.splice(at, 0, '3\t推进新型基础设施共建\t<p>统筹布局充电桩、换电站等新能源汽车基础设施。</p>\t<p>省能源局、省交通运输厅分别负责</p>');
    const revised = importTxt(lines.join('\n')).plan;
    expect(revised.tasks).toHaveLength(27);
    const { plan, diff } = diffPlans(current, revised);
    expect(diff.addedTasks).toEqual([{ no: '3', title: '推进新型基础设施共建' }]);
    expect(diff.removedTasks).toEqual([]);
    expect(diff.addedMeasures.map((m) => m.no)).toEqual(['3.1']);
    expect(diff.changedMeasures).toEqual([]);
    expect(diff.removedMeasures).toEqual([]);
    // Every measure of tasks 3–26 moved one task down and kept its key.
    expect(diff.renumberedMeasures).toHaveLength(49 - 5);
    expect(byNo(plan, '24.2').key).toBe(byNo(current, '23.2').key);
    expect(byNo(plan, '27.2').text).toBe(byNo(current, '26.2').text);
    expect(byNo(plan, '27.2').key).toBe(byNo(current, '26.2').key);
  });

  it('a removed measure is reported with its key; a heavily reworded one in place is still matched', () => {
    let text = replaceOnce(source, ' <p>加快菏泽机场、枣庄机场新建和济宁机场改扩建、临沂机场改扩建等项目建设。</p>', '');
    text = replaceOnce(text, '<p>省民政厅负责</p>', '<p>省住房城乡建设厅负责</p>');
    text = replaceOnce(text, '鼓励4市积极培育住房租赁市场，推进城镇基本公共服务常住人口全覆盖。', '鼓励4市培育发展住房租赁市场，完善城镇常住人口基本公共服务。');
    const { plan, diff } = diffPlans(current, importTxt(text).plan);
    expect(diff.removedMeasures).toEqual([{ key: byNo(current, '1.4').key, no: '1.4', text: byNo(current, '1.4').text }]);
    expect(diff.changedMeasures.map((c) => [c.key, c.no])).toEqual([[byNo(current, '6.2').key, '6.2']]);
    expect(byNo(plan, '6.2').key).toBe(byNo(current, '6.2').key);
    expect(diff.addedAssignments).toEqual([{ key: byNo(current, '6.2').key, unitId: '省住房城乡建设厅' }]);
    expect(diff.removedAssignments).toEqual([{ key: byNo(current, '6.2').key, unitId: '省民政厅' }]);
    expect(diff.changedLeads).toEqual([{ key: byNo(current, '6.2').key, oldLead: ['省民政厅'], lead: ['省住房城乡建设厅'] }]);
  });

  it('a measure moved to another task keeps its key; a duplicated measure gets a key of its own', () => {
    const moved = '实施京杭运河主航道升级工程。';
    let text = replaceOnce(source, ` <p>${moved}</p>`, '');
    // moved to the end of task 7 (with its own unit paragraph)
    text = replaceOnce(text, '<p>推动济宁医学院附属医院', `<p>${moved}</p> <p>推动济宁医学院附属医院`);
    text = replaceOnce(text, '<p>省教育厅负责</p> <p>省卫生健康委负责</p>', '<p>省教育厅负责</p> <p>省交通运输厅负责</p> <p>省卫生健康委负责</p>');
    // and task 13's single measure listed twice
    const t13 = byNo(current, '13.1').text;
    const revised = importTxt(replaceOnce(text, `${t13}\t省文化和旅游厅负责`, `<p>${t13}</p> <p>${t13}</p>\t省文化和旅游厅负责`)).plan;
    const { plan, diff } = diffPlans(current, revised);
    expect(byNo(plan, '7.3').text).toBe(moved);
    expect(byNo(plan, '7.3').key).toBe(byNo(current, '1.3').key);
    expect(diff.removedMeasures).toEqual([]);
    expect(diff.renumberedMeasures).toContainEqual({ key: byNo(current, '1.3').key, no: '7.3', oldNo: '1.3' });
    expect(byNo(plan, '13.1').key).toBe(byNo(current, '13.1').key);
    expect(diff.addedMeasures).toEqual([{ key: byNo(plan, '13.2').key, no: '13.2', text: t13 }]);
    const oldKeys = new Set(current.tasks.flatMap((t) => t.measures.map((m) => m.key)));
    expect(oldKeys.has(byNo(plan, '13.2').key)).toBe(false);
    const keys = plan.tasks.flatMap((t) => t.measures.map((m) => m.key));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
