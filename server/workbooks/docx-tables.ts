// A returned Word document → grids, one per table, for the same matching and report as a workbook.
// mammoth turns the document into HTML that keeps the table structure (vertically merged cells as
// rowspan, gridSpan as colspan, each paragraph a <p>); the importer's htmlToGrid lays a table out.
// Several paragraphs in a cell become lines of one text; a merged cell's text reaches every row it
// covers (down) — across, only the first column gets it; a hyperlink's target is appended to its
// text. The paragraphs before a table are its title lines (where the unit may be named); text after
// the last table is reported, never dropped. A table continued on a second table without a header
// (a page break, a table split by hand) is read as one. The template keys, when the document is
// our template, come from its custom properties.
import mammoth from 'mammoth';
import { zipSync } from 'fflate';
import { AppError } from '../../shared/messages';
import { htmlToGrid } from '../../shared/importer/html-grid';
import type { GridRow } from '../../shared/importer/grid';
import { findHeaderRow } from '../../shared/workbook/headers';
import { decodeDocumentKeys, type DocumentKeys } from '../../shared/workbook/document-keys';
import type { SheetGrid } from '../../shared/workbook/parse-returned';
import { linkText, xmlText } from './xlsx-cells';

// Link markers: control characters cannot occur in a document's text (XML 1.0), so they are safe.
const L_OPEN = '\u0001';
const L_MID = '\u0002';
const L_CLOSE = '\u0003';

export interface DocxRead {
  grids: SheetGrid[];
  keys: DocumentKeys | null;
}

/** `parts`: the document's XML parts as file-guard kept them (inflated under its limits). */
export async function docxGrids(parts: Map<string, string>): Promise<DocxRead> {
  const enc = new TextEncoder();
  // mammoth gets a zip rebuilt from the checked parts only: what it inflates is what was counted.
  const zip = zipSync(Object.fromEntries([...parts].filter(([n]) => !n.startsWith('xl/')).map(([n, x]) => [n, enc.encode(x)])), { level: 0 });
  let html: string;
  try {
    html = (
      await mammoth.convertToHtml(
        { buffer: Buffer.from(zip) },
        // Pictures are not read (they were not kept): a returned table's text is what counts.
        { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
      )
    ).value;
  } catch (err) {
    throw new AppError('UNREADABLE_FILE', 400, err instanceof Error ? err.message.slice(0, 120) : undefined);
  }
  return { grids: tableGrids(markLinks(html)), keys: decodeDocumentKeys(customProperties(parts.get('docProps/custom.xml'))) };
}

/** <a href="https://…">text</a> → text + markers around the target (external links only). */
function markLinks(html: string): string {
  return html.replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (whole, href: string, inner: string) =>
    /^(https?|ftp|mailto):/i.test(href) ? `${L_OPEN}${inner}${L_MID}${href}${L_CLOSE}` : inner,
  );
}

/** The top-level tables of mammoth's HTML, each with the HTML before it; and what follows the last. */
function splitTables(html: string): { tables: { before: string; table: string }[]; after: string } {
  const tables: { before: string; table: string }[] = [];
  let depth = 0;
  let start = 0;
  let last = 0;
  for (const m of html.matchAll(/<(\/?)table\b[^>]*>/g)) {
    if (!m[1]) {
      if (depth++ === 0) start = m.index;
    } else if (depth > 0 && --depth === 0) {
      const end = m.index + m[0].length;
      tables.push({ before: html.slice(last, start), table: html.slice(start, end) });
      last = end;
    }
  }
  return { tables, after: html.slice(last) };
}

function tableGrids(html: string): SheetGrid[] {
  const { tables, after } = splitTables(html);
  const out: SheetGrid[] = [];
  for (const { before, table } of tables) {
    const g = htmlToGrid(before + table);
    const grid = toSheetGrid(`表格${out.length + 1}`, g.rows, Math.max(0, g.rows.length - countRows(table)));
    const prev = out.at(-1);
    // A continuation: no header of its own, nothing between, as wide as the table before (which has one).
    if (prev && !before.replace(/<[^>]*>/g, '').trim() && !findHeaderRow(grid.cells) && findHeaderRow(prev.cells) && width(prev) === width(grid)) {
      appendRows(prev, grid);
      continue;
    }
    out.push(grid);
  }
  const trailing = htmlToGrid(after).rows.map((r) => r[0]?.paras.join('\n') ?? '').filter((t) => t.trim());
  if (trailing.length) {
    const last = out.at(-1);
    if (last) last.outside = trailing.map((text, i) => ({ where: `表格后第${i + 1}段`, text: resolveLinks(text).text }));
  }
  return out;
}

/** Rows of one <table> (top-level <tr>s; a nested table's rows belong to its cell). */
function countRows(table: string): number {
  let depth = 0;
  let rows = 0;
  for (const m of table.matchAll(/<(\/?)(table|tr)\b[^>]*>/g)) {
    if (m[2] === 'table') depth += m[1] ? -1 : 1;
    else if (!m[1] && depth === 1) rows++;
  }
  return rows;
}

const width = (g: SheetGrid) => Math.max(0, ...g.cells.slice(g.word?.tableStart ?? 0).map((r) => r.length));

function appendRows(into: SheetGrid, more: SheetGrid) {
  const offset = into.cells.length - (more.word?.tableStart ?? 0);
  for (const row of more.cells.slice(more.word?.tableStart ?? 0)) into.cells.push(row);
  for (const l of more.links ?? []) (into.links ??= []).push({ ...l, row: l.row + offset });
  for (const s of more.spanned ?? []) {
    const [r, c] = s.split(':').map(Number);
    (into.spanned ??= new Set()).add(`${r + offset}:${c}`);
  }
}

/** Cell texts from the laid-out rows: paragraphs as lines; a merged cell's text down, and across (listed as spanned). */
function toSheetGrid(name: string, rows: GridRow[], tableStart: number): SheetGrid {
  const cells: string[][] = [];
  const links: NonNullable<SheetGrid['links']> = [];
  const spanned = new Set<string>();
  rows.forEach((row, r) => {
    const line: string[] = [];
    row.forEach((cell, c) => {
      if (cell.merged === 'up') line[c] = cells[r - 1]?.[c] ?? '';
      else if (cell.merged === 'left') {
        line[c] = line[c - 1] ?? '';
        spanned.add(`${r}:${c}`);
      } else {
        const { text, found } = resolveLinks(cell.paras.join('\n'));
        line[c] = text;
        for (const l of found) links.push({ row: r, col: c, ...l });
      }
    });
    cells.push(line);
  });
  return { name, cells, formulas: [], word: { tableStart }, links, spanned };
}

function resolveLinks(text: string): { text: string; found: { text: string; target: string }[] } {
  const found: { text: string; target: string }[] = [];
  const out = text.replace(new RegExp(`${L_OPEN}([^${L_MID}]*)${L_MID}([^${L_CLOSE}]*)${L_CLOSE}`, 'g'), (_, t: string, target: string) => {
    found.push({ text: t, target });
    return linkText(t, target);
  });
  return { text: out, found };
}

/** docProps/custom.xml → name → text value. */
function customProperties(xml: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (xml ?? '').matchAll(/<(?:\w+:)?property\b[^>]*\bname="([^"]*)"[^>]*>\s*<(?:\w+:)?lpwstr>([^<]*)</g)) out.set(xmlText(m[1]), xmlText(m[2]));
  return out;
}
