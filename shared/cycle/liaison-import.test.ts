import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { importLiaisons } from './liaison-import';
import { liaisonLine } from './liaison';

const UNITS = [
  { id: '省发展改革委', name: '省发展改革委', shortName: '省发展改革委', aliases: [] },
  { id: '省交通运输厅', name: '省交通运输厅', shortName: '省交通运输厅', aliases: [] },
  { id: '枣庄市人民政府', name: '枣庄市人民政府', shortName: '枣庄市', aliases: [] },
];

describe('liaison list import', () => {
  it('reads a one-row header under a title, matching units by their usual short forms', () => {
    const grid = parseCsv('\uFEFF各单位督办工作联络员名单,,,,\r\n序号,单位,联络员,职务,办公电话,手机\r\n1,山东省发展和改革委员会,张三,科长,0531-86191234,13800000001\r\n2,"枣庄市政府",李四,,0632-3311234,\r\n3,省不存在厅,王五,,,139\r\n');
    const r = importLiaisons(grid, UNITS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.headerRow).toBe(2);
    expect(r.units.map((u) => [u.unitId, u.liaison.name, u.liaison.officePhone, u.liaison.mobile])).toEqual([
      ['省发展改革委', '张三', '0531-86191234', '13800000001'],
      ['枣庄市人民政府', '李四', '0632-3311234', ''],
    ]);
    expect(r.problems).toEqual([{ kind: 'unknown-unit', row: 5, text: '省不存在厅' }]);
  });

  it('a two-row header with 联络员 / 备用联络员 groups gives the deputy', () => {
    const grid = [
      ['单位', '联络员', '', '', '备用联络员', '', ''],
      ['', '姓名', '办公电话', '手机', '姓名', '办公电话', '手机'],
      ['省交通运输厅', '王工', '0531-1111', '13900000000', '赵工', '0531-2222', '13700000000'],
    ];
    const r = importLiaisons(grid, UNITS);
    if (!r.ok) throw new Error('no header');
    expect(r.units[0].liaison).toEqual({ name: '王工', officePhone: '0531-1111', mobile: '13900000000', email: '', deputyName: '赵工', deputyOfficePhone: '0531-2222', deputyMobile: '13700000000' });
    expect(liaisonLine(r.units[0].liaison)).toBe('王工（办公 0531-1111，手机 13900000000）；备用 赵工（办公 0531-2222，手机 13700000000）');
  });

  it('A角/B角 rows: the second row of a unit (merged unit cell) is the deputy', () => {
    const grid = [
      ['单位名称', 'AB角', '姓名', '联系电话', '手机号码', '电子邮箱'],
      ['省交通运输厅', 'A角', '王工', '0531-1111', '139', 'wang@jt.gov.cn'],
      ['', 'B角', '赵工', '0531-2222', '137', ''],
      ['枣庄市人民政府', '', '钱工', '', '136', ''],
      ['枣庄市人民政府', '', '孙工', '', '135', ''],
      ['枣庄市人民政府', '', '周工', '', '134', ''],
    ];
    const r = importLiaisons(grid, UNITS);
    if (!r.ok) throw new Error('no header');
    expect(r.units[0].liaison).toMatchObject({ name: '王工', email: 'wang@jt.gov.cn', deputyName: '赵工', deputyMobile: '137' });
    expect(r.units[1].liaison).toMatchObject({ name: '钱工', mobile: '136', deputyName: '孙工', deputyMobile: '135' });
    expect(r.problems).toEqual([{ kind: 'duplicate', row: 6, unitId: '枣庄市人民政府' }]);
  });

  it('a file without a unit and a contact column is refused', () => {
    expect(importLiaisons([['序号', '主要任务', '具体举措']], UNITS)).toEqual({ ok: false, code: 'NO_LIAISON_HEADER' });
    expect(importLiaisons([], UNITS)).toEqual({ ok: false, code: 'NO_LIAISON_HEADER' });
  });

  it('control characters are cleaned, over-long values reported', () => {
    const r = importLiaisons([['单位', '联络员'], ['省交通运输厅', '王\u0007工'], ['省发展改革委', '长'.repeat(60)]], UNITS);
    if (!r.ok) throw new Error('no header');
    expect(r.units.map((u) => u.liaison.name)).toEqual(['王工']);
    expect(r.problems[0]).toMatchObject({ kind: 'too-long', row: 3 });
  });

  it('CSV: quotes, doubled quotes, line breaks in cells, LF endings', () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\nlines"\nx,y')).toEqual([['a', 'b,c', 'say "hi"', 'two\nlines'], ['x', 'y']]);
    expect(() => parseCsv('a\n'.repeat(10), { rows: 5, cols: 5 })).toThrow(RangeError);
  });
});
