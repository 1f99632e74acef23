// The strict fake WPS enforces what WPS (VBA's object model) enforces, so the add-in's tests against
// it mean something; and the adapter copes with members that are methods in some WPS versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWpsHost, FakeWpsError } from './host';
import { startTestServer, type TestServer } from '../../helpers/server';
import { colOf, measureRows, openInstance } from '../../addin/harness';

type App = any; // the fake's Application, used the way add-in code uses the global

function sheet1(host: FakeWpsHost): App {
  return (host.application() as App).ActiveWorkbook.Worksheets.Item(1);
}

describe('strict fake WPS 表格', () => {
  it('Value2 is a scalar for one cell and a 2-D array otherwise; sizes must match', () => {
    const host = new FakeWpsHost();
    const ws = sheet1(host);
    ws.Range('A1:B2').Value2 = [['a', 'b'], ['c', 'd']];
    expect(ws.Range('A1').Value2).toBe('a');
    expect(ws.Range('A1:B2').Value2).toEqual([['a', 'b'], ['c', 'd']]);
    expect(ws.Cells.Item(2, 2).Value2).toBe('d');
    expect(() => (ws.Range('A1:B2').Value2 = [['x']])).toThrow(FakeWpsError);
  });

  it('protection: locked cells refuse values, formatting needs the Allow options, Locked and Validation refuse; Unprotect twice is fine', () => {
    const host = new FakeWpsHost();
    const ws = sheet1(host);
    ws.Range('B1').Locked = false;
    ws.Protect(undefined, true, true, true, false, false, true, true);
    ws.Range('B1').Value2 = 'ok';
    expect(() => (ws.Range('A1').Value2 = 'no')).toThrow(/受保护/);
    expect(() => (ws.Range('A1').WrapText = true)).toThrow(/受保护/);
    ws.Range('A1').EntireColumn.ColumnWidth = 20; // AllowFormattingColumns
    expect(() => (ws.Range('A1').Locked = false)).toThrow(/Locked/);
    expect(() => ws.Range('A1').Validation.Add(3, 1, 1, 'a,b')).toThrow(/受保护/);
    ws.Unprotect();
    ws.Unprotect();
    expect(host.text('Sheet1', 0, 1)).toBe('ok');
  });

  it('validation: Add over an existing one fails (Delete first); a list over 255 characters is refused; typing outside the list is refused, a paste is not', () => {
    const host = new FakeWpsHost();
    const ws = sheet1(host);
    ws.Range('A1:A3').Validation.Add(3, 1, 1, '未启动,推进中');
    expect(() => ws.Range('A1').Validation.Add(3, 1, 1, 'x')).toThrow(/Delete/);
    ws.Range('A1:A3').Validation.Delete();
    expect(() => ws.Range('A1').Validation.Add(3, 1, 1, 'x'.repeat(256))).toThrow(/255/);
    ws.Range('A2').Validation.Add(3, 1, 1, '未启动,推进中');
    expect(() => host.type('Sheet1', 1, 0, '差不多')).toThrow(/有效性/);
    host.paste('Sheet1', 1, 0, [['差不多']]);
    expect(host.text('Sheet1', 1, 0)).toBe('差不多');
  });

  it('merged areas: Merge over several filled cells is refused; hidden cells keep no values', () => {
    const host = new FakeWpsHost();
    const ws = sheet1(host);
    ws.Range('A1:A2').Value2 = [['上'], ['下']];
    expect(() => ws.Range('A1:A2').Merge(false)).toThrow(/左上角/);
    ws.Range('A2').ClearContents();
    ws.Range('A1:A2').Merge(false);
    expect(ws.Range('A1:A2').MergeCells).toBe(true);
    ws.Range('A1:A2').Value2 = [['新'], ['藏']];
    expect(host.mustSheet('Sheet1').cell(1, 0).value).toBe('');
  });

  it('several areas ("A1:A3,B5:B6"): Merge merges each on its own, all or nothing; ClearContents and RowHeight act on each; nothing else is modeled; addresses over 255 characters are refused', () => {
    const host = new FakeWpsHost();
    const ws = sheet1(host);
    ws.Range('A1:A3').Value2 = [['上'], ['中'], ['下']];
    ws.Range('A2:A3,B5,C1:C2').ClearContents();
    expect(host.text('Sheet1', 0, 0)).toBe('上');
    expect(host.text('Sheet1', 1, 0)).toBe('');
    ws.Range('A1:A3,B5:B6').Merge(false);
    expect(host.mustSheet('Sheet1').merges).toEqual([{ top: 0, left: 0, bottom: 2, right: 0 }, { top: 4, left: 1, bottom: 5, right: 1 }]);
    // one area overlaps a merge: refused, and the other area is not merged either
    expect(() => ws.Range('D1:D2,A3:A4').Merge(false)).toThrow(/部分更改/);
    expect(() => ws.Range('D1:D2,D2:D3').Merge(false)).toThrow(/部分更改/);
    ws.Range('E1:E2').Value2 = [['x'], ['y']];
    expect(() => ws.Range('D1:D2,E1:E2').Merge(false)).toThrow(/左上角/);
    expect(host.mustSheet('Sheet1').merges).toHaveLength(2);
    ws.Range('A8:A9,A12').RowHeight = 30;
    expect([...host.mustSheet('Sheet1').rowHeights]).toEqual([[7, 30], [8, 30], [11, 30]]);
    expect(() => ws.Range('A1,B1').Value2).toThrow(/does not model/);
    expect(() => (ws.Range('A1,B1').WrapText = true)).toThrow(/does not model/);
    const long = Array.from({ length: 40 }, (_, i) => `A${i * 3 + 100}:A${i * 3 + 101}`).join(',');
    expect(long.length).toBeGreaterThan(255);
    expect(() => ws.Range(long)).toThrow(/255/);
    expect(() => ws.Range('A1,,B2')).toThrow();
    // on a protected sheet, locked cells refuse ClearContents in any area
    ws.Range('F1').Locked = false;
    ws.Protect(undefined, true, true, true, false, false, true, true);
    expect(() => ws.Range('F1,G1').ClearContents()).toThrow(/受保护/);
  });

  it('dates come back as serial numbers with their format; typed text in a General cell becomes a number or formula', () => {
    const host = new FakeWpsHost();
    host.paste('Sheet1', 0, 0, [[46296]], false, 'yyyy-mm-dd');
    const ws = sheet1(host);
    expect(ws.Range('A1').Value2).toBe(46296);
    expect(ws.Range('A1').NumberFormat).toBe('yyyy-mm-dd');
    host.type('Sheet1', 1, 0, '=1+1');
    expect(host.mustSheet('Sheet1').cell(1, 0).formula).toBe('=1+1');
    ws.Range('A3').NumberFormat = '@';
    host.type('Sheet1', 2, 0, '=1+1');
    expect(host.text('Sheet1', 2, 0)).toBe('=1+1');
  });

  it('sheets: Add activates the new sheet; names are checked; a very hidden sheet cannot be activated', () => {
    const host = new FakeWpsHost();
    const wb = (host.application() as App).ActiveWorkbook;
    const s = wb.Worksheets.Add(undefined, wb.Worksheets.Item(1));
    expect(wb.ActiveSheet.Name).toBe(s.Name);
    expect(() => (s.Name = 'a/b')).toThrow(/名称/);
    expect(() => (s.Name = 'sheet1')).toThrow(/已存在/);
    s.Name = '状态';
    s.Visible = 2;
    expect(() => s.Activate()).toThrow(/隐藏/);
    expect(() => wb.Worksheets.Item('没有')).toThrow(/下标越界/);
  });

  it('members the add-in does not use are not modeled; edit mode rejects every call; members can be methods', () => {
    const host = new FakeWpsHost({ methods: ['Range.Value2'] });
    const ws = sheet1(host);
    expect(() => ws.Range('A1').Formula).toThrow(/does not model/);
    ws.Range('A1').Value2 = 'v';
    expect(typeof ws.Range('A1').Value2).toBe('function');
    expect(ws.Range('A1').Value2()).toBe('v');
    host.editing = true;
    expect(() => ws.Range('A1')).toThrow(/RPC_E_CALL_REJECTED/);
    host.editing = false;
    const app = host.application() as App;
    app.PluginStorage.setItem('k', 1);
    expect(app.PluginStorage.getItem('k')).toBe('1');
  });
});

describe('the WPS adapter on a WPS version where properties are methods', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('lays out, syncs and keeps its state all the same', async () => {
    const methods = ['Range.Value2', 'Range.Row', 'Range.Column', 'Rows.Count', 'Columns.Count', 'Sheets.Count', 'Worksheet.Name', 'Worksheet.UsedRange', 'Worksheet.ProtectContents', 'Workbook.Worksheets', 'Application.ActiveWorkbook', 'Range.NumberFormat'];
    const a = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅'), { host: 'wps', methods });
    const rep = await a.session.layout();
    const rows = await measureRows(a, rep.sheetName);
    expect([...rows.keys()].sort()).toEqual(['1.1', '1.2', '1.3', '1.4', '7.1']);
    a.fake.type(rep.sheetName, rows.get('1.1')!, colOf(a.fake, rep.sheetName, '进展情况'), '按计划推进。');
    expect(await a.session.sync()).toMatchObject({ accepted: 1, pending: 0 });
  });
});
