// The reference 分工表 (鲁南经济圈一体化发展) imported from the repo's .txt, checked against a table
// of tasks, measures and units derived by hand from reading the document.
import { describe, expect, it } from 'vitest';
import { Plan } from '../../shared/model/plan';
import { loadReferencePlan, importReferenceTable } from '../../server/readers/reference-plan';

const L4 = '临沂市人民政府、枣庄市人民政府、济宁市人民政府、菏泽市人民政府';

// [序号, 主要任务, one entry per measure: its units, canonical names, in the order listed].
// Read off the document: measures are the 具体举措 paragraphs (tasks 25/26 continue on rows with
// empty 序号/主要任务); a single 责任单位 paragraph applies to all the task's measures.
const EXPECTED: Array<[string, string, string[]]> = [
  ['1', '构建一体化综合交通网络', Array(4).fill('省交通运输厅、省发展改革委')],
  ['2', '统筹重大水利设施建设', ['省水利厅、省农业农村厅、省发展改革委']],
  ['3', '强化能源协同保障', ['省发展改革委、省能源局、相关市政府']],
  ['4', '打造“数字鲁南”', ['省工业和信息化厅、省大数据局、省政府']],
  ['5', '深入实施乡村振兴战略', ['省发展改革委、省农业农村厅', '省农业农村厅、省科技厅', '省发展改革委、省扶贫开发办、省财政厅']],
  ['6', '加快推进人的城镇化', ['省住房城乡建设厅、省教育厅、省卫生健康委、省人力资源社会保障厅、省民政厅', '省民政厅']],
  ['7', '促进城乡融合发展', ['省住房城乡建设厅、省交通运输厅、省发展改革委、省自然资源厅、省财政厅', '省教育厅', '省卫生健康委']],
  [
    '8',
    '推动制造业错位布局协同发展',
    [
      '省工业和信息化厅、省发展改革委、省农业农村厅',
      '省发展改革委、省工业和信息化厅、省财政厅、省自然资源厅、省生态环境厅、省卫生健康委、省药监局',
      '省工业和信息化厅、省科技厅、省发展改革委',
      '省工业和信息化厅、省商务厅、省发展改革委',
      '省商务厅',
    ],
  ],
  ['9', '合力发展现代服务业', ['省发展改革委、省卫生健康委、省商务厅']],
  ['10', '打造区域创新共同体', ['省发展改革委、省科技厅、省工业和信息化厅', '省科技厅']],
  ['11', '加快重大载体平台建设', ['省科技厅、省发展改革委、省教育厅', '省科技厅']],
  // One measure paragraph, two unit paragraphs: all six units on the one measure (with a warning).
  ['12', '建设世界文明交流互鉴高地', ['省发展改革委、省科技厅、省人力资源社会保障厅、省财政厅、省委宣传部、省文化和旅游厅']],
  ['13', '打造全国知名旅游目的地', ['省文化和旅游厅']],
  ['14', '加强生态环境协同治理', ['省生态环境厅、省工业和信息化厅']],
  ['15', '推进环境污染联防联控', ['省生态环境厅、省水利厅、省财政厅']],
  ['16', '强化区域生态保护修复', ['省自然资源厅、省生态环境厅、省水利厅']],
  ['17', '积极抢抓黄河流域生态保护和高质量发展战略机遇', ['省发展改革委、省水利厅、省能源局', '省发展改革委']],
  ['18', '深度融入“一带一路”建设', ['省商务厅、省发展改革委']],
  ['19', '搭建对外开放平台', ['省商务厅、省科技厅']],
  [
    '20',
    '统筹完善公共卫生应急管理体系',
    ['省卫生健康委、省应急厅、省发展改革委、省大数据局', '省应急厅、省卫生健康委、省粮食和储备局', '省卫生健康委、省发展改革委、省教育厅、省医保局'],
  ],
  ['21', '加强教育合作交流', ['省委组织部、省教育厅、省委党校（山东行政学院）', '省文化和旅游厅、省教育厅']],
  ['22', '联合开发人力资源', ['省人力资源社会保障厅']],
  ['23', '加强组织领导', ['省发展改革委', L4, '省有关部门', L4]],
  ['24', '加大政策支持', ['省有关部门']],
  ['25', '鼓励改革创新先行先试', [`省工业和信息化厅、省商务厅、省农业农村厅、省地方金融监管局、${L4}`, L4]],
  ['26', '持续推动实施', [L4, `省发展改革委、${L4}`]],
];

// Counted by hand from the table above: 26 tasks, 49 measures, 137 (measure, unit) assignments.
const EXPECTED_COUNTS = { tasks: 26, measures: 49, assignments: 137 };

describe('the reference table', () => {
  const { plan, counts } = importReferenceTable();

  it('is a valid plan with the counts read off the document', () => {
    expect(() => Plan.parse(plan)).not.toThrow();
    expect(plan.title).toBe('鲁南经济圈一体化发展重点任务分工表');
    expect(counts).toEqual(EXPECTED_COUNTS);
    expect(EXPECTED.length).toBe(EXPECTED_COUNTS.tasks);
    expect(EXPECTED.flatMap((t) => t[2]).length).toBe(EXPECTED_COUNTS.measures);
    expect(EXPECTED.flatMap((t) => t[2]).reduce((n, u) => n + u.split('、').length, 0)).toBe(EXPECTED_COUNTS.assignments);
  });

  it('has every task, every measure and its units in the order listed', () => {
    const got = plan.tasks.map((t) => [t.no, t.title, t.measures.map((m) => m.assignments.map((a) => a.unitId).join('、'))]);
    expect(got).toEqual(EXPECTED);
  });

  it('numbers measures by task and position, with keys that are not the numbers', () => {
    const transport = plan.tasks.flatMap((t) => t.measures).filter((m) => m.assignments.some((a) => a.unitId === '省交通运输厅'));
    expect(transport.map((m) => m.no)).toEqual(['1.1', '1.2', '1.3', '1.4', '7.1']);
    const keys = plan.tasks.flatMap((t) => t.measures.map((m) => m.key));
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^m[0-9a-z]{7}(-\d+)?$/);
    expect(loadReferencePlan().tasks[0].measures[0].key).toBe(keys[0]); // deterministic
  });

  it('mends extraction artefacts and keeps no markup', () => {
    const texts = [...plan.tasks.map((t) => t.title), ...plan.tasks.flatMap((t) => t.measures.map((m) => m.text))];
    for (const t of texts) {
      expect(t).not.toMatch(/<\/?p>/);
      expect(t).not.toMatch(/\d \d/);
      expect(t).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
      expect(t).not.toMatch(/(\p{Script=Han}|\d) (\p{Script=Han}|\d)/u);
    }
    const m = (no: string) => plan.tasks.flatMap((t) => t.measures).find((x) => x.no === no)!;
    expect(plan.tasks[24].title).toBe('鼓励改革创新先行先试');
    expect(m('23.2').text).toContain('由临沂、枣庄、济宁、菏泽等4市委书记依次轮任召集人');
    expect(m('23.2').text).toContain('。4市抽调人员');
    expect(m('24.1').text).toContain('从2020年起，将鲁政办发〔2019〕13号中');
    expect(m('24.1').text).toContain('统筹考虑4市人口');
    expect(m('23.2').unitsText).toBe('鲁南4市政府负责');
    expect(m('13.1').text).toContain('国家5A级旅游景区');
    // Unmendable doubled characters stay as in the source.
    expect(m('9.1').text).toContain('全国国家政服务业');
    expect(m('25.2').text).toContain('行政行为为实行');
  });

  it('reads leads, groups, 等 and 分别负责 as meaning', () => {
    const m = (no: string) => plan.tasks.flatMap((t) => t.measures).find((x) => x.no === no)!;
    const leads = (no: string) => m(no).assignments.filter((a) => a.role === 'lead').map((a) => a.unitId);
    expect(leads('1.1')).toEqual(['省交通运输厅']);
    expect(leads('23.2')).toEqual(L4.split('、')); // an expanded group first: all four lead
    expect(leads('26.2')).toEqual(['省发展改革委']);
    expect(m('26.2').assignments.filter((a) => a.viaGroup === '鲁南4市政府').map((a) => [a.unitId, a.role, a.group])).toEqual(
      L4.split('、').map((u) => [u, 'co', 1]),
    );
    // 省…等，鲁南4市政府分别负责: the 等 belongs to the first group only.
    expect(m('25.1').openGroups).toEqual([0]);
    expect(m('25.1').eachOwnPart).toBe(true);
    expect(m('25.1').assignments.map((a) => a.group)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(m('6.1').openGroups).toEqual([0]);
    expect(m('6.2').openGroups).toEqual([]);
    expect(m('6.2').eachOwnPart).toBe(false); // 省民政厅负责
    expect(m('3.1').assignments.map((a) => a.group)).toEqual([0, 0, 1]); // 省…、省能源局，相关市政府
    expect(m('25.2').assignments.map((a) => a.order)).toEqual([0, 1, 2, 3]);
    expect(plan.groups).toEqual([{ name: '鲁南4市政府', aliases: expect.any(Array), members: L4.split('、') }]);
  });

  it('registers each unit once with its kind', () => {
    const kinds = Object.fromEntries(plan.units.map((u) => [u.name, u.kind]));
    expect(plan.units.length).toBe(34);
    expect(kinds).toMatchObject({
      省交通运输厅: 'provincial_department',
      省扶贫开发办: 'provincial_department',
      省地方金融监管局: 'provincial_department',
      省委宣传部: 'party_organ',
      省委组织部: 'party_organ',
      '省委党校（山东行政学院）': 'party_organ',
      临沂市人民政府: 'city_government',
      菏泽市人民政府: 'city_government',
      省有关部门: 'placeholder_group',
      相关市政府: 'placeholder_group',
      省政府: 'other',
    });
    const count = (k: string) => plan.units.filter((u) => u.kind === k).length;
    expect([count('provincial_department'), count('party_organ'), count('city_government'), count('placeholder_group'), count('other')]).toEqual([24, 3, 4, 2, 1]);
    expect(plan.units.filter((u) => u.needsResolution).map((u) => u.name).sort()).toEqual(['相关市政府', '省有关部门'].sort());
    const zz = plan.units.find((u) => u.name === '枣庄市人民政府')!;
    expect(zz).toMatchObject({ id: '枣庄市人民政府', shortName: '枣庄市政府' });
    expect(plan.units.some((u) => u.name.includes('鲁南4市'))).toBe(false);
  });

  it('warns about task 12, the doubled characters and the placeholders — and nothing else', () => {
    const w = plan.warnings.map((x) => [x.code, x.taskNo ?? '', x.measureNo ?? '']);
    expect(w).toEqual([
      ['SUSPECT_DOUBLED_TEXT', '9', '9.1'],
      ['UNITS_MEASURES_MISMATCH', '12', ''],
      ['SUSPECT_DOUBLED_TEXT', '25', '25.2'],
      ['UNRESOLVED_GROUP', '', ''],
      ['UNRESOLVED_GROUP', '', ''],
    ]);
    const t12 = plan.warnings.find((x) => x.code === 'UNITS_MEASURES_MISMATCH')!;
    expect(t12.message).toContain('第12项');
    expect(t12.message).toContain('建设世界文明交流互鉴高地');
    expect(t12.message).toContain('已假定所列全部单位共同负责');
    expect(plan.warnings.find((x) => x.measureNo === '9.1')!.message).toContain('国国');
    expect(plan.warnings.find((x) => x.measureNo === '25.2')!.message).toContain('为为');
  });
});
