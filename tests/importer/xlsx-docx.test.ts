// The same table as .xlsx and .docx, built here from the reference, imports to the same plan.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../server/readers/read-plan-file';
import { REFERENCE_TABLE_PATH, importReferenceTable } from '../../server/readers/reference-plan';
import { layoutFromSource, layoutPerMeasure, layoutToDocx, layoutToXlsx, planSummary } from './table-files';

const txt = readFileSync(REFERENCE_TABLE_PATH, 'utf8');
const reference = importReferenceTable();
const expected = planSummary(reference.plan);
const TITLE = reference.plan.title;

describe('.xlsx forms of the reference table', () => {
  it('one measure per row, title rows, header in row 3, merged 序号/主要任务/责任单位', async () => {
    const buf = await layoutToXlsx(TITLE, layoutPerMeasure(reference.plan));
    // The file really has the office shape: merged task cells down their measures.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A3').value).toBe('序号');
    expect(ws.getCell('B7').isMerged && ws.getCell('B7').master.address).toBe('B4');
    const got = await readPlanFile(buf, '分工表.xlsx');
    expect(planSummary(got.plan)).toEqual(expected);
    expect(got.counts).toEqual(reference.counts);
  });

  it('several paragraphs per cell (line breaks), artefacts as in the source, continuation rows merged', async () => {
    const buf = await layoutToXlsx(TITLE, layoutFromSource(txt));
    const got = await readPlanFile(buf, 'table.xlsx');
    expect(planSummary(got.plan)).toEqual(expected);
  });

  it('finds the header row lower down, under several title rows', async () => {
    const buf = await layoutToXlsx(TITLE, layoutPerMeasure(reference.plan), { headerRow: 6 });
    const got = await readPlanFile(buf, 'x.xlsx');
    expect(planSummary(got.plan)).toEqual(expected);
  });
});

describe('.docx forms of the reference table', () => {
  it('a Word table with paragraphs in cells and vertically merged 序号/主要任务', async () => {
    const buf = await layoutToDocx(TITLE, layoutFromSource(txt));
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const got = await readPlanFile(buf, '分工表.docx');
    expect(planSummary(got.plan)).toEqual(expected);
  });

  it('a Word table with one measure per row and merged 责任单位 cells', async () => {
    const buf = await layoutToDocx(TITLE, layoutPerMeasure(reference.plan));
    const got = await readPlanFile(buf, '分工表.docx');
    expect(planSummary(got.plan)).toEqual(expected);
    expect(got.counts).toEqual({ tasks: 26, measures: 49, assignments: 137 });
  });
});
