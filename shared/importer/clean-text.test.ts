import { describe, expect, it } from 'vitest';
import { cleanText, compact } from './clean-text';

describe('cleanText', () => {
  it.each([
    ['由临沂、枣庄、济宁、菏泽等4 4 市委书记', '由临沂、枣庄、济宁、菏泽等4市委书记'],
    ['鲁南 4 4 市政府负责', '鲁南4市政府负责'],
    ['统筹考虑 4 4 市人口', '统筹考虑4市人口'],
    ['鼓励改革创新先行 先试', '鼓励改革创新先行先试'],
    ['从 2020 年起', '从2020年起'],
    ['鲁政办发〔2019〕13 号中', '鲁政办发〔2019〕13号中'],
    ['具 体 举 措', '具体举措'],
    ['  前后\u3000空白\t', '前后空白'],
    ['A&amp;B &lt;x&gt;', 'A&B <x>'],
    ['<p>段落</p>', '段落'],
  ])('%s → %s', (raw, want) => {
    expect(cleanText(raw)).toBe(want);
  });

  it('keeps meaningful spaces in non-Chinese text', () => {
    expect(cleanText('Microsoft Office 2021 and Excel on the web')).toBe('Microsoft Office 2021 and Excel on the web');
    expect(cleanText('支持 Office 2021')).toBe('支持 Office 2021');
    expect(cleanText('建设5G 网络')).toBe('建设5G 网络');
  });

  it('does not merge distinct numbers or real number pairs', () => {
    expect(cleanText('第 1 2 项')).toBe('第1 2项'); // two different numbers stay two
    expect(cleanText('10 10')).toBe('10 10'); // no Chinese after: not an artefact we know
    expect(cleanText('1.4 4 市')).toBe('1.4 4市'); // a decimal is not doubled
  });

  it('compact removes all spaces', () => {
    expect(compact(' 省发展 改革委 ')).toBe('省发展改革委');
  });
});
