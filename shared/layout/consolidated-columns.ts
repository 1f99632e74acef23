// The consolidated table's columns, each saying what it is: its label (the one label table,
// TABLE_LABELS), its value for a measure and one of its units, its width per paper, its alignment
// and which rows it is merged across. The .xlsx, the .docx, the print view, the add-in's sheet and
// the console's 汇总表 all take their columns from here.
import type { ConsolidatedMeasure, ConsolidatedUnitRow } from '../api/contract';
import { TABLE_LABELS, type Field } from '../model/fields';
import type { ColumnKind, PaperSize } from './model';

export type ConsolidatedMode = 'rows' | 'summary';

/** What a row knows besides its measure and unit. */
export interface RowMarks {
  /** The entry changed after the period was closed (shown only on request, see late-changes.ts). */
  late: boolean;
  /** The entry is 办结 (shared/cycle/closure.ts): printed with that status beside its own. */
  closed?: boolean;
  /** Limited to reviewed submissions, and this unit's is not approved (通过): its text is left out. */
  unreviewed?: boolean;
}

export interface ConsolidatedColumn {
  id: keyof typeof TABLE_LABELS;
  label: string;
  kind: ColumnKind;
  field?: Field;
  /** Excel width units per paper; they fit the page at 100 % (see style.ts). */
  widths: Record<PaperSize, number>;
  align: 'left' | 'center';
  /** The column's cells are merged down across the rows of one task / one measure; 'row': never. */
  spanBy: 'task' | 'measure' | 'row';
  /** Left out when no measure has a value (the office wrote no 汇总进展): its width goes to the text columns. */
  omitWhenEmpty?: boolean;
  /** A long-text column: takes a share of an omitted column's width. */
  grows?: boolean;
  value(m: ConsolidatedMeasure, u: ConsolidatedUnitRow | null, marks: RowMarks): string;
}

/** How a measure reads wherever it appears: its number, then its text ("1.2 加快…"). */
export function measureLabel(no: string, text: string): string {
  return no ? `${no} ${text}` : text;
}

/** "1.4 加快…" → { no: '1.4', text: '加快…' }; text without a leading measure number → { no: '', text }. */
export function splitMeasureLabel(cell: string): { no: string; text: string } {
  const m = /^\s*(\d+\.\d+)[ \u3000]+(?=\S)/.exec(cell);
  return m ? { no: m[1], text: cell.slice(m[0].length) } : { no: '', text: cell };
}

export const LATE_LABEL = '（补报）';
/** Beside the status of a 办结 entry, in every printed and exported table. */
export const CLOSED_LABEL = '（已办结）';
/** A unit whose submission is not approved, in a table limited to reviewed submissions. */
export const UNREVIEWED_LABEL = '（未审核）';

type Spec = Omit<ConsolidatedColumn, 'label' | 'kind' | 'widths'> & { kind?: ColumnKind };
const make = (s: Spec, A3: number, A4: number): ConsolidatedColumn => ({
  label: TABLE_LABELS[s.id],
  kind: s.kind ?? (s.id as ColumnKind),
  ...s,
  widths: { A3, A4 },
});

const no = (A3: number, A4: number) => make({ id: 'no', align: 'center', spanBy: 'task', value: (m) => m.taskNo }, A3, A4);
const task = (A3: number, A4: number) => make({ id: 'task', align: 'left', spanBy: 'task', value: (m) => m.taskTitle }, A3, A4);
const measure = (A3: number, A4: number) =>
  make({ id: 'measure', align: 'left', spanBy: 'measure', grows: true, value: (m) => measureLabel(m.measureNo, m.measureText) }, A3, A4);
const field = (f: Exclude<Field, 'contact'>, A3: number, A4: number) =>
  make({ id: f, kind: 'field', field: f, align: f === 'status' ? 'center' : 'left', spanBy: 'row', grows: f !== 'status', value: (_m, u) => u?.[f] ?? '' }, A3, A4);

/**
 * Widths: A3 prints in 小四 (12 pt) and A4 in 小五 (9 pt), both at 100 %: each set fills what the page
 * holds (each column prints 5.25 pt a unit plus 6 pt of cell margins: A3 1111 pt, A4 763 pt wide).
 * Narrow columns keep their headers on one line.
 */
export const CONSOLIDATED_COLUMNS: Record<ConsolidatedMode, ConsolidatedColumn[]> = {
  rows: [
    no(6, 5),
    task(12, 9),
    measure(36, 22),
    make({ id: 'units', align: 'center', spanBy: 'row', value: (_m, u, x) => (u ? u.unitName + (x.late ? LATE_LABEL : '') + (x.unreviewed ? UNREVIEWED_LABEL : '') : '') }, 16, 12),
    make({ id: 'status', kind: 'field', field: 'status', align: 'center', spanBy: 'row', value: (_m, u, x) => (u ? (u.status ?? '') + (x.closed ? CLOSED_LABEL : '') : '') }, 10, 8),
    field('progress', 38, 26),
    field('problems', 22, 14),
    field('nextSteps', 22, 14),
    make({ id: 'rollup', align: 'center', spanBy: 'measure', value: (m) => m.rollup }, 10, 8),
    make({ id: 'summary', align: 'left', spanBy: 'measure', omitWhenEmpty: true, value: (m) => m.summary }, 28, 15),
  ],
  summary: [
    no(6, 5),
    task(14, 10),
    measure(52, 40),
    make({ id: 'units', align: 'center', spanBy: 'row', value: (m) => m.units.map((u) => u.unitName).join('、') }, 26, 17),
    make({ id: 'rollup', align: 'center', spanBy: 'row', value: (m) => m.rollup }, 10, 8),
    make({ id: 'summary', align: 'left', spanBy: 'row', value: (m) => m.summary }, 96, 58),
  ],
};

/** The columns a table of these measures shows, with an omitted column's width shared out to the text columns. */
export function columnsFor(mode: ConsolidatedMode, measures: readonly ConsolidatedMeasure[]): ConsolidatedColumn[] {
  const all = CONSOLIDATED_COLUMNS[mode];
  const shown = all.filter((c) => !c.omitWhenEmpty || measures.some((m) => c.value(m, null, { late: false })));
  if (shown.length === all.length) return all;
  return shown.map((c) => {
    if (!c.grows) return c;
    const widths = { ...c.widths };
    for (const paper of Object.keys(widths) as PaperSize[]) {
      const free = all.filter((x) => !shown.includes(x)).reduce((s, x) => s + x.widths[paper] + CELL_MARGIN_UNITS, 0);
      const growing = shown.filter((x) => x.grows).reduce((s, x) => s + x.widths[paper], 0);
      widths[paper] = Math.floor(c.widths[paper] + (free * c.widths[paper]) / growing);
    }
    return { ...c, widths };
  });
}

/** A column's cell margins (6 pt) in width units: what a left-out column frees besides its width. */
const CELL_MARGIN_UNITS = 1;
