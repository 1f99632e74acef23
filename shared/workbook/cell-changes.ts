// Deciding, per cell of a returned row, what the unit changed compared with the value the sheet
// was based on. A cell equal to its base value is not an edit; an emptied cell never deletes text
// (reported instead); a value that cannot be taken is reported with why — nothing is dropped silently.
import { MAX_FIELD_LENGTH } from '../api/contract';
import { STATUSES, type Field, type Status } from '../model/progress';

export interface ReturnedCell {
  field: Field;
  text: string;
  cell: string; // A1 reference, for the report
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

const STATUS_SYNONYMS: Record<string, Status> = {
  未启动: '未启动',
  未开始: '未启动',
  尚未启动: '未启动',
  推进中: '推进中',
  进行中: '推进中',
  正在推进: '推进中',
  正常推进: '推进中',
  持续推进: '推进中',
  已完成: '已完成',
  完成: '已完成',
  已办结: '已完成',
  滞后: '滞后',
  进度滞后: '滞后',
  延期: '滞后',
  未完成: '滞后',
};

/** A typed status → one of STATUSES, or null when it cannot be read as one. */
export function normalizeStatus(text: string): Status | null {
  const t = text.replace(/[\s\u3000]/g, '');
  if ((STATUSES as readonly string[]).includes(t)) return t as Status;
  return STATUS_SYNONYMS[t] ?? null;
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
      const s = normalizeStatus(value);
      if (!s) {
        out.ignored.push({ cell: c.cell, field: c.field, text: value, reason: `完成状态“${value}”无法识别（应为 ${STATUSES.join('、')}）` });
        continue;
      }
      value = s;
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
