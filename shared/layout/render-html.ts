// The HTML print view of a sheet layout: a complete document that prints like the exported .xlsx —
// A3/A4 landscape, the header row repeated on every page (<thead>), page numbers "— N —" centred
// at the bottom (@page margin boxes, Chromium ≥ 131), fonts with fallbacks, columns in proportion
// to their widths so none is cut off, merged cells as rowspan/colspan. Pure: no DOM.
import type { FontSpec, LayoutRow, Merge, SheetLayout } from './model';
import { PT_PER_WIDTH_UNIT } from './text-height';

export interface HtmlOptions {
  /** <title>; default: the layout's title row. */
  documentTitle?: string;
  /** Extra CSS appended to the style sheet (e.g. screen tweaks). */
  extraCss?: string;
  /** Extra markup for <head> after the style sheet, e.g. @font-face rules for bundled fonts (<style> or <link>). */
  headHtml?: string;
}

const PAPER_MM = { A3: { w: 420, h: 297 }, A4: { w: 297, h: 210 } } as const; // landscape
const MM_PER_IN = 25.4;
const PT_PER_MM = 72 / MM_PER_IN;
/** Cell padding left + right (pt), counted when fitting the table to the page. */
const CELL_PAD_PT = 6;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cssFamily(f: FontSpec): string {
  const generic = new Set(['serif', 'sans-serif', 'monospace']);
  return f.family.map((n) => (generic.has(n) ? n : `"${n.replace(/["\\]/g, '')}"`)).join(', ');
}

/** A merged cell up to this part of a page is kept on one page; taller ones may break between rows. */
export const KEEP_FRACTION = 0.4;

/** Printable height of a page in points (paper less top and bottom margins). */
export function printableHeightPt(layout: SheetLayout): number {
  const paper = PAPER_MM[layout.print.paper];
  const pageH = layout.print.orientation === 'landscape' ? paper.h : paper.w;
  const m = layout.print.margins;
  return (pageH - (m.top + m.bottom) * MM_PER_IN) * PT_PER_MM;
}

/** How much the sheet must shrink to fit the page width (like Excel's fit-to-width); ≤ 1. */
export function fitScale(layout: SheetLayout): number {
  const paper = PAPER_MM[layout.print.paper];
  const pageW = layout.print.orientation === 'landscape' ? paper.w : paper.h;
  const m = layout.print.margins;
  const availPt = (pageW - (m.left + m.right) * MM_PER_IN) * PT_PER_MM;
  const visible = layout.columns.filter((c) => !c.hidden);
  const needPt = visible.reduce((s, c) => s + c.width * PT_PER_WIDTH_UNIT + CELL_PAD_PT, 0);
  return Math.min(1, availPt / needPt);
}

export function renderLayoutHtml(layout: SheetLayout, opts: HtmlOptions = {}): string {
  const visibleIdx = layout.columns.map((c, i) => (c.hidden ? -1 : i)).filter((i) => i >= 0);
  const totalWidth = visibleIdx.reduce((s, i) => s + layout.columns[i].width, 0);
  const scale = fitScale(layout);
  const pt = (f: FontSpec) => `${(f.sizePt * scale).toFixed(2)}pt`;
  const { fonts, print } = layout;
  const m = print.margins;
  const inch = (v: number) => `${v}in`;

  // Merge masters and the cells they cover.
  const master = new Map<string, Merge>();
  const covered = new Set<string>();
  for (const g of layout.merges) {
    master.set(`${g.top},${g.left}`, g);
    for (let r = g.top; r <= g.bottom; r++) for (let c = g.left; c <= g.right; c++) if (r !== g.top || c !== g.left) covered.add(`${r},${c}`);
  }
  const spanCols = (g: Merge) => visibleIdx.filter((i) => i >= g.left && i <= g.right).length;

  // Page breaks: a cell is not split across pages ("keep"), except the task cells (序号/主要任务,
  // which run across many rows) and merged cells taller than KEEP_FRACTION of a page — those may
  // break between their rows, so a tall measure does not leave half a page empty before it.
  const pageHeightPt = printableHeightPt(layout) / scale;
  const keepTogether = (g: Merge | undefined, kind: string): boolean => {
    if (kind === 'no' || kind === 'task') return false;
    if (!g || g.bottom === g.top) return true;
    let h = 0;
    for (let r = g.top; r <= g.bottom; r++) h += layout.rows[r].heightPt;
    return h <= pageHeightPt * KEEP_FRACTION;
  };

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
      const cls = [row.kind === 'data' || row.kind === 'header' ? `c-${col.id}` : '', col.align === 'center' ? 'center' : ''];
      if (cellTag === 'td' && keepTogether(g, col.kind)) cls.push('keep');
      const classes = cls.filter(Boolean);
      if (classes.length) attrs.push(`class="${classes.join(' ')}"`);
      cells.push(`<${cellTag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${escapeHtml(row.cells[c] ?? '')}</${cellTag}>`);
    }
    const data = row.measureKey ? ` data-measure="${escapeHtml(row.measureKey)}"${row.unitId ? ` data-unit="${escapeHtml(row.unitId)}"` : ''}` : '';
    return `<tr class="r-${row.kind}"${data}>${cells.join('')}</tr>`;
  };

  const before: string[] = []; // title / subtitle / note rows above the header
  const headRows: string[] = [];
  const bodyRows: string[] = [];
  layout.rows.forEach((row, r) => {
    if (r < layout.headerRow) {
      const tag = row.kind === 'title' ? 'h1' : 'p';
      before.push(`<${tag} class="${row.kind}">${escapeHtml(row.cells[0] ?? '')}</${tag}>`);
    } else if (r >= layout.print.repeatRows.first && r <= layout.print.repeatRows.last) headRows.push(rowHtml(row, r, 'th'));
    else if (row.kind === 'header') headRows.push(rowHtml(row, r, 'th'));
    else bodyRows.push(rowHtml(row, r, 'td'));
  });

  const cols = visibleIdx
    .map((i) => `<col class="c-${layout.columns[i].id}" style="width:${((layout.columns[i].width / totalWidth) * 100).toFixed(3)}%">`)
    .join('');
  const title = opts.documentTitle ?? layout.rows.find((r) => r.kind === 'title')?.cells[0] ?? layout.sheetName;
  const size = `${print.paper} ${print.orientation}`;
  const css = `
@page {
  size: ${size};
  margin: ${inch(m.top)} ${inch(m.right)} ${inch(m.bottom)} ${inch(m.left)};
  @bottom-center { content: "— " counter(page) " —"; font-family: ${cssFamily(fonts.body)}; font-size: 11pt; }
}
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${cssFamily(fonts.body)}; font-size: ${pt(fonts.body)}; color: #000; background: #fff; }
h1.title { font-family: ${cssFamily(fonts.title)}; font-size: ${pt(fonts.title)}; font-weight: normal; text-align: center; margin: 0 0 0.6em; line-height: 1.3; }
p.subtitle, p.note { font-family: ${cssFamily(fonts.subtitle)}; font-size: ${pt(fonts.subtitle)}; margin: 0 0 0.4em; line-height: 1.35; }
p.note { font-size: ${pt({ ...fonts.subtitle, sizePt: fonts.body.sizePt })}; }
table.sheet { width: 100%; table-layout: fixed; border-collapse: collapse; }
table.sheet th, table.sheet td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; text-align: left;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; line-height: 1.35; }
table.sheet th { font-family: ${cssFamily(fonts.header)}; font-size: ${pt(fonts.header)}; font-weight: ${fonts.header.bold ? 'bold' : 'normal'}; text-align: center; }
table.sheet td { font-size: ${pt(fonts.body)}; }
table.sheet .center { text-align: center; }
thead { display: table-header-group; }
table.sheet td.keep { break-inside: avoid; page-break-inside: avoid; }
tr.r-note td { text-align: center; }
@media screen { body { padding: 12px; } }
${opts.extraCss ?? ''}`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
${opts.headHtml ?? ''}
</head>
<body>
${before.join('\n')}
<table class="sheet">
<colgroup>${cols}</colgroup>
<thead>
${headRows.join('\n')}
</thead>
<tbody>
${bodyRows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
