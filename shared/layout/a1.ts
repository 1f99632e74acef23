// A1-style cell addresses (0-based row/column in, Excel's letters and 1-based rows out).

export function colLetter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export const cellA1 = (row: number, col: number): string => `${colLetter(col)}${row + 1}`;

/** 'B2:D9', or 'B2' for a single cell. */
export function areaA1(area: { top: number; left: number; bottom: number; right: number }): string {
  const tl = cellA1(area.top, area.left);
  if (area.top === area.bottom && area.left === area.right) return tl;
  return `${tl}:${cellA1(area.bottom, area.right)}`;
}
