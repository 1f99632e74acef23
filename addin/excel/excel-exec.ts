// Queues the sheet commands on Office.js — the only place layout meets the Excel API. Requirement
// sets: everything here is ExcelApi ≤ 1.7 except list validation (1.8) and page layout (1.9),
// which the caller only emits when `Office.context.requirements.isSetSupported` says so.
import { printSetup, type Area, type SheetOp } from '../sheet/sheet-ops';
import { cellText } from '../../shared/sync/diff';
import type { LostWrite } from '../core/port';

const BORDER_EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'] as const;

function rangeOf(sheet: Excel.Worksheet, a: Area): Excel.Range {
  return sheet.getRangeByIndexes(a.r, a.c, a.rows, a.cols);
}

/** Paper names as Excel.PaperType. */
const PAPER: Record<string, string> = { A3: 'A3', A4: 'A4' };

export function queueOp(context: Excel.RequestContext, sheet: Excel.Worksheet, op: SheetOp): void {
  switch (op.op) {
    case 'unprotect':
      sheet.protection.unprotect();
      return;
    case 'protect':
      // No password (the office must be able to fix a sheet); people may still widen columns and rows.
      sheet.protection.protect({ allowFormatColumns: true, allowFormatRows: true });
      return;
    case 'reset': {
      const r = rangeOf(sheet, op.area);
      if (op.validation) r.dataValidation.clear();
      r.unmerge();
      r.clear('All');
      r.columnHidden = false;
      return;
    }
    case 'numberFormat': {
      const row = new Array<string>(op.area.cols).fill(op.format);
      rangeOf(sheet, op.area).numberFormat = Array.from({ length: op.area.rows }, () => row);
      return;
    }
    case 'values':
      sheet.getRangeByIndexes(op.r, op.c, op.values.length, op.values[0].length).values = op.values;
      return;
    case 'font': {
      const f = rangeOf(sheet, op.area).format.font;
      f.name = op.name;
      f.size = op.size;
      f.bold = op.bold;
      return;
    }
    case 'fill': {
      const fill = rangeOf(sheet, op.area).format.fill;
      if (op.color) fill.color = op.color;
      else fill.clear();
      return;
    }
    case 'wrap':
      rangeOf(sheet, op.area).format.wrapText = op.wrap;
      return;
    case 'align': {
      const fmt = rangeOf(sheet, op.area).format;
      fmt.horizontalAlignment = op.h as Excel.HorizontalAlignment;
      fmt.verticalAlignment = op.v as Excel.VerticalAlignment;
      return;
    }
    case 'borders': {
      const borders = rangeOf(sheet, op.area).format.borders;
      for (const edge of BORDER_EDGES) borders.getItem(edge).style = 'Continuous';
      return;
    }
    case 'unlock':
      rangeOf(sheet, op.area).format.protection.locked = false;
      return;
    case 'validation': {
      const dv = rangeOf(sheet, op.area).dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: op.values.join(',') } };
      dv.errorAlert = { showAlert: true, style: 'Stop', title: '完成状态', message: `请从下拉列表中选择：${op.values.join('、')}` };
      return;
    }
    case 'columnWidth':
      sheet.getRangeByIndexes(0, op.col, 1, 1).format.columnWidth = op.points;
      return;
    case 'hideColumn':
      sheet.getRangeByIndexes(0, op.col, 1, 1).columnHidden = true;
      return;
    case 'rowHeight':
      sheet.getRangeByIndexes(op.row, 0, op.rows, 1).format.rowHeight = op.points;
      return;
    case 'merge':
      rangeOf(sheet, op.area).merge(false);
      return;
    case 'freeze':
      sheet.freezePanes.freezeRows(op.rows);
      return;
    case 'pageLayout': {
      const pl = sheet.pageLayout;
      const p = printSetup(op.print);
      pl.orientation = (p.landscape ? 'Landscape' : 'Portrait') as Excel.PageOrientation;
      pl.paperSize = PAPER[op.print.paper] as Excel.PaperType;
      pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      pl.centerHorizontally = op.print.centerHorizontally;
      Object.assign(pl, { leftMargin: p.margins.left, rightMargin: p.margins.right, topMargin: p.margins.top, bottomMargin: p.margins.bottom, headerMargin: p.margins.header, footerMargin: p.margins.footer });
      pl.setPrintTitleRows(p.titleRows);
      pl.headersFooters.defaultForAllPages.centerFooter = p.centerFooter;
      return;
    }
    case 'setting':
      context.workbook.settings.add(op.key, op.value as never);
      return;
    case 'activate':
      sheet.activate();
      return;
  }
}

/**
 * Queue one batch and sync it. A guarded `values` command (with `expect`) loads its cell first in
 * the same request: Excel runs a request's commands in order, so the load sees the cell just before
 * our write. Office.js cannot write conditionally, so a cell that no longer held `expect` (the
 * person typed there after the sync read it, and it does not hold our value either) is reported for
 * the caller to put their text back.
 */
export async function runBatch(context: Excel.RequestContext, sheet: Excel.Worksheet, ops: SheetOp[]): Promise<LostWrite[]> {
  const probes: { r: number; c: number; expect: string; range: Excel.Range }[] = [];
  const written: string[] = [];
  for (const op of ops) {
    if (op.op === 'values' && op.expect !== undefined) {
      written.push(op.values[0][0]);
      const range = sheet.getRangeByIndexes(op.r, op.c, 1, 1);
      range.load('values,numberFormat');
      probes.push({ r: op.r, c: op.c, expect: op.expect, range });
    }
    queueOp(context, sheet, op);
  }
  await context.sync();
  return probes
    .map((p) => ({ r: p.r, c: p.c, typed: cellText(p.range.values[0][0], p.range.numberFormat[0][0]), expect: p.expect }))
    .filter((p, i) => p.typed !== p.expect && p.typed !== written[i])
    .map(({ r, c, typed }) => ({ r, c, typed }));
}
