// HTML tables (as mammoth writes them from a Word document) → a grid. rowspan/colspan become
// merged-cell marks; <p> and <br> split paragraphs; paragraphs before the first table become
// one-cell rows (the title). A small tokenizer suffices: mammoth's HTML is regular and escaped.
import { decodeEntities } from './clean-text';
import type { Grid, GridCell, GridRow } from './grid';

interface RawCell {
  paras: string[];
  rowspan: number;
  colspan: number;
}

function spanOf(attrs: string, name: string): number {
  const m = attrs.match(new RegExp(`${name}\\s*=\\s*["']?(\\d+)`, 'i'));
  const n = m ? Number(m[1]) : 1;
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

/** Lay out rows with row/col spans on an occupancy grid. */
function layout(rawRows: RawCell[][]): GridRow[] {
  const out: GridRow[] = [];
  const ensure = (r: number) => {
    while (out.length <= r) out.push([]);
    return out[r];
  };
  rawRows.forEach((cells, r) => {
    const row = ensure(r);
    let c = 0;
    for (const raw of cells) {
      while (row[c]) c++;
      for (let i = 0; i < raw.rowspan; i++) {
        const target = ensure(r + i);
        for (let j = 0; j < raw.colspan; j++) {
          const cell: GridCell = i === 0 && j === 0 ? { paras: raw.paras } : { paras: [], merged: i > 0 ? 'up' : 'left' };
          target[c + j] = cell;
        }
      }
      c += raw.colspan;
    }
  });
  // A rowspan reaching past the last row leaves rows that the HTML never had; drop them.
  out.length = Math.min(out.length, rawRows.length);
  return out.map((row) => Array.from(row, (c) => c ?? { paras: [] }));
}

export function htmlToGrid(html: string): Grid {
  const preamble: GridRow[] = [];
  const tables: RawCell[][][] = [];
  let depth = 0;
  let rows: RawCell[][] = [];
  let current: RawCell | null = null;
  let para = '';
  const flush = () => {
    const text = decodeEntities(para).trim();
    para = '';
    if (!text) return;
    if (current) current.paras.push(text);
    else if (depth === 0 && tables.length === 0) preamble.push([{ paras: [text] }]);
  };
  for (const m of html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g)) {
    const [, close, tagRaw, attrs, text] = m;
    if (text !== undefined) {
      para += text;
      continue;
    }
    const tag = tagRaw.toLowerCase();
    if (tag === 'table') {
      flush();
      if (!close) {
        depth++;
        if (depth === 1) rows = [];
      } else if (depth > 0) {
        depth--;
        if (depth === 0) tables.push(rows);
      }
    } else if (depth === 1 && tag === 'tr' && !close) {
      rows.push([]);
    } else if (depth === 1 && (tag === 'td' || tag === 'th')) {
      flush();
      if (!close) {
        current = { paras: [], rowspan: spanOf(attrs, 'rowspan'), colspan: spanOf(attrs, 'colspan') };
        if (!rows.length) rows.push([]);
        rows[rows.length - 1].push(current);
      } else current = null;
    } else if (['p', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div'].includes(tag)) {
      flush();
    }
  }
  flush();
  const body = tables.flatMap((t) => layout(t));
  return { rows: [...preamble, ...body], source: 'html' };
}
