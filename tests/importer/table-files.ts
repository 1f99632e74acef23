// Builds .xlsx and .docx forms of a 分工表 for tests, the way offices make them: a title, a header
// row, 序号/主要任务 cells merged down their measures, paragraphs (line breaks) inside cells.
import ExcelJS from 'exceljs';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { txtToGrid } from '../../shared/importer';
import type { Plan } from '../../shared/model/plan';

export interface LayoutCell {
  paras: string[];
  rowSpan?: number;
}
/** Rows of cells; a cell covered by a rowSpan above is omitted from its row. */
export type Layout = Array<Array<LayoutCell | null>>;

export const HEADER = ['序号', '主要任务', '具体举措', '责任单位'];

/**
 * The source's own structure (one row per source row, several paragraphs per cell, artefacts and
 * all); continuation rows get their 序号/主要任务 merged from above, as a person would in Excel.
 */
export function layoutFromSource(txt: string): Layout {
  const rows = txtToGrid(txt).rows.filter((r) => r.length >= 4 && r[0].paras.join('') !== '序号');
  const layout: Layout = [];
  rows.forEach((r, i) => {
    const isContinuation = r[0].paras.length === 0;
    let span = 1;
    while (rows[i + span] && rows[i + span][0].paras.length === 0) span++;
    const lead = (c: number): LayoutCell | null => (isContinuation ? null : { paras: r[c].paras, rowSpan: span });
    layout.push([lead(0), lead(1), { paras: r[2].paras }, { paras: r[3].paras }]);
  });
  return layout;
}

/** One measure per row; a 责任单位 shared by all the task's measures is one merged cell. */
export function layoutPerMeasure(plan: Plan): Layout {
  const layout: Layout = [];
  for (const t of plan.tasks) {
    const n = t.measures.length;
    const shared = t.measures.every((m) => m.unitsText === t.measures[0].unitsText);
    t.measures.forEach((m, i) => {
      const first = i === 0;
      layout.push([
        first ? { paras: [t.no], rowSpan: n } : null,
        first ? { paras: [t.title], rowSpan: n } : null,
        { paras: [m.text] },
        shared ? (first ? { paras: m.unitsText.split('\n'), rowSpan: n } : null) : { paras: m.unitsText.split('\n') },
      ]);
    });
  }
  return layout;
}

export async function layoutToXlsx(title: string, layout: Layout, opts: { headerRow?: number } = {}): Promise<Buffer> {
  const headerRow = opts.headerRow ?? 3;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分工表');
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 60 }, { width: 30 }];
  ws.getCell(1, 1).value = title;
  ws.mergeCells(1, 1, 1, 4);
  if (headerRow > 2) ws.getCell(2, 1).value = '（按任务序号排列）';
  HEADER.forEach((h, c) => (ws.getCell(headerRow, c + 1).value = h));
  layout.forEach((row, i) => {
    const r = headerRow + 1 + i;
    row.forEach((cell, c) => {
      if (!cell) return;
      const target = ws.getCell(r, c + 1);
      target.value = /^\d+$/.test(cell.paras.join('')) && c === 0 ? Number(cell.paras.join('')) : cell.paras.join('\n');
      target.alignment = { wrapText: true, vertical: 'middle' };
      if ((cell.rowSpan ?? 1) > 1) ws.mergeCells(r, c + 1, r + (cell.rowSpan ?? 1) - 1, c + 1);
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function layoutToDocx(title: string, layout: Layout): Promise<Buffer> {
  const cellOf = (paras: string[], rowSpan?: number) =>
    new TableCell({
      children: (paras.length ? paras : ['']).map((p) => new Paragraph({ children: [new TextRun(p)] })),
      rowSpan,
      width: { size: 25, type: WidthType.PERCENTAGE },
    });
  const header = new TableRow({ tableHeader: true, children: HEADER.map((h) => cellOf([h])) });
  // docx wants the covered cells of a vertical merge to be absent; it writes w:vMerge itself.
  const rows = layout.map((row) => new TableRow({ children: row.filter((c): c is LayoutCell => c !== null).map((c) => cellOf(c.paras, c.rowSpan)) }));
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: title, bold: true })] }),
          new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** What must come out the same whatever the file type. */
export function planSummary(plan: Plan) {
  return {
    title: plan.title,
    tasks: plan.tasks.map((t) => ({
      no: t.no,
      title: t.title,
      measures: t.measures.map((m) => ({
        key: m.key,
        no: m.no,
        text: m.text,
        units: m.assignments.map((a) => `${a.unitId}:${a.role}:${a.group}`),
        openGroups: m.openGroups,
        eachOwnPart: m.eachOwnPart,
      })),
    })),
    units: plan.units.map((u) => `${u.name}:${u.kind}`).sort(),
    warnings: plan.warnings.map((w) => `${w.code}:${w.taskNo ?? ''}:${w.measureNo ?? ''}`),
  };
}
