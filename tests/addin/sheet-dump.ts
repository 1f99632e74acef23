// A canonical dump of a fake workbook (every sheet: cells with values, formats, locking and
// validation; merges, row heights, column widths, hidden columns, frozen rows, protection, page
// setup), for tests that check two ways of rendering give exactly the same sheet.
import type { WorkbookState } from '../fakes/grid';

/** Sorted by the numbers each item is keyed by (row, then column). */
function byNumbers<T>(xs: Iterable<T>, key: (x: T) => number[]): T[] {
  const keyed = [...xs].map((x) => ({ x, k: key(x) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i] - b.k[i];
    return 0;
  });
  return keyed.map((e) => e.x);
}

export function dumpWorkbook(wb: WorkbookState): string {
  return JSON.stringify(
    wb.sheets.map((s) => ({
      name: s.name,
      cells: byNumbers(s.cells, ([k]) => k.split(',').map(Number)),
      merges: byNumbers(s.merges, (m) => [m.top, m.left, m.bottom, m.right]),
      rowHeights: byNumbers(s.rowHeights, ([r]) => [r]),
      colWidths: byNumbers(s.colWidths, ([c]) => [c]),
      hiddenCols: [...s.hiddenCols].sort((a, b) => a - b),
      frozenRows: s.frozenRows,
      protected: s.protected,
      protectionOptions: s.protectionOptions,
      pageLayout: s.pageLayout,
    })),
  );
}

/** Where two dumps first differ (with some context), or null when they are the same. */
export function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const at = (s: string) => s.slice(Math.max(0, i - 120), i + 120);
  return `at ${i}:\n  ${at(a)}\nvs\n  ${at(b)}`;
}
