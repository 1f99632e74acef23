// Reading a laid-out sheet back: find the key column by its header marker (so it is found even
// after columns were inserted), the field columns by their header text, and every data row by its
// key cell. Pure: takes the grid of values a host returns (Office.js `values`, WPS `Value2`) and,
// where the host gives them, the cells' number formats (so a date reads as the person saw it).
import { FIELD_LABELS, FIELDS, type Field } from '../model/fields';
import { decodeRowKey, decodeSheetKey, isKeyHeader, type RowKey, type SheetKey } from '../layout/keys';
import { cellText, type SheetRow } from './diff';

export interface ReadRow extends SheetRow {
  /** 0-based sheet row. */
  row: number;
  key: RowKey;
}

export interface ReadSheet {
  sheetKey: SheetKey;
  headerRow: number;
  keyCol: number;
  fieldCols: Partial<Record<Field, number>>;
  rows: ReadRow[];
}

const LABEL_TO_FIELD = new Map(FIELDS.map((f) => [FIELD_LABELS[f], f] as const));

/**
 * `grid` is the used range's values; `top`/`left` its position on the sheet; `formats` the number
 * format codes of the same cells (sparse: only numbers need one). Null: not our sheet.
 */
export function readSheet(grid: unknown[][], top = 0, left = 0, formats?: (string | undefined)[][]): ReadSheet | null {
  for (let i = 0; i < grid.length; i++) {
    const j = grid[i].findIndex(isKeyHeader);
    if (j < 0) continue;
    const sheetKey = decodeSheetKey(grid[i][j]);
    if (!sheetKey) continue;
    const fieldCols: Partial<Record<Field, number>> = {};
    grid[i].forEach((h, c) => {
      const f = LABEL_TO_FIELD.get(cellText(h).replace(/\s+/g, ''));
      if (f && fieldCols[f] === undefined) fieldCols[f] = left + c;
    });
    const rows: ReadRow[] = [];
    for (let r = i + 1; r < grid.length; r++) {
      const key = decodeRowKey(grid[r][j]);
      if (!key || key.periodId !== sheetKey.periodId) continue;
      const values: Partial<Record<Field, string>> = {};
      for (const f of FIELDS) {
        const c = fieldCols[f];
        if (c !== undefined) values[f] = cellText(grid[r][c - left], formats?.[r]?.[c - left]);
      }
      rows.push({ row: top + r, key, measureKey: key.measureKey, unitId: key.unitId, values });
    }
    return { sheetKey, headerRow: top + i, keyCol: left + j, fieldCols, rows };
  }
  return null;
}
