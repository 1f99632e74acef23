// How people shorten unit names (省发改委 for 省发展改革委, 枣庄市政府 for 枣庄市人民政府, 山东省交通运输厅
// for 省交通运输厅 …). Both a unit's names and the text searched are brought to one short form and
// compared there, so "山东省发展和改革委员会" and "省发改委" are the same unit. The office extends what
// is recognised with each unit's aliases in the registry (POST /api/admin/units); this table holds
// only the forms common to every office.

/** Long fragment → the short form, applied in order (longer fragments first where they overlap). */
export const UNIT_SHORT_FORMS: readonly (readonly [long: string, short: string])[] = [
  ['山东省', '省'],
  ['人民政府', '政府'],
  ['委员会', '委'],
  ['办公室', '办'],
  ['发展和改革委', '发改委'],
  ['发展改革委', '发改委'],
  ['工业和信息化厅', '工信厅'],
  ['工业信息化厅', '工信厅'],
  ['住房和城乡建设厅', '住建厅'],
  ['住房城乡建设厅', '住建厅'],
  ['人力资源和社会保障厅', '人社厅'],
  ['人力资源社会保障厅', '人社厅'],
  ['卫生和健康委', '卫健委'],
  ['卫生健康委', '卫健委'],
  ['文化和旅游厅', '文旅厅'],
  ['交通运输厅', '交通厅'],
  ['科学技术厅', '科技厅'],
  ['应急管理厅', '应急厅'],
  ['药品监督管理局', '药监局'],
  ['医疗保障局', '医保局'],
  ['市场监督管理局', '市场监管局'],
  ['地方金融监督管理局', '地方金融监管局'],
  ['粮食和物资储备局', '粮食和储备局'],
  ['扶贫开发办', '扶贫办'],
];

/** The text in the one short form: no spaces, ASCII brackets, every long fragment shortened. */
export function shortUnitForm(text: string): string {
  let t = text.replace(/[\s\u3000]+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  for (const [long, short] of UNIT_SHORT_FORMS) if (t.includes(long)) t = t.split(long).join(short);
  return t;
}
