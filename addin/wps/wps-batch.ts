// Packs sheet commands for WPS 表格, whose object model runs every call on its own (no batched
// requests as in Office.js): the layout's one-area-per-command merges and row heights become
// commands over many areas, which WPS takes as one multi-area range per call ("A5:A7,A9:A12", the
// union operator of an A1 reference), so a table 100× longer needs not 100× the calls. Pure.
import { areaA1 } from '../../shared/layout/a1';
import type { Area, SheetOp } from '../sheet/sheet-ops';

/**
 * The longest range address we hand WPS. Excel's COM server refuses longer ones (see the fake,
 * tests/fakes/wps/range.ts MAX_ADDRESS); ASSUMPTION that WPS shares the limit — if a real WPS takes
 * longer addresses, raising this cuts the call count further.
 */
export const MAX_ADDRESS = 255;

export type WpsStep =
  | Exclude<SheetOp, { op: 'merge' | 'rowHeight' }>
  /** Merge every area (each on its own); first empty `clear`, cells that must not hold values. */
  | { op: 'merges'; areas: Area[]; clear: Area[] }
  /** One height for the rows of every area. */
  | { op: 'rowHeights'; areas: Area[]; points: number };

/** A 0-based area's A1 address ('B2:D9', 'B2'). */
export const addressOf = (a: Area) => areaA1({ top: a.r, left: a.c, bottom: a.r + a.rows - 1, right: a.c + a.cols - 1 });

/** Addresses of the areas, as few as fit: "A5:A7,A9:A12,…", each at most `max` characters. */
export function addressChunks(areas: Area[], max = MAX_ADDRESS): string[] {
  const out: string[] = [];
  let cur = '';
  for (const a of areas) {
    const next = addressOf(a);
    if (cur && cur.length + 1 + next.length > max) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? `${cur},${next}` : next;
  }
  if (cur) out.push(cur);
  return out;
}

/** The cells of a merge other than its top-left one (at most two rectangles). */
export function hiddenParts(a: Area): Area[] {
  const parts: Area[] = [];
  if (a.cols > 1) parts.push({ r: a.r, c: a.c + 1, rows: 1, cols: a.cols - 1 });
  if (a.rows > 1) parts.push({ r: a.r + 1, c: a.c, rows: a.rows - 1, cols: a.cols });
  return parts;
}

const inside = (x: Area, y: Area) => x.r >= y.r && x.c >= y.c && x.r + x.rows <= y.r + y.rows && x.c + x.cols <= y.c + y.cols;

/**
 * The commands as WPS steps, with the same result as running them one by one:
 *  - a merge keeps only its top-left value, so `values` blocks leave the other cells of merges still
 *    to come empty (until a `reset` in between undoes those merges) — the text the layout repeats on
 *    each row of a task never has to be cleared again;
 *  - consecutive merges become one step; cells that may still hold something (not inside the last
 *    `reset` before them) are cleared first, as Merge would otherwise ask the person;
 *  - consecutive row heights become one step per height (their rows do not overlap, else the run is cut).
 */
export function batchOps(ops: SheetOp[]): WpsStep[] {
  const list = blankMergedCells(ops);
  const steps: WpsStep[] = [];
  let emptied: Area | null = null; // the last reset's area, while nothing but blanked values went into it
  for (let i = 0; i < list.length; ) {
    const op = list[i];
    if (op.op === 'merge') {
      const areas: Area[] = [];
      for (let m = list[i]; m?.op === 'merge'; m = list[++i]) areas.push(m.area);
      const clear = areas.filter((a) => !emptied || !inside(a, emptied)).flatMap(hiddenParts);
      steps.push({ op: 'merges', areas, clear });
      continue;
    }
    if (op.op === 'rowHeight') {
      const byHeight = new Map<number, Area[]>();
      const rows = new Set<number>();
      for (let h = list[i]; h?.op === 'rowHeight' && !spans(h).some((r) => rows.has(r)); h = list[++i]) {
        for (const r of spans(h)) rows.add(r);
        byHeight.set(h.points, [...(byHeight.get(h.points) ?? []), { r: h.row, c: 0, rows: h.rows, cols: 1 }]);
      }
      for (const [points, areas] of byHeight) steps.push({ op: 'rowHeights', areas, points });
      continue;
    }
    if (op.op === 'reset') emptied = op.area;
    if (op.op === 'values' && op.expect !== undefined) emptied = null; // a guarded write is never blanked
    steps.push(op);
    i++;
  }
  return steps;
}

const spans = (h: { row: number; rows: number }) => Array.from({ length: h.rows }, (_, k) => h.row + k);

/** `values` commands without the cells that merges later in the list (before any `reset`) hide. */
function blankMergedCells(ops: SheetOp[]): SheetOp[] {
  const out = [...ops];
  let coming: Area[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (op.op === 'merge') coming.push(op.area);
    if (op.op === 'reset') coming = [];
    if (op.op !== 'values' || op.expect !== undefined || !coming.length) continue;
    const block: Area = { r: op.r, c: op.c, rows: op.values.length, cols: op.values[0]?.length ?? 0 };
    let values: string[][] | null = null;
    for (const part of coming.flatMap(hiddenParts)) {
      for (let r = Math.max(part.r, block.r); r < Math.min(part.r + part.rows, block.r + block.rows); r++) {
        for (let c = Math.max(part.c, block.c); c < Math.min(part.c + part.cols, block.c + block.cols); c++) {
          if (op.values[r - block.r][c - block.c] === '') continue;
          values ??= op.values.map((line) => [...line]);
          values[r - block.r][c - block.c] = '';
        }
      }
    }
    if (values) out[i] = { ...op, values };
  }
  return out;
}
