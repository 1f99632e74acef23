// Test oracle only (server/render/docx-layout.test.ts, the export-stall bench): the .docx body as
// it was, built from the docx library's objects — correct but 30–60 s for the largest plan.
// docx-layout.ts writes the body as text; the test checks both give the same document.xml for
// every kind of layout. The geometry and the package around the body are docx-layout.ts's own.
import {
  AlignmentType,
  BorderStyle,
  HeightRule,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { runLines, type FontSpec, type LayoutRow, type MarkedRun, type SheetLayout } from '../../shared/layout/model';
import { continuationHeightPt, printedPages, textRows } from '../../shared/layout/paginate';
import { CONTINUATION_LABEL, fontForRow } from '../../shared/layout/style';
import { LINE_FACTOR } from '../../shared/layout/text-height';
import { cleanText } from '../../shared/text/integrity';
import { ALIGN, docxGeometry, docxPackage, PAD_TWIPS, runFont, TWIPS_PER_PT, type Align, type DocxOptions } from '../../server/render/docx-layout';

/** Paragraphs of a text at exact line pitch (as the height estimate counts lines). */
/** A cell's or text row's paragraphs, one per line; marked runs (本期新增) underlined. */
function paragraphs(text: string | readonly MarkedRun[], font: FontSpec, align: Align, scale = 1, extra: { pageBreakBefore?: boolean; pad?: number } = {}): Paragraph[] {
  const lines = runLines(typeof text === 'string' ? [{ text, isNew: false }] : text);
  const size = font.sizePt * scale;
  return lines.map(
    (line, i) =>
      new Paragraph({
        alignment: ALIGN[align],
        pageBreakBefore: i === 0 ? extra.pageBreakBefore : undefined,
        spacing: {
          before: i === 0 ? extra.pad ?? 0 : 0,
          after: i === lines.length - 1 ? extra.pad ?? 0 : 0,
          line: Math.round(size * LINE_FACTOR * TWIPS_PER_PT),
          lineRule: LineRuleType.EXACT,
        },
        // valid XML whatever was stored
        children: (line.length ? line : [{ text: '', isNew: false }]).map(
          (r) => new TextRun({ text: cleanText(r.text), font: runFont(font), size: Math.round(size * 2), bold: !!font.bold, underline: r.isNew ? {} : undefined }),
        ),
      }),
  );
}

/** The library-built .docx of a layout (what renderLayoutDocx gave before it wrote the body as text). */
export async function renderLayoutDocxWithLibrary(layout: SheetLayout, opts: DocxOptions = {}): Promise<Buffer> {
  const { rows, headerRow, fonts } = layout;
  const { scale, visible, colTwips, paged, master, covered } = docxGeometry(layout);

  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const tableRow = (row: LayoutRow, r: number): TableRow => {
    const font = fontForRow(fonts, row);
    const cells: TableCell[] = [];
    for (const c of visible) {
      if (covered.has(`${r},${c}`)) continue;
      const g = master.get(`${r},${c}`);
      const span = g ? visible.filter((i) => i >= g.left && i <= g.right) : [c];
      const align = row.kind === 'header' || row.kind === 'note' ? 'center' : layout.columns[c].align;
      cells.push(
        new TableCell({
          children: paragraphs(row.runs?.[c] ?? row.cells[c] ?? '', font, align, scale),
          columnSpan: span.length > 1 ? span.length : undefined,
          rowSpan: g && g.bottom > g.top ? g.bottom - g.top + 1 : undefined,
          width: { size: span.reduce((s, i) => s + (colTwips.get(i) ?? 0), 0), type: WidthType.DXA },
          verticalAlign: VerticalAlignTable.CENTER,
          margins: { left: PAD_TWIPS.lr, right: PAD_TWIPS.lr, top: PAD_TWIPS.tb, bottom: PAD_TWIPS.tb },
          borders,
        }),
      );
    }
    return new TableRow({
      children: cells,
      tableHeader: r === headerRow,
      cantSplit: true,
      height: { value: Math.round((paged ? row.heightPt * scale : 15) * TWIPS_PER_PT), rule: HeightRule.ATLEAST },
    });
  };
  const table = (body: number[]) =>
    new Table({
      rows: [tableRow(rows[headerRow], headerRow), ...body.map((r) => tableRow(rows[r], r))],
      layout: TableLayoutType.FIXED,
      width: { size: visible.reduce((s, i) => s + (colTwips.get(i) ?? 0), 0), type: WidthType.DXA },
      columnWidths: visible.map((i) => colTwips.get(i) ?? 0),
      alignment: AlignmentType.CENTER,
    });
  const textRow = (row: LayoutRow) => {
    const align: Align = row.kind === 'title' || row.kind === 'subtitle' ? 'center' : 'left';
    return paragraphs(row.cells[0] ?? '', fontForRow(fonts, row), align, scale, { pad: PAD_TWIPS.tb });
  };

  // Page by page: the text above the table on page 1, below it after the last.
  const children: (Paragraph | Table)[] = [];
  for (const page of printedPages(layout)) {
    if (page.first) textRows(layout, 'above').forEach((r) => children.push(...textRow(rows[r])));
    else {
      const pad = ((continuationHeightPt(layout) - fonts.continuation.sizePt * LINE_FACTOR) / 2) * TWIPS_PER_PT;
      children.push(...paragraphs(CONTINUATION_LABEL, fonts.continuation, 'left', scale, { pageBreakBefore: true, pad }));
    }
    children.push(table(page.tableRows));
    if (page.last) textRows(layout, 'below').forEach((r) => children.push(...textRow(rows[r])));
  }

  return Packer.toBuffer(docxPackage(layout, opts, children));
}
