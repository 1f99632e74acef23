// Runs the sheet commands, packed into steps by wps-batch.ts, on the WPS 表格 object model (WPS JS
// API: synchronous, VBA-like; types from et-jsapi-declare). The only place layout meets WPS.
// Constants are the VBA enumeration values the WPS API takes (XlHAlign, XlVAlign, XlLineStyle,
// XlDVType, XlPageOrientation, XlPaperSize).
/// <reference types="et-jsapi-declare" />
import { printSetup, type Area } from '../sheet/sheet-ops';
import { get, type WpsSheet } from './wps-api';
import { addressChunks, addressOf, type WpsStep } from './wps-batch';

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
  return sheet.Range(addressOf(a));
}

/** '#RRGGBB' → the BGR integer WPS (like VBA's RGB()) takes for colours. */
export function bgr(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | (n >> 16);
}

/** Run one step (wps-batch.ts): merges and row heights over many areas per call, the rest as commanded. */
export function runStep(app: Et.Application, sheet: WpsSheet, op: WpsStep): void {
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
    // Many areas per range ("A5:A7,A9:A12"). ASSUMPTIONS to check on a real WPS (the fake models
    // them, tests/fakes/wps/areas.ts): RowHeight sets the rows of every area, Merge merges each
    // area on its own, ClearContents empties every area — as VBA's Range does.
    case 'rowHeights':
      for (const address of addressChunks(op.areas)) sheet.Range(address).RowHeight = op.points;
      return;
    case 'merges':
      // Merge keeps the top-left value; with other cells filled the program would ask the person
      // first, so those that may hold something are emptied first (wps-batch.ts).
      for (const address of addressChunks(op.clear)) sheet.Range(address).ClearContents();
      for (const address of addressChunks(op.areas)) sheet.Range(address).Merge(false);
      return;
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
