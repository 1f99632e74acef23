import { describe, expect, it, beforeAll } from 'vitest';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReferencePlan } from '../readers/reference-plan';
import { assignmentsForUnit } from '../../shared/model/unit-assignments';
import { consolidate } from '../../shared/model/consolidate';
import { buildUnitSheet } from '../../shared/layout/unit-sheet';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { decodeRowKey, decodeSheetKey } from '../../shared/layout/keys';
import { restoreCellText } from '../../shared/layout/cell-text';
import { entry, measureByNo, PERIOD } from '../../shared/layout/test-fixtures';
import type { SheetLayout } from '../../shared/layout/model';
import { renderLayoutXlsx } from './xlsx-layout';
import { strFromU8, unzipSync } from 'fflate';

const sheetXml = (bytes: Buffer) => strFromU8(unzipSync(new Uint8Array(bytes))['xl/worksheets/sheet1.xml']);

const plan = loadReferencePlan();
const dir = mkdtempSync(join(tmpdir(), 'fengong-xlsx-'));
const unit = plan.units.find((u) => u.id === '省交通运输厅')!;
const m11 = measureByNo(plan, '1.1');

async function writeNormal(layout: SheetLayout, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await renderLayoutXlsx(wb, layout);
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}
async function writeStreaming(layout: SheetLayout, name: string): Promise<string> {
  const file = join(dir, name);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  await renderLayoutXlsx(wb, layout);
  await wb.commit();
  return file;
}
async function readBack(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0];
}
const text = (ws: ExcelJS.Worksheet, addr: string) => {
  const v = ws.getCell(addr).value;
  return v === null || v === undefined ? '' : String(v);
};

describe('unit sheet → .xlsx (normal Workbook) read back', () => {
  const layout = buildUnitSheet({
    planTitle: plan.title,
    period: PERIOD,
    unit,
    assignments: assignmentsForUnit(plan, unit.id),
    entries: [entry(m11.key, unit.id, { status: '推进中', progress: '=HYPERLINK("http://x")', problems: '-无', contact: '@张三' }, 2)],
  });
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    ws = await readBack(await writeNormal(layout, 'unit.xlsx'));
  });

  it('keeps values, merges, fonts and row heights', () => {
    expect(ws.name).toBe('省交通运输厅');
    expect(text(ws, 'A1')).toContain('落实情况填报表');
    expect(text(ws, 'A4')).toBe('序号');
    expect(text(ws, 'I4')).toBe('联系人/电话');
    expect(text(ws, 'A5')).toBe('1');
    expect(text(ws, 'C5')).toBe(`1.1 ${m11.text}`); // the measure's number before its text
    expect(text(ws, 'D5')).toBe('省交通运输厅、省发展改革委');
    const merges = ws.model.merges;
    expect(merges).toEqual(expect.arrayContaining(['A1:I1', 'A2:I2', 'A3:I3', 'A5:A8', 'B5:B8']));
    expect(merges).toHaveLength(5);
    expect(ws.getCell('A1').font.name).toBe('方正小标宋简体');
    expect(ws.getCell('A4').font.name).toBe('黑体');
    expect(ws.getCell('C5').font.name).toBe('仿宋_GB2312');
    expect(ws.getCell('C5').alignment.wrapText).toBe(true);
    expect(ws.getCell('C5').border.left?.style).toBe('thin');
    expect(ws.getRow(5).height).toBeCloseTo(layout.rows[4].heightPt, 1);
  });

  it('neutralises formula-like text: stored as strings, prefixed so they are never evaluated', () => {
    const cell = ws.getCell('F5');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('\u3000=HYPERLINK("http://x")');
    expect(restoreCellText(String(cell.value))).toBe('=HYPERLINK("http://x")');
    expect(ws.getCell('G5').value).toBe('\u3000-无');
    expect(ws.getCell('I5').value).toBe('\u3000@张三');
    expect(ws.getCell('E5').value).toBe('推进中');
  });

  it('has the status list, unlocked fields, protection without password, hidden key column', () => {
    const dv = ws.getCell('E6').dataValidation;
    expect(dv.type).toBe('list');
    expect(dv.formulae).toEqual(['"未启动,推进中,已完成,滞后"']);
    expect(ws.getCell('E9').dataValidation?.type).toBe('list');
    expect(ws.getCell('F5').protection?.locked).toBe(false);
    expect(ws.getCell('I9').protection?.locked).toBe(false);
    expect(ws.getCell('C5').protection?.locked ?? true).toBe(true);
    const prot = (ws as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(prot.sheet).toBe(true);
    expect(prot.hashValue).toBeUndefined();
    expect(prot.algorithmName).toBeUndefined();
    expect(ws.getColumn(10).hidden).toBe(true);
    expect(decodeSheetKey(ws.getCell('J4').value)).toEqual({ periodId: PERIOD.id, unitId: unit.id });
    expect(decodeRowKey(ws.getCell('J5').value)).toMatchObject({ measureKey: m11.key, unitId: unit.id, baseRevs: { status: 2, progress: 2 } });
    expect(decodeRowKey(ws.getCell('J9').value)?.measureKey).toBe(measureByNo(plan, '7.1').key);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
  });

  it('the streaming writer gives the same validation, protection and unlocked cells', async () => {
    const st = await readBack(await writeStreaming(layout, 'unit-s.xlsx'));
    expect(st.getCell('E7').dataValidation?.type).toBe('list');
    expect(st.getCell('E7').dataValidation?.formulae).toEqual(['"未启动,推进中,已完成,滞后"']);
    expect(st.getCell('D7').dataValidation?.type).toBeUndefined();
    expect(st.getCell('G7').protection?.locked).toBe(false);
    expect((st as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    expect(st.model.merges).toEqual(expect.arrayContaining(['A5:A8', 'B5:B8']));
    expect(st.pageSetup.printTitlesRow).toBe('4:4');
  });

  it("prints A3 landscape, fit to width, header row repeated, '— N —' centred, Excel's own page breaks", () => {
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: '4:4' });
    expect(ws.headerFooter.oddFooter).toBe('&C&"宋体,Regular"&14— &P —');
    expect(ws.headerFooter.differentOddEven ?? false).toBe(false);
    expect(ws.headerFooter.differentFirst ?? false).toBe(false);
    expect(sheetXml(readFileSync(join(dir, 'unit.xlsx')))).not.toContain('<rowBreaks');
  });

  it('sets the workbook font (the width unit) to Arial 10: 7 px digits like Calibri 11, with a metric twin in LibreOffice', () => {
    const styles = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'unit.xlsx'))))['xl/styles.xml']);
    expect(styles).toMatch(/<fonts count="\d+"[^>]*><font><family val="2"\/><sz val="10"\/><name val="Arial"\/><\/font>/);
  });
});

describe('consolidated table → .xlsx (streaming WorkbookWriter and normal Workbook)', () => {
  const m = measureByNo(plan, '26.1');
  const measures = consolidate(plan, PERIOD, [entry(m.key, '临沂市人民政府', { status: '滞后', progress: '+进度慢' })], { [m.key]: '汇总：四市推进。' }, plan.units);
  const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures, paper: 'A4' });
  const top = layout.rows.findIndex((r) => r.measureKey === m.key) + 1;
  const hr = layout.headerRow + 1;

  for (const kind of ['streaming', 'normal'] as const) {
    it(`${kind}: merges, page breaks, page setup, 续表 and page numbers, keys, fonts, no protection read back`, async () => {
      const file = kind === 'streaming' ? await writeStreaming(layout, 'cons-s.xlsx') : await writeNormal(layout, 'cons-n.xlsx');
      expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
      const ws = await readBack(file);
      const merges = ws.model.merges;
      expect(merges).toHaveLength(layout.merges.length);
      expect(merges).toEqual(expect.arrayContaining([`C${top}:C${top + 3}`, `I${top}:I${top + 3}`, `J${top}:J${top + 3}`]));
      // the computed page breaks, each above a page's first row (ECMA-376: id = the row before the break)
      const breaks = [...sheetXml(readFileSync(file)).matchAll(/<brk id="(\d+)" max="16383" man="1"\/>/g)].map((b) => Number(b[1]));
      expect(breaks).toEqual(layout.pageBreaks);
      expect(breaks.length).toBeGreaterThan(3);
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${hr}:${hr}` });
      expect(ws.headerFooter).toMatchObject({
        differentFirst: true,
        differentOddEven: true,
        oddHeader: '&L&"黑体,Regular"&9续表',
        evenHeader: '&L&"黑体,Regular"&9续表',
        oddFooter: '&R&"宋体,Regular"&14— &P —\u3000',
        evenFooter: '&L&"宋体,Regular"&14\u3000— &P —',
        firstFooter: '&R&"宋体,Regular"&14— &P —\u3000',
      });
      expect(text(ws, `D${top}`)).toBe('临沂市政府');
      expect(text(ws, `D${top + 3}`)).toBe('菏泽市政府');
      expect(text(ws, `E${top}`)).toBe('滞后');
      expect(text(ws, `F${top}`)).toBe('\u3000+进度慢');
      expect(text(ws, `I${top}`)).toBe('滞后');
      expect(text(ws, `J${top}`)).toBe('汇总：四市推进。');
      expect(ws.getColumn(11).hidden).toBe(true);
      for (let r = 0; r < 4; r++) expect(decodeRowKey(ws.getCell(`K${top + r}`).value)).toMatchObject({ measureKey: m.key, unitId: layout.rows[top - 1 + r].unitId });
      expect(ws.getCell(`F${top}`).font.name).toBe('仿宋_GB2312');
      expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
      let maxH = 0;
      ws.eachRow((row) => (maxH = Math.max(maxH, row.height ?? 0)));
      expect(maxH).toBeLessThanOrEqual(409);
      expect(ws.rowCount).toBe(layout.rows.length);
    });
  }
});
