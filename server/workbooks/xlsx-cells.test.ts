import { describe, expect, it } from 'vitest';
import { sharedStrings, sheetGrid, workbookGrids } from './xlsx-cells';

describe('xlsx-cells', () => {
  it('reads shared, inline, rich, escaped, boolean, error and formula cells, and fills merges', () => {
    const ss = sharedStrings(
      '<sst><si><t>进展&amp;情况</t></si><si><r><t>第一</t></r><r><rPr/><t xml:space="preserve">段 </t></r><rPh sb="0" eb="1"><t>ダミー</t></rPh></si><si/><si><t>甲_x000D_\n乙</t></si></sst>',
    );
    expect(ss).toEqual(['进展&情况', '第一段 ', '', '甲\r\n乙']);
    const xml =
      '<worksheet><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>&#x4E00;&lt;二&gt;</t></is></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>1</v></c><c t="b"><v>1</v></c><c r="D3" t="e"><v>#REF!</v></c>' +
      '<c r="E3" t="str"><f>"年底"&amp;"前"</f><v>年底前</v></c><c r="F3"><f>1+1</f><v>2</v></c><c r="G3" s="1"/></row>' +
      '<row r="4"><c r="B4"><v>4</v></c></row>' +
      // A3:A4 is filled down; A1:C1048576 (a whole-column merge) reaches only as far as the sheet's cells.
      '</sheetData><mergeCells count="2"><mergeCell ref="A3:A4"/><mergeCell ref="C1:C1048576"/></mergeCells></worksheet>';
    const g = sheetGrid('S', xml, ss);
    expect(g.cells[0]).toEqual(['进展&情况', '', '一<二>']);
    expect(g.cells[1]).toEqual(['', '', '一<二>']);
    expect(g.cells[2]).toEqual(['第一段 ', 'TRUE', '一<二>', '', '年底前', '2']);
    expect(g.cells[3]).toEqual(['第一段 ', '4', '一<二>']);
    expect(g.cells.length).toBe(4);
    expect(g.formulas).toEqual([
      { row: 2, col: 4 },
      { row: 2, col: 5 },
    ]);
  });

  it('reads cell attributes and values exactly (prefixed look-alikes, $ refs, bad refs, values beside other children)', () => {
    const xml =
      '<worksheet><sheetData><row r="2">' +
      '<c xr:r="Z9" r="$B$2" xt="s" t="s"><v>0</v></c>' + // r= and t= only at the start or after a space
      '<c r="AAAA2"><v>7</v></c>' + // not a ref: the next column
      '<c r="E2" t="str"><v>甲</v><f>A1</f></c>' +
      '<c r="F2" t="str"><x:v>乙</x:v></c>' +
      '<c r="G2" t="inlineStr"><is><t xml:space="preserve"> 丙 </t></is></c>' +
      '</row></sheetData></worksheet>';
    const g = sheetGrid('S', xml, sharedStrings('<sst><si><t>进展</t></si></sst>'));
    expect(g.cells[1]).toEqual(['', '进展', '7', '', '甲', '乙', ' 丙 ']);
    expect(g.formulas).toEqual([{ row: 1, col: 4 }]);
  });

  it('follows the workbook relationships for sheet names and order', () => {
    const parts = new Map([
      ['xl/workbook.xml', '<workbook><sheets><sheet name="说明" sheetId="2" r:id="rId2"/><sheet name="枣庄&amp;市" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      ['xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>'],
      ['xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="B1"><v>1.2</v></c></row></sheetData></worksheet>'],
      ['xl/worksheets/sheet2.xml', '<worksheet><sheetData/></worksheet>'],
    ]);
    const grids = workbookGrids(parts);
    expect(grids.map((g) => g.name)).toEqual(['说明', '枣庄&市']);
    expect(grids[1].cells).toEqual([['', '1.2']]);
  });

  it('stays linear on malformed XML (unclosed rows, cells and strings)', () => {
    const t0 = performance.now();
    const g = sheetGrid('S', `<worksheet><sheetData>${'<row r="1"><c r="A1"><v>1'.repeat(40_000)}</sheetData></worksheet>`, sharedStrings('<sst>' + '<si><t>x'.repeat(40_000)));
    expect(g.cells.length).toBeLessThanOrEqual(1);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('numbers shown as dates or percentages come back as people saw them', () => {
  it('tells date, date-time and percent formats from plain ones', async () => {
    const { formatKind, styleKinds, serialText } = await import('./xlsx-cells');
    expect(formatKind('yyyy"年"m"月"d"日"')).toBe('date');
    expect(formatKind('yyyy-mm-dd hh:mm')).toBe('datetime');
    expect(formatKind('0.0%')).toBe('percent');
    expect(formatKind('#,##0.00')).toBeNull();
    expect(formatKind('"截至"0"项"')).toBeNull(); // letters inside quotes are text, not a date
    expect(formatKind('[Red]0.00')).toBeNull();
    expect(
      styleKinds('<styleSheet><numFmts><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="9"/><xf numFmtId="22"/></cellXfs></styleSheet>'),
    ).toEqual([null, 'date', 'date', 'percent', 'datetime']);
    expect(serialText(46296, 'date')).toBe('2026-10-01');
    expect(serialText(46296.5, 'datetime')).toBe('2026-10-01 12:00');
    expect(serialText(59, 'date')).toBe('1900-02-28');
    expect(serialText(61, 'date')).toBe('1900-03-01');
    expect(serialText(44834, 'date', true)).toBe('2026-10-01');
  });

  it('reads a real workbook: a date and a percentage typed into cells are not turned into bare numbers', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { loadGrids } = await import('./read-workbook');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('填报');
    ws.addRow(['序号', '进展情况', '完成比例', '数量']);
    ws.addRow(['1', new Date(Date.UTC(2026, 9, 1)), 0.75, 12.5]);
    ws.getCell('B2').numFmt = 'yyyy-mm-dd';
    ws.getCell('C2').numFmt = '0%';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const [grid] = await loadGrids(bytes);
    expect(grid.cells[1]).toEqual(['1', '2026-10-01', '75%', '12.5']);
  });
});
