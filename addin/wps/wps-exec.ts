// Runs the sheet commands on the WPS 表格 object model (WPS JS API: synchronous, VBA-like; types from
// et-jsapi-declare). The only place layout meets WPS. Constants are the VBA enumeration values the
// WPS API takes (XlHAlign, XlVAlign, XlLineStyle, XlDVType, XlPageOrientation, XlPaperSize).
/// <reference types="et-jsapi-declare" />
import { printSetup, type Area, type SheetOp } from '../sheet/sheet-ops';
import { areaA1 } from '../../shared/layout/a1';
import { get, type WpsSheet } from './wps-api';

const XL = {
  left: -4131, center: -4108, top: -4160, // XlHAlign / XlVAlign
  continuous: 1, // XlLineStyle.xlContinuous
  validateList: 3, alertStop: 1, between: 1, // XlDVType, XlDVAlertStyle, XlFormatConditionOperator
  landscape: 2, portrait: 1, // XlPageOrientation
  none: -4142, // xlNone (no fill)
} as const;
const PAPER: Record<string, number> = { A3: 8, A4: 9 }; // XlPaperSize.xlPaperA3 / xlPaperA4
/** Borders.Item indexes: edges top/bottom/left/right and the inside lines (XlBordersIndex). */
const BORDER_EDGES = [8, 9, 7, 10, 11, 12];

/** A 0-based area as a WPS Range, by its A1 address: one call (Cells.Item twice and Range would be three). */
export function rangeOf(sheet: WpsSheet, a: Area): Et.Range {
  return sheet.Range(areaA1({ top: a.r, left: a.c, bottom: a.r + a.rows - 1, right: a.c + a.cols - 1 }));
}

/** '#RRGGBB' → the BGR integer WPS (like VBA's RGB()) takes for colours. */
export function bgr(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | (n >> 16);
}

export function runOp(app: Et.Application, sheet: WpsSheet, op: SheetOp): void {
  switch (op.op) {
    case 'unprotect':
      sheet.Unprotect();
      return;
    case 'protect':
      // No password (the office must be able to fix a sheet); people may still widen columns and rows.
      // Protect(Password, DrawingObjects, Contents, Scenarios, UserInterfaceOnly, AllowFormattingCells, AllowFormattingColumns, AllowFormattingRows)
      sheet.Protect(undefined, true, true, true, false, false, true, true);
      return;
    case 'reset': {
      const r = rangeOf(sheet, op.area);
      if (op.validation) r.Validation.Delete();
      r.UnMerge();
      r.Clear();
      r.EntireColumn.Hidden = false;
      return;
    }
    case 'numberFormat':
      rangeOf(sheet, op.area).NumberFormat = op.format;
      return;
    case 'values':
      rangeOf(sheet, { r: op.r, c: op.c, rows: op.values.length, cols: op.values[0].length }).Value2 = op.values;
      return;
    case 'font': {
      const f = rangeOf(sheet, op.area).Font;
      f.Name = op.name;
      f.Size = op.size;
      f.Bold = op.bold;
      return;
    }
    case 'fill': {
      const interior = rangeOf(sheet, op.area).Interior;
      if (op.color) interior.Color = bgr(op.color);
      else interior.ColorIndex = XL.none;
      return;
    }
    case 'wrap':
      rangeOf(sheet, op.area).WrapText = op.wrap;
      return;
    case 'align': {
      const r = rangeOf(sheet, op.area);
      r.HorizontalAlignment = op.h === 'Center' ? XL.center : XL.left;
      r.VerticalAlignment = op.v === 'Center' ? XL.center : XL.top;
      return;
    }
    case 'borders': {
      const borders = rangeOf(sheet, op.area).Borders;
      for (const edge of BORDER_EDGES) borders.Item(edge as never).LineStyle = XL.continuous;
      return;
    }
    case 'unlock':
      rangeOf(sheet, op.area).Locked = false;
      return;
    case 'validation': {
      const v = rangeOf(sheet, op.area).Validation;
      v.Delete();
      v.Add(XL.validateList as never, XL.alertStop, XL.between, op.values.join(','));
      v.InCellDropdown = true;
      v.ShowError = true;
      v.ErrorTitle = '完成状态';
      v.ErrorMessage = `请从下拉列表中选择：${op.values.join('、')}`;
      return;
    }
    case 'columnWidth':
      rangeOf(sheet, { r: 0, c: op.col, rows: 1, cols: 1 }).EntireColumn.ColumnWidth = op.width;
      return;
    case 'hideColumn':
      rangeOf(sheet, { r: 0, c: op.col, rows: 1, cols: 1 }).EntireColumn.Hidden = true;
      return;
    case 'rowHeight':
      rangeOf(sheet, { r: op.row, c: 0, rows: op.rows, cols: 1 }).RowHeight = op.points;
      return;
    case 'merge': {
      // Merge keeps the top-left value; with other cells filled the program would ask the person
      // first, so empty them (the layout repeats a task's text on each of its rows) and merge.
      const r = rangeOf(sheet, op.area);
      const anchor = r.Item(1, 1) as Et.Range;
      const v = get(anchor, 'Value2');
      r.ClearContents();
      anchor.Value2 = v as never;
      r.Merge(false);
      return;
    }
    case 'freeze': {
      // As in VBA: freeze panes belong to the window of the active sheet.
      sheet.Activate();
      const w = get(app, 'ActiveWindow') as Et.Window;
      w.FreezePanes = false;
      w.SplitColumn = 0;
      w.SplitRow = op.rows;
      w.FreezePanes = true;
      return;
    }
    case 'pageLayout': {
      const ps = get(sheet, 'PageSetup') as Et.PageSetup;
      const p = printSetup(op.print);
      ps.Orientation = (p.landscape ? XL.landscape : XL.portrait) as never;
      ps.PaperSize = PAPER[op.print.paper] as never;
      ps.Zoom = false;
      ps.FitToPagesWide = 1;
      ps.FitToPagesTall = false;
      ps.CenterHorizontally = op.print.centerHorizontally;
      Object.assign(ps, { LeftMargin: p.margins.left, RightMargin: p.margins.right, TopMargin: p.margins.top, BottomMargin: p.margins.bottom, HeaderMargin: p.margins.header, FooterMargin: p.margins.footer });
      ps.PrintTitleRows = p.titleRows;
      ps.CenterFooter = p.centerFooter;
      return;
    }
    case 'activate':
      sheet.Activate();
      return;
    case 'setting':
      return; // document state: the port writes it (wps-state.ts)
  }
}
