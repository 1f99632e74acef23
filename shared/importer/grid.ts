// The grid every reader produces and the cell parser consumes: rows of cells, each cell a list
// of paragraphs. A merged cell's covered positions are marked, so "same as above" is explicit.
export interface GridCell {
  /** The cell's paragraphs (raw text; the parser cleans it). Empty for an empty cell. */
  paras: string[];
  /** Covered by a merged cell that starts above ('up') or to the left ('left'). */
  merged?: 'up' | 'left';
}

export type GridRow = GridCell[];

export interface Grid {
  rows: GridRow[];
  /** Where the grid came from, for messages: 'txt' | 'xlsx' | 'docx' | … */
  source?: string;
  /** What the reader noticed (e.g. a formula taken as its value); the parser passes them on. */
  notes?: Array<{ code: string; message: string; text?: string }>;
}

export function cell(paras: string[] | string = [], merged?: GridCell['merged']): GridCell {
  const list = typeof paras === 'string' ? (paras === '' ? [] : [paras]) : paras;
  return merged ? { paras: list, merged } : { paras: list };
}

export function cellText(c: GridCell | undefined): string {
  return c ? c.paras.join('') : '';
}
