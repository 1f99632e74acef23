import { describe, expect, it } from 'vitest';
import { findReporterCell, findUnitIn, resolveUnit, unitsMentioned, type UnitRef } from './find-unit';

const u = (name: string, shortName = name, aliases: string[] = []): UnitRef => ({ id: name, name, shortName, aliases });
const FGW = u('省发展改革委');
const JTT = u('省交通运输厅');
const ZZ = u('枣庄市人民政府', '枣庄市政府', ['枣庄市', '枣庄']);
const LY = u('临沂市人民政府', '临沂市政府', ['临沂市', '临沂']);
const GOV = u('省政府');
const units = [FGW, JTT, ZZ, LY, GOV];

describe('finding units by their names and short forms', () => {
  it('short forms and long forms name the same unit, without the registry listing them', () => {
    expect(findUnitIn('省发改委', units)).toBe(FGW);
    expect(findUnitIn('山东省发展和改革委员会', units)).toBe(FGW);
    expect(findUnitIn('枣庄市政府', units)).toBe(ZZ);
    expect(findUnitIn('省交通厅', units)).toBe(JTT);
    expect(findUnitIn('山东省交通运输厅', units)).toBe(JTT);
    expect(findUnitIn('山东省人民政府', units)).toBe(GOV);
    // a registry without short names or aliases still finds them (the office's own unit list)
    const bare = [u('枣庄市人民政府'), u('省发展改革委')];
    expect(findUnitIn('枣庄市政府', bare)?.name).toBe('枣庄市人民政府');
    expect(findUnitIn('省发改委', bare)?.name).toBe('省发展改革委');
  });

  it('in a title line; a name inside a longer one does not count; a two-character alias only alone', () => {
    expect(unitsMentioned('省发展改革委重点任务进展', units)).toEqual([FGW]);
    expect(unitsMentioned('枣庄市人民政府关于鲁南经济圈重点任务落实情况的报告', units)).toEqual([ZZ]);
    expect(unitsMentioned('省发改委、省交通厅联合报送', units)).toEqual([FGW, JTT]);
    expect(unitsMentioned('枣庄', units)).toEqual([ZZ]);
    expect(unitsMentioned('鲁南经济圈枣庄片区', units)).toEqual([]);
    expect(unitsMentioned('重点任务分工表', units)).toEqual([]);
  });

  it('an alias the office adds to the registry is recognised', () => {
    const withAlias = [FGW, { ...JTT, aliases: ['交通运输部门'] }];
    expect(findUnitIn('交通运输部门', withAlias)?.id).toBe('省交通运输厅');
  });

  it('the 填报单位 line: the name as written, in the cell or the next one', () => {
    expect(findReporterCell([['标题'], ['填报单位：枣庄市人民政府（盖章）　　填报日期：2026年11月']])).toBe('枣庄市人民政府（盖章）');
    expect(findReporterCell([['填报单位（盖章）', '', '省发改办']])).toBe('省发改办');
    expect(findReporterCell([['报送单位:省交通厅  联系人：张三']])).toBe('省交通厅');
    expect(findReporterCell([['序号', '具体举措']])).toBeNull();
  });
});

describe('resolveUnit', () => {
  const src = (from: 'title' | 'sheet-name' | 'file-name', text: string) => ({ from, text, units: unitsMentioned(text, units) });
  it('the first source naming one unit decides, with its evidence', () => {
    const r = resolveUnit([src('title', '省发展改革委重点任务进展'), src('file-name', '枣庄市政府')]);
    expect(r).toMatchObject({ kind: 'found', unit: FGW, from: 'title', evidence: '标题行“省发展改革委重点任务进展”' });
  });
  it('several named: a later source narrows them; else the office is asked with the candidates', () => {
    expect(resolveUnit([src('title', '省发改委、省交通厅联合报送'), src('sheet-name', '交通厅')])).toMatchObject({ kind: 'found', unit: JTT, from: 'sheet-name' });
    const amb = resolveUnit([src('title', '省发改委、省交通厅联合报送'), src('file-name', '枣庄市政府')]);
    expect(amb).toMatchObject({ kind: 'ambiguous', candidates: [FGW, JTT] });
    expect(resolveUnit([src('title', '省发改委、省交通厅联合报送')], JTT)).toMatchObject({ kind: 'found', unit: JTT, from: 'request' });
  });
  it('nothing named: unknown, with what was looked at; the office choice decides', () => {
    const r = resolveUnit([src('title', '重点任务进展表'), src('file-name', '回传')]);
    expect(r).toEqual({ kind: 'unknown', seen: ['标题行“重点任务进展表”', '文件名“回传”'] });
    expect(resolveUnit([src('title', '重点任务进展表')], ZZ)).toMatchObject({ kind: 'found', unit: ZZ, from: 'request' });
  });
});
