// The file reader: dispatch by content, and clear errors for files that are not a 分工表.
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/messages';
import { readPlanFile } from './read-plan-file';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'no error';
}

const TABLE = '序号\t主要任务\t具体举措\t责任单位\n1\t建设任务\t推进工作。\t省教育厅负责\n';

describe('readPlanFile', () => {
  it('reads GB18030-encoded text as offices often save it', async () => {
    const gbk = Buffer.from(
      'd0f2bac509d6f7d2aac8cecef109bedfcce5bed9b4eb09d4f0c8ceb5a5cebb0a3109bda8c9e8c8cecef109cdc6bdf8203230323020c4eab9a4d7f7a1a309caa1bdccd3fdccfcb8bad4f00a',
      'hex',
    );
    const { plan } = await readPlanFile(gbk, '分工表.txt');
    expect(plan.tasks[0].measures[0]).toMatchObject({ text: '推进2020年工作。', assignments: [expect.objectContaining({ unitId: '省教育厅' })] });
  });

  it('trusts content over the name: a text table named .txt works, one named .xlsx is refused', async () => {
    expect((await readPlanFile(Buffer.from(TABLE), 'a.txt')).counts).toEqual({ tasks: 1, measures: 1, assignments: 1 });
    expect(await codeOf(readPlanFile(Buffer.from(TABLE), 'a.xlsx'))).toBe('UNREADABLE_FILE');
    expect(await codeOf(readPlanFile(Buffer.from(TABLE), 'a.csv'))).toBe('CSV_NOT_SUPPORTED');
  });

  it('refuses empty, huge, image, legacy and encrypted files with their own codes', async () => {
    expect(await codeOf(readPlanFile(Buffer.alloc(0), 'a.xlsx'))).toBe('EMPTY_FILE');
    expect(await codeOf(readPlanFile(Buffer.alloc(21 * 1024 * 1024, 0x20), 'a.txt'))).toBe('FILE_TOO_LARGE');
    expect(await codeOf(readPlanFile(Buffer.from('%PDF-1.7\n...'), 'a.docx'))).toBe('UNSUPPORTED_FILE');
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await codeOf(readPlanFile(cfb, 'old.xls'))).toBe('XLS_NOT_SUPPORTED');
    expect(await codeOf(readPlanFile(cfb, 'locked.xlsx'))).toBe('ENCRYPTED_FILE');
    expect(await codeOf(readPlanFile(Buffer.from([0, 1, 2, 3, 0, 0xff]), 'blob.bin'))).toBe('UNSUPPORTED_FILE');
  });

  it('refuses zip bombs without inflating them, and zips that are not Office files', async () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 6000; i++) many[`f${i}.txt`] = new Uint8Array([65]);
    expect(await codeOf(readPlanFile(Buffer.from(zipSync(many)), 'bomb.xlsx'))).toBe('ZIP_BOMB');
    // A central directory that claims 4 GB for one entry.
    const zip = Buffer.from(zipSync({ 'xl/workbook.xml': new Uint8Array(10) }));
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(0xfffffff0, cd + 24);
    expect(await codeOf(readPlanFile(zip, 'bomb.xlsx'))).toBe('ZIP_BOMB');
    expect(await codeOf(readPlanFile(Buffer.from(zipSync({ 'readme.txt': new Uint8Array([65]) })), 'x.docx'))).toBe('UNSUPPORTED_FILE');
    expect(await codeOf(readPlanFile(Buffer.from(zipSync({ 'xl/workbook.xml': new Uint8Array([60]) })), 'x.xlsx'))).toBe('UNREADABLE_FILE');
  });

  it('.xlsx: takes the sheet that holds the table, and reports formula cells taken as their value', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填表说明：请按任务填写。']);
    const ws = wb.addWorksheet('分工表');
    ws.addRow(['2026年重点任务分工表']);
    ws.addRow(['序号', '主要任务', '具体举措', '责任单位']);
    ws.addRow([1, '建设任务', '推进工作。', { formula: 'D9', result: '省教育厅、省财政厅分别负责' }]);
    const { plan } = await readPlanFile(Buffer.from(await wb.xlsx.writeBuffer()), 'plan.xlsx');
    expect(plan.title).toBe('2026年重点任务分工表');
    expect(plan.tasks[0].measures[0].assignments.map((a) => a.unitId)).toEqual(['省教育厅', '省财政厅']);
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'FORMULA_CELL', text: '省教育厅、省财政厅分别负责' })]);
    expect(plan.warnings[0].message).toContain('D3');
  });
});
