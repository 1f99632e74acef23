// The layout as a Word table (.docx) — the form offices attach to an official document: A3/A4
// landscape, title paragraphs, the header row repeated on every page (tableHeader), merged cells
// (vertical merges via rowSpan), 黑体 header, 仿宋 body, page numbers "— N —" centred in the footer.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { FontSpec, LayoutRow, Merge, SheetLayout } from '../../shared/layout/model';
import { fontForRow } from '../../shared/layout/style';
import { cleanText } from '../../shared/text/integrity';

const TWIPS_PER_MM = 1440 / 25.4;
const PAPER_MM = { A3: { w: 297, h: 420 }, A4: { w: 210, h: 297 } } as const; // portrait; docx swaps for landscape

function runFont(f: FontSpec) {
  const name = f.family[0];
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

function paragraphs(text: string, font: FontSpec, align: 'left' | 'center', sizeScale = 1): Paragraph[] {
  const lines = cleanText(text).replace(/\r\n?/g, '\n').split('\n'); // valid XML whatever was stored
  return lines.map(
    (line) =>
      new Paragraph({
        alignment: align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { before: 0, after: 0, line: 276 },
        children: [new TextRun({ text: line, font: runFont(font), size: Math.round(font.sizePt * 2 * sizeScale), bold: !!font.bold })],
      }),
  );
}

/**
 * Builds the .docx for a layout; the hidden key column is left out. `customProperties` go into the
 * document's properties (a Word template's keys: shared/workbook/document-keys.ts).
 */
export async function renderLayoutDocx(layout: SheetLayout, opts: { customProperties?: { name: string; value: string }[] } = {}): Promise<Buffer> {
  const paper = PAPER_MM[layout.print.paper];
  const m = layout.print.margins;
  const inch = (v: number) => Math.round(v * 1440);
  const pageWidthTwips = Math.round((layout.print.orientation === 'landscape' ? paper.h : paper.w) * TWIPS_PER_MM);
  const avail = pageWidthTwips - inch(m.left) - inch(m.right);
  const visible = layout.columns.map((c, i) => (c.hidden ? -1 : i)).filter((i) => i >= 0);
  const totalWidth = visible.reduce((s, i) => s + layout.columns[i].width, 0);
  const colTwips = new Map(visible.map((i) => [i, Math.floor((layout.columns[i].width / totalWidth) * avail)]));
  // Word has no fit-to-width: scale fonts the way Excel's fit-to-page would (Excel units → pt).
  const needPt = visible.reduce((s, i) => s + layout.columns[i].width * 5.25 + 6, 0);
  const scale = Math.min(1, avail / 20 / needPt);

  const master = new Map<string, Merge>();
  const covered = new Set<string>();
  for (const g of layout.merges) {
    master.set(`${g.top},${g.left}`, g);
    for (let r = g.top; r <= g.bottom; r++) for (let c = g.left; c <= g.right; c++) if (r !== g.top || c !== g.left) covered.add(`${r},${c}`);
  }

  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const tableRow = (row: LayoutRow, r: number): TableRow => {
    const font = fontForRow(layout.fonts, row);
    const cells: TableCell[] = [];
    for (const c of visible) {
      if (covered.has(`${r},${c}`)) continue;
      const g = master.get(`${r},${c}`);
      const span = g ? visible.filter((i) => i >= g.left && i <= g.right) : [c];
      const col = layout.columns[c];
      const align = row.kind === 'header' || row.kind === 'note' ? 'center' : col.align;
      cells.push(
        new TableCell({
          children: paragraphs(row.cells[c] ?? '', font, align, scale),
          columnSpan: span.length > 1 ? span.length : undefined,
          rowSpan: g && g.bottom > g.top ? g.bottom - g.top + 1 : undefined,
          width: { size: span.reduce((s, i) => s + (colTwips.get(i) ?? 0), 0), type: WidthType.DXA },
          verticalAlign: VerticalAlignTable.CENTER,
          margins: { left: 60, right: 60, top: 30, bottom: 30 },
          borders,
        }),
      );
    }
    const isHeader = r >= layout.print.repeatRows.first && r <= layout.print.repeatRows.last;
    return new TableRow({
      children: cells,
      tableHeader: isHeader,
      cantSplit: true,
      height: { value: 300, rule: HeightRule.ATLEAST },
    });
  };

  const before: Paragraph[] = [];
  const rows: TableRow[] = [];
  layout.rows.forEach((row, r) => {
    if (r < layout.headerRow) {
      const font = fontForRow(layout.fonts, row);
      before.push(...paragraphs(row.cells[0] ?? '', font, row.kind === 'title' ? 'center' : 'left'));
      if (row.kind === 'title') before.push(new Paragraph({ children: [] }));
    } else rows.push(tableRow(row, r));
  });

  const footerFont = layout.fonts.body;
  const doc = new Document({
    creator: 'fengong',
    customProperties: opts.customProperties,
    title: layout.rows.find((r) => r.kind === 'title')?.cells[0] ?? layout.sheetName,
    sections: [
      {
        properties: {
          page: {
            size: {
              orientation: layout.print.orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
              width: Math.round(paper.w * TWIPS_PER_MM),
              height: Math.round(paper.h * TWIPS_PER_MM),
            },
            margin: { top: inch(m.top), bottom: inch(m.bottom), left: inch(m.left), right: inch(m.right), header: inch(m.header), footer: inch(m.footer) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: runFont(footerFont), size: 28 })],
              }),
            ],
          }),
        },
        children: [
          ...before,
          new Table({
            rows,
            layout: TableLayoutType.FIXED,
            width: { size: avail, type: WidthType.DXA },
            columnWidths: visible.map((i) => colTwips.get(i) ?? 0),
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
