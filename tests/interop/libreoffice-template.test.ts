// An offline template filled and re-written by LibreOffice (as a unit using LibreOffice or a WPS
// that saves through the same filters would) merges back through the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { decodeRowKey } from '../../shared/layout/keys';
import { loadWb, postMerge, sofficeConvert, templateFor, toBuffer } from '../workbooks/helpers';

const UNIT = '省交通运输厅';
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('offline template through LibreOffice', () => {
  it('survives a LibreOffice round trip (LibreOffice re-writes the filled file)', async () => {
    const wb = await loadWb(await templateFor(s, UNIT));
    const ws = wb.worksheets[0];
    const key = decodeRowKey(ws.getCell('J9').value)!;
    ws.getCell('F9').value = '港口集疏运体系规划已印发。';
    ws.getCell('E9').value = '已完成';
    const viaLibreOffice = sofficeConvert(await toBuffer(wb), 'xlsx', 'xlsx:Calc MS Excel 2007 XML');
    const r = await postMerge(s, [{ name: 'lo.xlsx', bytes: viaLibreOffice }]);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, kind: 'template', unitId: UNIT });
    expect(f.counts).toMatchObject({ merged: 2, conflicts: 0, ignoredCells: 0, unmatchedRows: 0 });
    expect((await s.field(key.measureKey, UNIT, 'progress'))?.value).toBe('港口集疏运体系规划已印发。');
    expect((await s.field(key.measureKey, UNIT, 'status'))?.value).toBe('已完成');
  });

  it('a template saved as a real .xls (Excel 97–2003) is converted by the service and merges by its keys', async () => {
    // (without LibreOffice on the server it is refused with what to install: tests/workbooks/hostile.test.ts)
    const wb = await loadWb(await templateFor(s, UNIT));
    const ws = wb.worksheets[0];
    const key = decodeRowKey(ws.getCell('J8').value)!;
    ws.getCell('F8').value = '机场改扩建工程可研已批复。';
    const xls = sofficeConvert(await toBuffer(wb), 'xlsx', 'xls');
    const r = await postMerge(s, [{ name: 'old.xls', bytes: xls }]);
    expect(r.body.files[0]).toMatchObject({ ok: true, kind: 'template', convertedFrom: 'xls', unitId: UNIT, counts: { merged: 1, conflicts: 0 } });
    expect((await s.field(key.measureKey, UNIT, 'progress'))?.value).toBe('机场改扩建工程可研已批复。');
  });
});
