// The slice of the WPS 表格 object model (et-jsapi-declare's Et.*) the adapter touches, and the one
// helper that copes with version differences: some members are properties in one WPS build and
// zero-argument methods in another (reported by others, see issue 12), so every property is read
// through `get`, which calls it when it turns out to be a function.
/// <reference types="et-jsapi-declare" />

export type WpsSheet = Et.Worksheet;

export function get<T = unknown>(obj: object, member: string): T {
  const v = (obj as Record<string, unknown>)[member];
  return (typeof v === 'function' ? (v as () => T).call(obj) : v) as T;
}

/** The sheet named `name` in the workbook (case-insensitive, as sheet names are), or null. */
export function findSheet(wb: Et.Workbook, name: string): WpsSheet | null {
  const sheets = get<Et.Sheets>(wb, 'Worksheets');
  const n = get<number>(sheets, 'Count');
  for (let i = 1; i <= n; i++) {
    const s = sheets.Item(i) as WpsSheet;
    if (String(get(s, 'Name')).toLowerCase() === name.toLowerCase()) return s;
  }
  return null;
}

/** A new sheet after the last one, named `name` (Sheets.Add activates it, as in VBA). */
export function addSheet(wb: Et.Workbook, name: string): WpsSheet {
  const sheets = get<Et.Sheets>(wb, 'Worksheets');
  const last = sheets.Item(get<number>(sheets, 'Count'));
  const s = sheets.Add(undefined, last) as WpsSheet;
  s.Name = name;
  return s;
}
