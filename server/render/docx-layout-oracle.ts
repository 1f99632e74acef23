// Test oracle only (docx-layout.test.ts): the .docx renderer as it was, the whole body built from the
// docx library's objects — correct but 30–60 s for the largest plan. docx-layout.ts writes the body
// as text; the test checks both give the same document.xml for every kind of layout.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeightRule,
  LineRuleType,
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
import { runLines, type FontSpec, type LayoutRow, type MarkedRun, type Merge, type SheetLayout } from '../../shared/layout/model';
import { continuationHeightPt, printedPages, textRows } from '../../shared/layout/paginate';
import { columnWidthPt } from '../../shared/layout/render-html';
import { CONTINUATION_LABEL, fontForRow } from '../../shared/layout/style';
import { CELL_PADDING_PT, LINE_FACTOR } from '../../shared/layout/text-height';
import { cleanText } from '../../shared/text/integrity';

const TWIPS_PER_MM = 1440 / 25.4;
const TWIPS_PER_PT = 20;
const PAPER_MM = { A3: { w: 297, h: 420 }, A4: { w: 210, h: 297 } } as const; // portrait; docx swaps for landscape
const PAGE_NUMBER_STYLE = 'FengongPageNumber';
const PAD_TWIPS = { tb: (CELL_PADDING_PT / 2) * TWIPS_PER_PT, lr: 60 };

function runFont(f: FontSpec) {
  const name = f.family[0];
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

type Align = 'left' | 'center' | 'right';
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

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

/**
 * Builds the .docx for a layout; the hidden key column is left out. `customProperties` go into the
 * document's properties (a Word template's keys: shared/workbook/document-keys.ts).
 */
export async function renderLayoutDocxWithLibrary(layout: SheetLayout, opts: { customProperties?: { name: string; value: string }[] } = {}): Promise<Buffer> {
  const { print, rows, headerRow, fonts } = layout;
  const paper = PAPER_MM[print.paper];
  const m = print.margins;
  const inch = (v: number) => Math.round(v * 1440);
  const pageWidthTwips = Math.round((print.orientation === 'landscape' ? paper.h : paper.w) * TWIPS_PER_MM);
  const avail = pageWidthTwips - inch(m.left) - inch(m.right);
  const visible = layout.columns.map((c, i) => (c.hidden ? -1 : i)).filter((i) => i >= 0);
  const needTwips = visible.reduce((s, i) => s + columnWidthPt(layout.columns[i].width) * TWIPS_PER_PT, 0);
  // Word has no fit-to-width: a layout wider than the page is scaled like Excel's fit-to-page (ours fit).
  const scale = Math.min(1, avail / needTwips);
  const colTwips = new Map(visible.map((i) => [i, Math.floor(columnWidthPt(layout.columns[i].width) * TWIPS_PER_PT * scale)]));
  const paged = layout.pageBreaks.length > 0;

  const master = new Map<string, Merge>();
  const covered = new Set<string>();
  for (const g of layout.merges) {
    master.set(`${g.top},${g.left}`, g);
    for (let r = g.top; r <= g.bottom; r++) for (let c = g.left; c <= g.right; c++) if (r !== g.top || c !== g.left) covered.add(`${r},${c}`);
  }

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

  // GB/T 9704: odd pages right, even pages left, one character from the edge; or centred.
  const footer = (align: Align) => {
    const text = align === 'right' ? ['— ', PageNumber.CURRENT, ' —\u3000'] : align === 'left' ? ['\u3000— ', PageNumber.CURRENT, ' —'] : ['— ', PageNumber.CURRENT, ' —'];
    return new Footer({ children: [new Paragraph({ style: PAGE_NUMBER_STYLE, alignment: ALIGN[align], children: [new TextRun({ children: text })] })] });
  };
  const f = fonts.pageNumber;
  const gbt = print.pageNumbers === 'gbt';
  const doc = new Document({
    creator: 'fengong',
    customProperties: opts.customProperties,
    title: rows.find((r) => r.kind === 'title')?.cells[0] ?? layout.sheetName,
    evenAndOddHeaderAndFooters: gbt,
    // The page number's font in a paragraph style: the PAGE field's result takes it (a run's own size does not reach it in LibreOffice).
    styles: { paragraphStyles: [{ id: PAGE_NUMBER_STYLE, name: 'Page Number', run: { font: runFont(f), size: Math.round(f.sizePt * 2) } }] },
    sections: [
      {
        properties: {
          page: {
            size: {
              orientation: print.orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
              width: Math.round(paper.w * TWIPS_PER_MM),
              height: Math.round(paper.h * TWIPS_PER_MM),
            },
            margin: { top: inch(m.top), bottom: inch(m.bottom), left: inch(m.left), right: inch(m.right), header: inch(m.header), footer: inch(m.footer) },
          },
        },
        headers: { default: new Header({ children: [] }), ...(gbt ? { even: new Header({ children: [] }) } : {}) },
        footers: gbt ? { default: footer('right'), even: footer('left') } : { default: footer('center') },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
