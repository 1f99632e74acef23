import { describe, expect, it } from 'vitest';
import { parseUnitsParagraph } from './parse-units';

describe('parseUnitsParagraph', () => {
  it('splits by 、 and reads 分别负责', () => {
    expect(parseUnitsParagraph('省交通运输厅、省发展改革委分别负责')).toEqual({
      groups: [{ names: ['省交通运输厅', '省发展改革委'], open: false, leads: false }],
      eachOwnPart: true,
    });
  });

  it('reads plain 负责', () => {
    expect(parseUnitsParagraph('省民政厅负责')).toEqual({ groups: [{ names: ['省民政厅'], open: false, leads: false }], eachOwnPart: false });
  });

  it('，separates groups and 等 belongs to the group it ends', () => {
    const p = parseUnitsParagraph('省工业和信息化厅、省商务厅、省农业农村厅、省地方金融监管局等，鲁南4市政府分别负责');
    expect(p.groups).toEqual([
      { names: ['省工业和信息化厅', '省商务厅', '省农业农村厅', '省地方金融监管局'], open: true, leads: false },
      { names: ['鲁南4市政府'], open: false, leads: false },
    ]);
    expect(p.eachOwnPart).toBe(true);
  });

  it('mends split names and reads 牵头 / 配合', () => {
    expect(parseUnitsParagraph('鲁南 4 4 市政府负责').groups[0].names).toEqual(['鲁南4市政府']);
    const p = parseUnitsParagraph('省发展改革委牵头，省财政厅、省商务厅配合');
    expect(p.groups.map((g) => [g.names, g.leads])).toEqual([
      [['省发展改革委'], true],
      [['省财政厅', '省商务厅'], false],
    ]);
  });

  it('yields no names for text that is only meaning', () => {
    expect(parseUnitsParagraph('分别负责').groups).toEqual([]);
  });
});
