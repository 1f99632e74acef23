// The reference .txt format (text extracted from a PDF): one table row per line, cells separated
// by tabs, paragraphs in `<p>…</p>`; lines without tabs (the title) become one-cell rows.
import { cell, type Grid, type GridCell } from './grid';

function txtCell(raw: string): GridCell {
  if (!/<p[\s>]/i.test(raw)) return cell(raw.trim());
  const paras = [...raw.matchAll(/<p[^>]*>([\s\S]*?)(?:<\/p>|(?=<p[\s>])|$)/gi)].map((m) => m[1].trim()).filter(Boolean);
  return cell(paras);
}

export function txtToGrid(text: string): Grid {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t').map(txtCell));
  return { rows, source: 'txt' };
}
