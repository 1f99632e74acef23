// The Office.js adapter: the SpreadsheetPort over Excel.run. Thin — reading, queuing commands
// (excel-exec.ts), workbook settings for document state, selection and the change hint. Requirement
// sets: everything within the declared ExcelApi 1.7 except list validation (1.8) and page layout
// (1.9), which layout only emits when the host says it supports them.
import { readSheet } from '../../shared/sync/read-sheet';
import { CellEditModeError, WAITING_FOR_CELL_EDIT, type DocRead, type SpreadsheetPort, type WriteResult } from '../core/port';
import { splitOps, REQUEST_BUDGET, type Features, type SheetOp } from '../sheet/sheet-ops';
import { runBatch } from './excel-exec';

/** The requirement set the manifest declares; anything above is feature-detected. */
export const DECLARED_EXCEL_API = '1.7';

/** Where the key header of a laid-out sheet is looked for when not reading the whole sheet. */
const HEAD_ROWS = 12;
const HEAD_COLS = 40;

export interface ExcelHostApi {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  supports(excelApiVersion: string): boolean;
}

export interface ExcelPortOptions {
  requestBudget?: number;
  /** Told while Excel refuses calls because a cell is being edited (the pane shows it). */
  onWait?: (message: string | null) => void;
  /** How long to wait for the person to leave cell-edit mode, and how often to try again. */
  editWaitMs?: number;
  retryMs?: number;
}

export function officeExcelApi(): ExcelHostApi {
  return {
    run: (batch) => Excel.run(batch),
    supports: (v) => Office.context.requirements.isSetSupported('ExcelApi', v),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every Office.js call fails with InvalidOperationInCellEditMode while a cell is being edited
 * ("Exit Edit mode … and then try again": Microsoft, Excel JavaScript API error codes). Nothing of
 * that request ran, so it is safe to run it again once the person pressed Enter or Esc.
 */
async function untilNotEditing<T>(api: ExcelHostApi, opts: ExcelPortOptions, batch: (c: Excel.RequestContext) => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      const out = await api.run(batch);
      opts.onWait?.(null);
      return out;
    } catch (err) {
      if ((err as { code?: string }).code !== 'InvalidOperationInCellEditMode') throw err;
      if (Date.now() - started > (opts.editWaitMs ?? 120_000)) {
        opts.onWait?.(null);
        throw new CellEditModeError();
      }
      opts.onWait?.(WAITING_FOR_CELL_EDIT);
      await sleep(opts.retryMs ?? 500);
    }
  }
}

export function excelPort(api: ExcelHostApi, opts: ExcelPortOptions = {}): SpreadsheetPort {
  const budget = opts.requestBudget ?? REQUEST_BUDGET;
  const run = <T>(batch: (c: Excel.RequestContext) => Promise<T>) => untilNotEditing(api, opts, batch);
  return {
    hostName: 'Excel',
    features: (): Features => ({ validation: api.supports('1.8'), pageLayout: api.supports('1.9') }),

    read: (names, stateKey, full) =>
      run(async (ctx): Promise<DocRead> => {
        const setting = ctx.workbook.settings.getItemOrNullObject(stateKey);
        setting.load('value');
        const sheets = names.map((name) => {
          const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
          const used = ws.getUsedRangeOrNullObject(true);
          used.load(full ? 'values,numberFormat,rowIndex,columnIndex,rowCount,columnCount' : 'rowIndex,columnIndex,rowCount,columnCount');
          const head = full ? null : ws.getRangeByIndexes(0, 0, HEAD_ROWS, HEAD_COLS);
          head?.load('values');
          const protection = ws.protection;
          protection.load('protected');
          return { name, ws, used, head, protection };
        });
        await ctx.sync();
        return {
          state: setting.isNullObject ? null : setting.value,
          sheets: sheets.map(({ name, ws, used, head, protection }) => {
            if (ws.isNullObject) return { name, exists: false, read: null, extent: null, protected: false };
            if (used.isNullObject) return { name, exists: true, read: null, extent: null, protected: protection.protected };
            return {
              name,
              exists: true,
              protected: protection.protected,
              read: head ? readSheet(head.values) : readSheet(used.values, used.rowIndex, used.columnIndex, used.numberFormat),
              extent: { r: used.rowIndex, c: used.columnIndex, rows: used.rowCount, cols: used.columnCount },
            };
          }),
        };
      }),

    async write(sheet, ops: SheetOp[]): Promise<WriteResult> {
      const batches = splitOps(ops, budget);
      let exists = sheet.exists;
      const lost = [];
      for (const batch of batches) {
        lost.push(
          ...(await run(async (ctx) => {
            const ws = exists ? ctx.workbook.worksheets.getItem(sheet.name) : ctx.workbook.worksheets.add(sheet.name);
            const out = await runBatch(ctx, ws, batch);
            exists = true;
            return out;
          })),
        );
      }
      return { requests: batches.length, lost };
    },

    getValue: (key) =>
      run(async (ctx) => {
        const s = ctx.workbook.settings.getItemOrNullObject(key);
        s.load('value');
        await ctx.sync();
        return s.isNullObject ? null : s.value;
      }),

    setValue: (key, value) =>
      run(async (ctx) => {
        ctx.workbook.settings.add(key, value as never);
        await ctx.sync();
      }),

    select: (sheet, a) =>
      run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRangeByIndexes(a.r, a.c, a.rows, a.cols).select();
        await ctx.sync();
      }),

    async watch(sheet, onChange) {
      try {
        await run(async (ctx) => {
          ctx.workbook.worksheets.getItem(sheet).onChanged.add(async () => onChange());
          await ctx.sync();
        });
      } catch {
        /* a hint only */
      }
    },
  };
}
