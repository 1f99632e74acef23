// The layout as a Word document (.docx) — the form offices attach to an official document: A3/A4
// landscape, the 附件 mark, the title and （截至…） on page 1; a paged layout as one table per page,
// each later page headed 续表 (a new page before it), every table with its header row (also marked
// as repeating, should Word's pages come out shorter than computed); rows at least their estimated
// heights with exact line spacing, so pages fill as laid out; merged cells (rowSpan); 黑体 header,
// 仿宋 body at their standard sizes; page numbers "— N —" in 四号 宋体, odd pages right and even
// left (GB/T 9704) or centred; the 说明 after the table.
//
// The body (paragraphs and tables) is written as WordprocessingML text here, the same markup the
// docx library writes for it; the library builds the rest of the package (styles, footers,
// properties, settings). Built through the library's objects, the body of the largest plan (8,000
// rows, 100,000 paragraphs) took 30–60 s and most of it in garbage collection; as text, well under
// a second (docs/rules.md "Bounds").
import { strToU8, unzipSync } from 'fflate';
import {
  AlignmentType,
  Document,
  type FileChild,
  Footer,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
} from 'docx';
import { runLines, type FontSpec, type LayoutRow, type MarkedRun, type Merge, type SheetLayout } from '../../shared/layout/model';
import { continuationHeightPt, printedPages, textRows } from '../../shared/layout/paginate';
import { columnWidthPt } from '../../shared/layout/render-html';
import { CONTINUATION_LABEL, fontForRow } from '../../shared/layout/style';
import { CELL_PADDING_PT, LINE_FACTOR } from '../../shared/layout/text-height';
import { cleanText } from '../../shared/text/integrity';
import { zipDeflated } from './zip-native';

const TWIPS_PER_MM = 1440 / 25.4;
export const TWIPS_PER_PT = 20;
const PAPER_MM = { A3: { w: 297, h: 420 }, A4: { w: 210, h: 297 } } as const; // portrait; docx swaps for landscape
const PAGE_NUMBER_STYLE = 'FengongPageNumber';
export const PAD_TWIPS = { tb: (CELL_PADDING_PT / 2) * TWIPS_PER_PT, lr: 60 };

export function runFont(f: FontSpec) {
  const name = f.family[0];
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

export type Align = 'left' | 'center' | 'right';
export const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

const escText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A run's properties for a font at a size (half-points), marked or not: one string per kind, reused. */
function runProps(font: FontSpec, size: number, underline: boolean): string {
  const name = escText(font.family[0]);
  const bold = font.bold ? '<w:b/><w:bCs/>' : '<w:b w:val="false"/><w:bCs w:val="false"/>';
  return `<w:rPr><w:rFonts w:ascii="${name}" w:cs="${name}" w:eastAsia="${name}" w:hAnsi="${name}"/>${bold}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>${underline ? '<w:u w:val="single"/>' : ''}</w:rPr>`;
}

/** A cell's or text row's paragraphs, one per line at exact line pitch (as the height estimate counts lines); marked runs (本期新增) underlined. */
function paragraphs(text: string | readonly MarkedRun[], font: FontSpec, align: Align, scale = 1, extra: { pageBreakBefore?: boolean; pad?: number } = {}): string {
  const lines = runLines(typeof text === 'string' ? [{ text, isNew: false }] : text);
  const size = font.sizePt * scale;
  const half = Math.round(size * 2);
  const plain = runProps(font, half, false);
  const marked = runProps(font, half, true);
  const line = Math.round(size * LINE_FACTOR * TWIPS_PER_PT);
  const pad = extra.pad ?? 0;
  let out = '';
  lines.forEach((runs, i) => {
    const before = i === 0 ? pad : 0;
    const after = i === lines.length - 1 ? pad : 0;
    out += `<w:p><w:pPr>${i === 0 && extra.pageBreakBefore ? '<w:pageBreakBefore/>' : ''}<w:spacing w:after="${after}" w:before="${before}" w:line="${line}" w:lineRule="exact"/><w:jc w:val="${align}"/></w:pPr>`;
    // valid XML whatever was stored
    for (const r of runs.length ? runs : [{ text: '', isNew: false }]) out += `<w:r>${r.isNew ? marked : plain}<w:t xml:space="preserve">${escText(cleanText(r.text))}</w:t></w:r>`;
    out += '</w:p>';
  });
  return out;
}

const BORDER = '<w:tcBorders><w:top w:val="single" w:color="000000" w:sz="4"/><w:left w:val="single" w:color="000000" w:sz="4"/><w:bottom w:val="single" w:color="000000" w:sz="4"/><w:right w:val="single" w:color="000000" w:sz="4"/></w:tcBorders>';
const CELL_MARGINS = `<w:tcMar><w:top w:type="dxa" w:w="${PAD_TWIPS.tb}"/><w:left w:type="dxa" w:w="${PAD_TWIPS.lr}"/><w:bottom w:type="dxa" w:w="${PAD_TWIPS.tb}"/><w:right w:type="dxa" w:w="${PAD_TWIPS.lr}"/></w:tcMar>`;
const TABLE_BORDERS =
  '<w:tblBorders><w:top w:val="single" w:color="auto" w:sz="4"/><w:left w:val="single" w:color="auto" w:sz="4"/><w:bottom w:val="single" w:color="auto" w:sz="4"/><w:right w:val="single" w:color="auto" w:sz="4"/><w:insideH w:val="single" w:color="auto" w:sz="4"/><w:insideV w:val="single" w:color="auto" w:sz="4"/></w:tblBorders>';
/** Stands in the library's document for the body written here. */
const BODY_MARKER = 'FENGONG-DOCX-BODY';

/** What both the body and the package need: paper, margins, the printed columns and their widths, merges. */
export function docxGeometry(layout: SheetLayout) {
  const { print } = layout;
  const paper = PAPER_MM[print.paper];
  const m = print.margins;
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
  return { scale, visible, colTwips, paged, master, covered };
}

const inch = (v: number) => Math.round(v * 1440);

/**
 * Builds the .docx for a layout; the hidden key column is left out. `customProperties` go into the
 * document's properties (a Word template's keys: shared/workbook/document-keys.ts).
 */
export async function renderLayoutDocx(layout: SheetLayout, opts: DocxOptions = {}): Promise<Buffer> {
  const { rows, headerRow, fonts } = layout;
  const { scale, visible, colTwips, paged, master, covered } = docxGeometry(layout);

  /** Continuation cells of vertical merges, by row: column → the merge's span (Word wants a cell in every row it covers). */
  const continues = new Map<number, Map<number, number>>();
  for (const g of layout.merges) {
    if (g.bottom <= g.top) continue;
    const span = visible.filter((i) => i >= g.left && i <= g.right).length;
    for (let r = g.top + 1; r <= g.bottom; r++) {
      let m = continues.get(r);
      if (!m) continues.set(r, (m = new Map()));
      m.set(g.left, span);
    }
  }
  const continueCell = (span: number) => `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}<w:vMerge w:val="continue"/>${BORDER}</w:tcPr><w:p/></w:tc>`;

  /** A table row; `first`: the first row of its table (a vertical merge cut at a page starts anew there). */
  const tableRow = (row: LayoutRow, r: number, first: boolean): string => {
    const font = fontForRow(fonts, row);
    const height = Math.round((paged ? row.heightPt * scale : 15) * TWIPS_PER_PT);
    let out = `<w:tr><w:trPr><w:cantSplit/>${r === headerRow ? '<w:tblHeader/>' : '<w:tblHeader w:val="false"/>'}<w:trHeight w:val="${height}" w:hRule="atLeast"/></w:trPr>`;
    const cont = first ? undefined : continues.get(r);
    for (const c of visible) {
      const span = cont?.get(c);
      if (span !== undefined) {
        out += continueCell(span);
        continue;
      }
      if (covered.has(`${r},${c}`)) continue;
      const g = master.get(`${r},${c}`);
      const cols = g ? visible.filter((i) => i >= g.left && i <= g.right) : [c];
      const align = row.kind === 'header' || row.kind === 'note' ? 'center' : layout.columns[c].align;
      const width = cols.reduce((s, i) => s + (colTwips.get(i) ?? 0), 0);
      out += `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${cols.length > 1 ? `<w:gridSpan w:val="${cols.length}"/>` : ''}${g && g.bottom > g.top ? '<w:vMerge w:val="restart"/>' : ''}${BORDER}${CELL_MARGINS}<w:vAlign w:val="center"/></w:tcPr>`;
      out += paragraphs(row.runs?.[c] ?? row.cells[c] ?? '', font, align, scale);
      out += '</w:tc>';
    }
    return out + '</w:tr>';
  };
  const tableWidth = visible.reduce((s, i) => s + (colTwips.get(i) ?? 0), 0);
  const tablePr = `<w:tblPr><w:tblW w:type="dxa" w:w="${tableWidth}"/><w:jc w:val="center"/>${TABLE_BORDERS}<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${visible.map((i) => `<w:gridCol w:w="${colTwips.get(i) ?? 0}"/>`).join('')}</w:tblGrid>`;
  const table = (body: number[]): string => {
    const parts = [`<w:tbl>${tablePr}`, tableRow(rows[headerRow], headerRow, true)];
    body.forEach((r, i) => parts.push(tableRow(rows[r], r, i === 0)));
    parts.push('</w:tbl>');
    return parts.join('');
  };
  const textRow = (row: LayoutRow) => {
    const align: Align = row.kind === 'title' || row.kind === 'subtitle' ? 'center' : 'left';
    return paragraphs(row.cells[0] ?? '', fontForRow(fonts, row), align, scale, { pad: PAD_TWIPS.tb });
  };

  // Page by page: the text above the table on page 1, below it after the last.
  const body: string[] = [];
  for (const page of printedPages(layout)) {
    if (page.first) textRows(layout, 'above').forEach((r) => body.push(textRow(rows[r])));
    else {
      const pad = ((continuationHeightPt(layout) - fonts.continuation.sizePt * LINE_FACTOR) / 2) * TWIPS_PER_PT;
      body.push(paragraphs(CONTINUATION_LABEL, fonts.continuation, 'left', scale, { pageBreakBefore: true, pad }));
    }
    body.push(table(page.tableRows));
    if (page.last) textRows(layout, 'below').forEach((r) => body.push(textRow(rows[r])));
  }

  return withBody(await Packer.toBuffer(docxPackage(layout, opts, [new Paragraph({ children: [new TextRun(BODY_MARKER)] })])), body.join(''));
}

export interface DocxOptions {
  customProperties?: { name: string; value: string }[];
}

/** The package around a body (`children`): page size and margins, GB/T 9704 page numbers, properties. */
export function docxPackage(layout: SheetLayout, opts: DocxOptions, children: FileChild[]): Document {
  const { print, rows, fonts } = layout;
  const paper = PAPER_MM[print.paper];
  const m = print.margins;
  // GB/T 9704: odd pages right, even pages left, one character from the edge; or centred.
  const footer = (align: Align) => {
    const text = align === 'right' ? ['— ', PageNumber.CURRENT, ' —\u3000'] : align === 'left' ? ['\u3000— ', PageNumber.CURRENT, ' —'] : ['— ', PageNumber.CURRENT, ' —'];
    return new Footer({ children: [new Paragraph({ style: PAGE_NUMBER_STYLE, alignment: ALIGN[align], children: [new TextRun({ children: text })] })] });
  };
  const f = fonts.pageNumber;
  const gbt = print.pageNumbers === 'gbt';
  return new Document({
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
}

/** The library's package with its marker paragraph replaced by the body (directory entries dropped: Word needs none). */
function withBody(packed: Buffer, body: string): Buffer {
  const files = unzipSync(new Uint8Array(packed));
  const name = 'word/document.xml';
  const xml = new TextDecoder().decode(files[name]);
  const marker = `<w:p><w:r><w:t xml:space="preserve">${BODY_MARKER}</w:t></w:r></w:p>`;
  const at = xml.indexOf(marker);
  if (at < 0) throw new Error('docx: body marker not found');
  const out: Record<string, Uint8Array> = {};
  for (const [n, data] of Object.entries(files)) if (!n.endsWith('/')) out[n] = n === name ? strToU8(xml.slice(0, at) + body + xml.slice(at + marker.length)) : data;
  return zipDeflated(out);
}
