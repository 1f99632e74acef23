// Hostile or broken files, built here for real, posted to the merge endpoint: each is refused with a
// clear error code (4xx for a single file, a per-file report in a batch) and the store stays exactly
// as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { Document, Packer, Paragraph } from 'docx';
import { startTestServer, type TestServer } from '../helpers/server';
import { decodeRowKey } from '../../shared/layout/keys';
import { CONTENT_TYPES, WORKBOOK, zipBomb } from '../helpers/zip-bomb';
import { loadWb, postMerge, storeSnapshot, templateFor, toBuffer, writeSheets } from './helpers';

let s: TestServer;
let snap: string;
beforeAll(async () => {
  s = await startTestServer();
  snap = await storeSnapshot(s);
});
afterAll(async () => {
  await s?.close();
});

async function rejects(name: string, bytes: Uint8Array, code: string) {
  const r = await postMerge(s, [{ name, bytes }]);
  expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(r.body.error).toMatchObject({ code });
  expect(r.body.error!.message.length).toBeGreaterThan(3);
  expect(await storeSnapshot(s)).toBe(snap);
  return r.body.error as { code: string; message: string };
}

/** An OLE compound file holding streams of these names (directory entries are UTF-16LE). */
function oleWith(...streams: string[]): Buffer {
  const ole = Buffer.alloc(2048);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  Buffer.from('Root Entry', 'utf16le').copy(ole, 1024);
  streams.forEach((n, i) => Buffer.from(n, 'utf16le').copy(ole, 1152 + i * 128));
  return ole;
}


/** Adds XML to the first sheet of a real workbook (before </worksheet>). */
async function withSheetXml(extra: string): Promise<Uint8Array> {
  const bytes = await writeSheets([{ name: '枣庄市政府', rows: [['序号', '具体举措', '进展情况'], ['23.2', '举措', '已完成']] }]);
  const files = unzipSync(bytes);
  const xml = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
  files['xl/worksheets/sheet1.xml'] = strToU8(xml.replace('</worksheet>', `${extra}</worksheet>`));
  return zipSync(files);
}

describe('hostile and broken files', () => {
  it('a zip bomb (inflated size over the cap, headers lying about sizes) is stopped while inflating', async () => {
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await rejects('bomb.xlsx', bomb, 'ZIP_BOMB');
  });

  it('a zip with too many entries', async () => {
    const files: Record<string, Uint8Array> = { '[Content_Types].xml': strToU8(CONTENT_TYPES), 'xl/workbook.xml': strToU8(WORKBOOK) };
    for (let i = 0; i < 3000; i++) files[`xl/x/${i}.xml`] = strToU8('<a/>');
    await rejects('many.xlsx', zipSync(files), 'ZIP_BOMB');
  });

  it('a huge sheet (rows counted from the XML, the dimension claiming one cell)', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 150_000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`);
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>${rows.join('')}</sheetData></worksheet>`;
    const zip = zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), 'xl/workbook.xml': strToU8(WORKBOOK), 'xl/worksheets/sheet1.xml': strToU8(sheet) });
    await rejects('huge.xlsx', zip, 'SHEET_TOO_LARGE');
  });

  it('validations, conditional formats and merges over whole columns are not data: the cells within the bounds are read', async () => {
    const dv = '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="C1:C1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>';
    const cf = '<conditionalFormatting sqref="A:XFD"><cfRule type="expression" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>';
    const merge = '<mergeCells count="1"><mergeCell ref="D1:XFD1048576"/></mergeCells>';
    // (a merge filled over D1:XFD1048576 would be 17 billion cells: the reader stops at the sheet's cells)
    const r = await postMerge(s, [{ name: 'rules.xlsx', bytes: await withSheetXml(dv + cf + merge) }]);
    expect(r.status).toBe(200);
    const f = r.body.files[0];
    expect(f).toMatchObject({ ok: true, unitId: '枣庄市人民政府' });
    // 23.2 is not one of 枣庄's measures: the filled row is reported with its text, not dropped.
    expect(f.unmatchedRows).toEqual([expect.objectContaining({ row: 2, no: '23.2', text: expect.stringContaining('已完成') })]);
    expect(await storeSnapshot(s)).toBe(snap);
  });

  it('encrypted, .xls, CSV, Word and junk renamed to .xlsx get clear errors', async () => {
    await rejects('secret.xlsx', oleWith('EncryptionInfo', 'EncryptedPackage'), 'ENCRYPTED_FILE');

    await rejects('table.xlsx', Buffer.from('序号,具体举措,进展情况\n1.1,加快建设,已开工\n', 'utf8'), 'CSV_NOT_SUPPORTED');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('进展情况')] }] }));
    await rejects('word.xlsx', docx, 'NO_REPORT_TABLE'); // a Word document is read: it has no table
    await rejects('junk.xlsx', Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 0, 7]), 'NOT_A_WORKBOOK');
    await rejects('empty.xlsx', Buffer.alloc(0), 'EMPTY_FILE');
    await rejects('plain.xlsx', await writeSheets([{ name: 'S', rows: [['会议纪要'], ['今年工作很好']] }]), 'NO_REPORT_TABLE');
    await rejects('cut.xlsx', (await writeSheets([{ name: 'S', rows: [['a']] }])).subarray(0, 300), 'UNREADABLE_FILE');
  }, 60_000);

  it('without LibreOffice on the server, .xls / .et / .ods / .doc are refused with what to install', async () => {
    const saved = process.env.FENGONG_SOFFICE;
    process.env.FENGONG_SOFFICE = ''; // as on a server without LibreOffice
    try {
      const xls = await rejects('old.xls', oleWith('Workbook', 'SummaryInformation'), 'XLS_NOT_SUPPORTED');
      expect(xls.message).toMatch(/另存为 \.xlsx.*LibreOffice.*apt-get install libreoffice-calc-nogui/);
      expect((await rejects('wps.et', oleWith('Workbook'), 'XLS_NOT_SUPPORTED')).message).toMatch(/\.et/);
      expect((await rejects('old.doc', oleWith('WordDocument', '1Table'), 'FORMAT_NOT_SUPPORTED')).message).toMatch(/\.doc.*LibreOffice/);
      const ods = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8('<x/>') });
      expect((await rejects('table.ods', ods, 'FORMAT_NOT_SUPPORTED')).message).toMatch(/\.ods/);
    } finally {
      if (saved === undefined) delete process.env.FENGONG_SOFFICE;
      else process.env.FENGONG_SOFFICE = saved;
    }
  });

  it('an oversized upload is refused with 413', async () => {
    const r = await postMerge(s, [{ name: 'big.xlsx', bytes: new Uint8Array(26 * 1024 * 1024) }]);
    expect(r.status).toBe(413);
    expect(r.body.error?.code).toBe('FILE_TOO_LARGE');
    expect(await storeSnapshot(s)).toBe(snap);
  });

  it('a request without a file is a clear 400', async () => {
    const r = await fetch(`${s.url}/api/periods/${s.periodId}/merge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.coordinatorCode}`, 'content-type': 'application/json' },
      body: '{"files":[]}',
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('NO_FILES');
    const empty = await postMerge(s, []);
    expect(empty.status).toBe(400);
    expect(empty.body.error?.code).toBe('NO_FILES');
  });

  it('in a batch, a bad file is reported and the good one still merges', async () => {
    const wb = await loadWb(await templateFor(s, '省水利厅'));
    const ws = wb.worksheets[0];
    ws.getCell('F5').value = '除险加固工程完成80%。';
    const key = decodeRowKey(ws.getCell('J5').value)!;
    const r = await postMerge(s, [
      { name: 'junk.xlsx', bytes: Buffer.from('not a workbook at all, just text\n') },
      { name: '水利厅.xlsx', bytes: await toBuffer(wb) },
    ]);
    expect(r.body.files.map((f) => [f.ok, f.error?.code ?? null])).toEqual([
      [false, 'CSV_NOT_SUPPORTED'],
      [true, null],
    ]);
    expect((await s.field(key.measureKey, '省水利厅', 'progress'))?.value).toBe('除险加固工程完成80%。');
  });
});
