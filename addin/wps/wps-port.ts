// The WPS 表格 adapter: the SpreadsheetPort over the WPS JS API (synchronous, VBA-like). Thin —
// reading, running commands (wps-exec.ts), document state on a very hidden sheet (wps-state.ts),
// selection and the change hint (ApiEvent SheetChange).
/// <reference types="et-jsapi-declare" />
import { cellText } from '../../shared/sync/diff';
import { readSheet } from '../../shared/sync/read-sheet';
import { CellEditModeError, WAITING_FOR_CELL_EDIT, type DocRead, type LostWrite, type SheetRead, type SpreadsheetPort } from '../core/port';
import type { Area, Features, SheetOp } from '../sheet/sheet-ops';
import { addSheet, findSheet, get, type WpsSheet } from './wps-api';
import { batchOps } from './wps-batch';
import { rangeOf, runStep } from './wps-exec';
import { readState, writeState } from './wps-state';

const HEAD_ROWS = 12;
const HEAD_COLS = 40;

export interface WpsPortOptions {
  onWait?: (message: string | null) => void;
  editWaitMs?: number;
  retryMs?: number;
  /** How to wait between tries (tests pass the fake's clock). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * While a cell is being edited, WPS (like Excel's COM server) rejects calls from outside its UI
 * thread — RPC_E_CALL_REJECTED (0x80010001). ASSUMPTION to check on a real WPS: the message text.
 * Nothing ran, so the operation is tried again once the person pressed Enter or Esc.
 */
const isEditModeError = (err: unknown) => /0x80010001|RPC_E_CALL_REJECTED/i.test(String((err as Error)?.message ?? err));

/** Value2 of a one-cell range is a scalar, of a larger range a 2-D array (as in VBA). */
function grid(range: Et.Range): unknown[][] {
  const v = get<unknown>(range, 'Value2');
  return Array.isArray(v) ? (v as unknown[][]) : [[v]];
}

function textAt(sheet: WpsSheet, r: number, c: number): string {
  const cell = rangeOf(sheet, { r, c, rows: 1, cols: 1 });
  const v = get(cell, 'Value2');
  return cellText(v, typeof v === 'number' ? String(get(cell, 'NumberFormat')) : undefined);
}

function readOne(sheet: WpsSheet, full: boolean): Pick<SheetRead, 'read' | 'extent'> {
  const used = get<Et.Range>(sheet, 'UsedRange');
  const top = get<number>(used, 'Row') - 1;
  const left = get<number>(used, 'Column') - 1;
  const rows = get<number>(get<Et.Range>(used, 'Rows'), 'Count');
  const cols = get<number>(get<Et.Range>(used, 'Columns'), 'Count');
  const values = full ? grid(used) : grid(rangeOf(sheet, { r: 0, c: 0, rows: HEAD_ROWS, cols: HEAD_COLS }));
  if (values.every((line) => line.every((v) => v === undefined || v === null || v === ''))) return { read: null, extent: null };
  // Numbers (dates and percentages come back as serials and fractions): their formats, cell by cell.
  const formats = values.map((line, i) => line.map((v, j) => (typeof v === 'number' ? String(get(rangeOf(sheet, { r: (full ? top : 0) + i, c: (full ? left : 0) + j, rows: 1, cols: 1 }), 'NumberFormat')) : undefined)));
  return {
    read: full ? readSheet(values, top, left, formats) : readSheet(values, 0, 0, formats),
    extent: { r: top, c: left, rows, cols },
  };
}

export function wpsPort(app: Et.Application, opts: WpsPortOptions = {}): SpreadsheetPort {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const wb = () => get<Et.Workbook>(app, 'ActiveWorkbook');
  async function attempt<T>(work: () => T): Promise<T> {
    const started = Date.now();
    for (let waited = 0; ; waited += opts.retryMs ?? 500) {
      try {
        const out = work();
        opts.onWait?.(null);
        return out;
      } catch (err) {
        if (!isEditModeError(err)) throw err;
        if (waited > (opts.editWaitMs ?? 120_000) || Date.now() - started > (opts.editWaitMs ?? 120_000) * 10) {
          opts.onWait?.(null);
          throw new CellEditModeError();
        }
        opts.onWait?.(WAITING_FOR_CELL_EDIT);
        await sleep(opts.retryMs ?? 500);
      }
    }
  }

  return {
    hostName: 'WPS 表格',
    // WPS has list validation and page setup in every version that runs JS add-ins.
    features: (): Features => ({ validation: true, pageLayout: true }),

    read: (names, stateKey, full) =>
      attempt((): DocRead => ({
        state: readState(wb(), stateKey),
        sheets: names.map((name) => {
          const sheet = findSheet(wb(), name);
          return sheet
            ? { name, exists: true, protected: !!get(sheet, 'ProtectContents'), ...readOne(sheet, full) }
            : { name, exists: false, read: null, extent: null, protected: false };
        }),
      })),

    write: (target, ops: SheetOp[]) =>
      attempt(() => {
        const sheet = findSheet(wb(), target.name) ?? addSheet(wb(), target.name);
        const lost: LostWrite[] = [];
        for (const op of batchOps(ops)) {
          if (op.op === 'setting') {
            writeState(app, wb(), op.key, op.value);
            continue;
          }
          if (op.op === 'values' && op.expect !== undefined) {
            // Synchronous: check and write in one go, nothing can come in between.
            const now = textAt(sheet, op.r, op.c);
            if (now !== op.expect && now !== op.values[0][0]) {
              lost.push({ r: op.r, c: op.c, typed: now });
              continue;
            }
          }
          runStep(app, sheet, op);
        }
        return { requests: 1, lost };
      }),

    getValue: (key) => attempt(() => readState(wb(), key)),
    setValue: (key, value) => attempt(() => writeState(app, wb(), key, value)),

    select: (name, a: Area) =>
      attempt(() => {
        const sheet = findSheet(wb(), name);
        if (!sheet) return;
        sheet.Activate();
        rangeOf(sheet, a).Select();
      }),

    async watch(name, onChange) {
      // SheetChange is a hint only (the snapshot diff decides): WPS, like Excel, may skip pastes.
      try {
        get<WPS.ApiEvent & { AddApiEventListener: (e: string, cb: (ws: Et.Worksheet) => void) => void }>(app, 'ApiEvent').AddApiEventListener('SheetChange', (ws: Et.Worksheet) => {
          if (String(get(ws, 'Name')) === name) onChange();
        });
      } catch {
        /* a hint only */
      }
    },
  };
}
