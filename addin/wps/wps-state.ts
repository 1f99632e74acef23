// Document state in WPS 表格: a very hidden worksheet in the workbook itself, one row per key —
// the key in column A, the value as JSON cut into cells of B, C, … Why a sheet:
//  - it must travel with the file (e-mailed, copied, reopened offline); PluginStorage is per
//    add-in and not persisted (et-jsapi-declare: "该对象的数据不会被持久化"), so it cannot;
//  - cells are what every spreadsheet program keeps on save, in .xlsx and .et alike (Excel's add-in
//    settings live in an Office web-extension part that WPS does not read; custom document
//    properties cap a text at 255 characters; custom XML parts are declared in the WPS API types
//    but whether WPS writes them into the file is unverified);
//  - xlSheetVeryHidden (Visible = 2) keeps it out of 取消隐藏, so nobody edits it by accident.
// A cell holds at most 32,767 characters (Excel and WPS specification limit): chunks stay below.
/// <reference types="et-jsapi-declare" />
import { addSheet, findSheet, get, type WpsSheet } from './wps-api';

export const STATE_SHEET = 'fengong_state';
const CHUNK = 30_000;
const VERY_HIDDEN = 2; // XlSheetVisibility.xlSheetVeryHidden

function rowOf(sheet: WpsSheet, key: string): { row: number; cols: number } | null {
  const used = get<Et.Range>(sheet, 'UsedRange');
  const rows = get<number>(get<Et.Range>(used, 'Rows'), 'Count');
  const top = get<number>(used, 'Row');
  const cells = get<Et.Range>(sheet, 'Cells');
  for (let r = top; r < top + rows; r++) {
    if (get(cells.Item(r, 1) as Et.Range, 'Value2') === key) return { row: r, cols: get<number>(get<Et.Range>(used, 'Columns'), 'Count') };
  }
  return null;
}

export function readState(wb: Et.Workbook, key: string): unknown | null {
  const sheet = findSheet(wb, STATE_SHEET);
  if (!sheet) return null;
  const at = rowOf(sheet, key);
  if (!at) return null;
  const cells = get<Et.Range>(sheet, 'Cells');
  let json = '';
  for (let c = 2; c <= at.cols; c++) json += String(get(cells.Item(at.row, c) as Et.Range, 'Value2') ?? '');
  try {
    return JSON.parse(json);
  } catch {
    return null; // a damaged state reads as none: the sheet's key cells still carry the base revisions
  }
}

export function writeState(app: Et.Application, wb: Et.Workbook, key: string, value: unknown): void {
  let sheet = findSheet(wb, STATE_SHEET);
  if (!sheet) {
    const active = get<WpsSheet>(wb, 'ActiveSheet');
    sheet = addSheet(wb, STATE_SHEET);
    sheet.Visible = VERY_HIDDEN as never;
    active.Activate(); // Sheets.Add activated the new one
  }
  const at = rowOf(sheet, key);
  const used = get<Et.Range>(sheet, 'UsedRange');
  const usedEmpty = get(used, 'Value2') === undefined || get(used, 'Value2') === '' || get(used, 'Value2') === null;
  const row = at?.row ?? (usedEmpty ? 1 : get<number>(used, 'Row') + get<number>(get<Et.Range>(used, 'Rows'), 'Count'));
  const json = JSON.stringify(value);
  const chunks: string[] = [];
  for (let i = 0; i < json.length; i += CHUNK) chunks.push(json.slice(i, i + CHUNK));
  const cols = Math.max(chunks.length + 1, at?.cols ?? 0);
  const line = [key, ...chunks];
  while (line.length < cols) line.push(''); // clears chunks of a longer earlier value
  const cells = get<Et.Range>(sheet, 'Cells');
  const range = sheet.Range(cells.Item(row, 1), cells.Item(row, cols) as never);
  range.NumberFormat = '@'; // text: a chunk that looks like a number or a formula stays as it is
  range.Value2 = [line];
}
