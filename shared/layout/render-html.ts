// The HTML print view of a sheet layout: a complete document that prints like the exported .xlsx.
// A paged layout (consolidated table) prints page by page as laid out: page 1 with the 附件 mark,
// the title and （截至…）, every later page headed 续表, each page its own table with the header row,
// the 说明 after the last; rows at their estimated heights (the estimate leans high, so text always
// fits and the pages break where the layout says). Other layouts print as one table whose header
// repeats (<thead>). A3/A4 landscape, page numbers "— N —" in 四号 宋体 at the bottom (@page margin
// boxes, Chromium ≥ 131), odd pages right and even left (GB/T 9704) or centred; fonts with fallbacks;
// merged cells as rowspan/colspan. Pure: no DOM.
import type { FontSpec, LayoutRow, Merge, SheetLayout } from './model';
import { continuationHeightPt, printableSizePt, printedPages, textRows } from './paginate';
import { CONTINUATION_LABEL } from './style';
import { CELL_PADDING_PT, LINE_FACTOR, PT_PER_WIDTH_UNIT } from './text-height';
import { cleanText } from '../text/integrity';

export interface HtmlOptions {
  /** <title>; default: the layout's title row. */
  documentTitle?: string;
  /** Extra CSS appended to the style sheet (e.g. screen tweaks). */
  extraCss?: string;
  /** Extra markup for <head> (e.g. a font style sheet link). */
  extraHead?: string;
}

/** Cell padding left + right (pt), counted in each column's printed width. */
const CELL_PAD_PT = 6;

export function escapeHtml(s: string): string {
  return cleanText(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A cell's text; marked runs (本期新增) underlined. */
function cellHtml(row: LayoutRow, c: number): string {
  const runs = row.runs?.[c];
  if (!runs) return escapeHtml(row.cells[c] ?? '');
  return runs.map((r) => (r.isNew ? `<u class="new-text">${escapeHtml(r.text)}</u>` : escapeHtml(r.text))).join('');
}

function cssFamily(f: FontSpec): string {
  const generic = new Set(['serif', 'sans-serif', 'monospace']);
  return f.family.map((n) => (generic.has(n) ? n : `"${n.replace(/["\\]/g, '')}"`)).join(', ');
}

/** Printed width of a column in points (its Excel width and the cell padding). */
export function columnWidthPt(width: number): number {
  return width * PT_PER_WIDTH_UNIT + CELL_PAD_PT;
}

/** How much the sheet must shrink to fit the page width (like Excel's fit-to-width); ≤ 1, and 1 for our layouts. */
export function fitScale(layout: SheetLayout): number {
  const need = layout.columns.filter((c) => !c.hidden).reduce((s, c) => s + columnWidthPt(c.width), 0);
  return Math.min(1, printableSizePt(layout.print).w / need);
}

const pt = (v: number) => `${+v.toFixed(2)}pt`;

export function renderLayoutHtml(layout: SheetLayout, opts: HtmlOptions = {}): string {
  const { fonts, print, rows, headerRow } = layout;
  const visibleIdx = layout.columns.map((c, i) => (c.hidden ? -1 : i)).filter((i) => i >= 0);
  const scale = fitScale(layout);
  const size = (f: FontSpec) => pt(f.sizePt * scale);
  const paged = layout.pageBreaks.length > 0;

  const master = new Map<string, Merge>();
  const covered = new Set<string>();
  for (const g of layout.merges) {
    master.set(`${g.top},${g.left}`, g);
    for (let r = g.top; r <= g.bottom; r++) for (let c = g.left; c <= g.right; c++) if (r !== g.top || c !== g.left) covered.add(`${r},${c}`);
  }
  const spanCols = (g: Merge) => visibleIdx.filter((i) => i >= g.left && i <= g.right).length;

  const rowHtml = (row: LayoutRow, r: number, cellTag: 'td' | 'th'): string => {
    const cells: string[] = [];
    for (const c of visibleIdx) {
      if (covered.has(`${r},${c}`)) continue;
      const g = master.get(`${r},${c}`);
      const attrs: string[] = [];
      if (g && g.bottom > g.top) attrs.push(`rowspan="${g.bottom - g.top + 1}"`);
      const cs = g ? spanCols(g) : 1;
      if (cs > 1) attrs.push(`colspan="${cs}"`);
      const col = layout.columns[c];
      const classes = [row.kind === 'data' || row.kind === 'header' ? `c-${col.id}` : '', col.align === 'center' ? 'center' : ''].filter(Boolean);
      if (classes.length) attrs.push(`class="${classes.join(' ')}"`);
      cells.push(`<${cellTag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${cellHtml(row, c)}</${cellTag}>`);
    }
    const data = row.measureKey ? ` data-measure="${escapeHtml(row.measureKey)}"${row.unitId ? ` data-unit="${escapeHtml(row.unitId)}"` : ''}` : '';
    const height = paged ? ` style="height:${pt(row.heightPt)}"` : '';
    return `<tr class="r-${row.kind}"${data}${height}>${cells.join('')}</tr>`;
  };
  const textBlock = (row: LayoutRow) => {
    const tag = row.kind === 'title' ? 'h1' : 'p';
    const height = paged ? ` style="height:${pt(row.heightPt)}"` : '';
    return `<${tag} class="${row.kind}"${height}>${escapeHtml(row.cells[0] ?? '')}</${tag}>`;
  };

  const cols = visibleIdx
    .map((i) => {
      const w = layout.columns[i].width;
      return `<col class="c-${layout.columns[i].id}" style="width:${scale < 1 ? `${((columnWidthPt(w) * scale) / printableSizePt(print).w) * 100}%` : pt(columnWidthPt(w))}">`;
    })
    .join('');
  const table = (body: string[]) =>
    `<table class="sheet">\n<colgroup>${cols}</colgroup>\n<thead>\n${rowHtml(rows[headerRow], headerRow, 'th')}\n</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;

  // Page by page: the text above the table on page 1, below it on the last.
  const sections = printedPages(layout).map((page) => {
    const parts: string[] = [];
    if (page.first) textRows(layout, 'above').forEach((r) => parts.push(textBlock(rows[r])));
    else parts.push(`<p class="continuation" style="height:${pt(continuationHeightPt(layout))}">${CONTINUATION_LABEL}</p>`);
    parts.push(table(page.tableRows.map((r) => rowHtml(rows[r], r, 'td'))));
    if (page.last) textRows(layout, 'below').forEach((r) => parts.push(textBlock(rows[r])));
    return `<section class="page">\n${parts.join('\n')}\n</section>`;
  });

  const title = opts.documentTitle ?? rows.find((r) => r.kind === 'title')?.cells[0] ?? layout.sheetName;
  const m = print.margins;
  const inch = (v: number) => `${v}in`;
  const num = (before: string, after: string) =>
    `content: "${before}— " counter(page) " —${after}"; font-family: ${cssFamily(fonts.pageNumber)}; font-size: ${pt(fonts.pageNumber.sizePt)};`;
  // GB/T 9704: odd pages right, even pages left, one character (U+3000) from the edge; page 1 is a right page.
  const pageNumbers =
    print.pageNumbers === 'center'
      ? `@page { @bottom-center { ${num('', '')} } }`
      : `@page :right { @bottom-right { ${num('', '\\3000')} } }\n@page :left { @bottom-left { ${num('\\3000', '')} } }`;
  const css = `
@page { size: ${print.paper} ${print.orientation}; margin: ${inch(m.top)} ${inch(m.right)} ${inch(m.bottom)} ${inch(m.left)}; }
${pageNumbers}
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${cssFamily(fonts.body)}; font-size: ${size(fonts.body)}; line-height: ${LINE_FACTOR}; color: #000; background: #fff; }
section.page { break-after: page; }
section.page:last-child { break-after: auto; }
h1.title, p.attachment, p.subtitle, p.note, p.footnote, p.continuation { margin: 0; padding: ${pt(CELL_PADDING_PT / 2)} 0; box-sizing: border-box; font-weight: normal; }
h1.title { font-family: ${cssFamily(fonts.title)}; font-size: ${size(fonts.title)}; text-align: center; }
p.attachment { font-family: ${cssFamily(fonts.attachment)}; font-size: ${size(fonts.attachment)}; }
p.subtitle { font-family: ${cssFamily(fonts.subtitle)}; font-size: ${size(fonts.subtitle)}; text-align: center; }
p.note { font-family: ${cssFamily(fonts.note)}; font-size: ${size(fonts.note)}; }
p.footnote { font-family: ${cssFamily(fonts.footnote)}; font-size: ${size(fonts.footnote)}; }
p.continuation { font-family: ${cssFamily(fonts.continuation)}; font-size: ${size(fonts.continuation)}; }
table.sheet { ${scale < 1 ? 'width: 100%;' : ''} table-layout: fixed; border-collapse: collapse; margin: 0 auto; }
table.sheet th, table.sheet td { border: 0.75pt solid #000; padding: ${pt(CELL_PADDING_PT / 2)} ${pt(CELL_PAD_PT / 2)}; vertical-align: middle; text-align: left;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; line-height: ${LINE_FACTOR}; }
table.sheet th { font-family: ${cssFamily(fonts.header)}; font-size: ${size(fonts.header)}; font-weight: ${fonts.header.bold ? 'bold' : 'normal'}; text-align: center; }
table.sheet td { font-size: ${size(fonts.body)}; }
table.sheet .center { text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tr.r-note td { text-align: center; }
@media screen { body { padding: 12px; } section.page + section.page { margin-top: 24px; border-top: 1px dashed #999; padding-top: 12px; } }
${opts.extraCss ?? ''}`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
${opts.extraHead ?? ''}
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}
