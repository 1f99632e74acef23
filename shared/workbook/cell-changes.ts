// Deciding, per cell of a returned row, what the unit changed compared with the value the sheet
// was based on. A cell equal to its base value is not an edit; an emptied cell never deletes text
// (reported instead); a value that cannot be taken is reported with why — nothing is dropped silently.
import { MAX_FIELD_LENGTH } from '../api/contract';
import type { Field } from '../model/progress';
import { readStatus } from './status-words';

export interface ReturnedCell {
  field: Field;
  text: string;
  cell: string; // A1 reference (or 第3行第5列 in a Word table), for the report
  /** The column's header as typed: a 是否完成 column reads 是 as 已完成. */
  header?: string;
}

export interface BaseValue {
  value: string;
  rev: number;
}

export interface ProposedChange {
  measureKey: string;
  unitId: string;
  field: Field;
  baseRev: number;
  value: string;
  cell: string;
}

export interface IgnoredReturnedCell {
  cell: string;
  field: Field;
  text: string;
  reason: string;
}

export interface RowDecision {
  changes: ProposedChange[];
  unchanged: number;
  ignored: IgnoredReturnedCell[];
}

/** Line endings and trailing spaces differ between Excel, WPS and LibreOffice; they are not edits. */
export function normalizeCellText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+\n/g, '\n')
    .trim();
}

export function decideRow(
  measureKey: string,
  unitId: string,
  cells: ReturnedCell[],
  base: (field: Field) => BaseValue,
): RowDecision {
  const out: RowDecision = { changes: [], unchanged: 0, ignored: [] };
  for (const c of cells) {
    let value = normalizeCellText(c.text);
    const b = base(c.field);
    const baseValue = normalizeCellText(b.value);
    if (!value) {
      if (baseValue) out.ignored.push({ cell: c.cell, field: c.field, text: '', reason: '单元格为空：不会清除系统中已有的内容' });
      continue;
    }
    if (c.field === 'status') {
      const s = readStatus(value, c.header);
      if (s.status === null) {
        out.ignored.push({ cell: c.cell, field: c.field, text: value, reason: s.reason });
        continue;
      }
      value = s.status;
    }
    if (value.length > MAX_FIELD_LENGTH) {
      out.ignored.push({ cell: c.cell, field: c.field, text: value.slice(0, 200), reason: `内容过长（${value.length} 字，上限 ${MAX_FIELD_LENGTH}）` });
      continue;
    }
    if (value === baseValue) {
      out.unchanged++;
      continue;
    }
    out.changes.push({ measureKey, unitId, field: c.field, baseRev: b.rev, value, cell: c.cell });
  }
  return out;
}
