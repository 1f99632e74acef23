// The spreadsheet as the add-in's core needs it — the one thing Excel (Office.js) and WPS 表格
// (WPS JS API) adapters implement. Three abilities: read a region's values, apply a list of sheet
// commands, keep document state. Everything else (layout, sync, conflicts) is host-neutral.
import type { ReadSheet } from '../../shared/sync/read-sheet';
import type { Area, Features, SheetOp } from '../sheet/sheet-ops';
import { TEXTS } from './texts';

export interface SheetRead {
  name: string;
  exists: boolean;
  /** The sheet read back as ours (key header found), else null. */
  read: ReadSheet | null;
  /** The used range (null: empty sheet). */
  extent: Area | null;
  /** Sheet protection is on (Excel refuses unprotect() on an unprotected sheet, so we must know). */
  protected: boolean;
}

export interface DocRead {
  /** The document state stored under the requested key (raw; the caller checks its shape). */
  state: unknown | null;
  sheets: SheetRead[];
}

/** A guarded write that did not stick: the person had typed `typed` there after the sync read it. */
export interface LostWrite {
  r: number;
  c: number;
  typed: string;
}

export interface WriteResult {
  /** Host requests used (Office.js `context.sync()` calls; WPS: 1 — its object model is synchronous). */
  requests: number;
  /**
   * Cells of `values` commands with `expect` that no longer held `expect` when written. WPS leaves
   * them untouched; Excel (which cannot write conditionally) reports what it overwrote, and the
   * caller writes the person's text back. Either way the caller treats them as typed after the read.
   */
  lost: LostWrite[];
}

export interface SpreadsheetPort {
  /** Shown in messages: 'Excel' or 'WPS 表格'. */
  readonly hostName: string;
  /** What this host supports beyond the basics (drop-down lists, page setup). */
  features(): Features;
  /**
   * One round: the document state under `stateKey` and each candidate sheet. `full`: every value of
   * the used range (a unit's sheet: needed to find edits); otherwise the extent and the top rows
   * that hold the key header (the coordinator's big read-only table: keeps the response small).
   */
  read(names: string[], stateKey: string, full: boolean): Promise<DocRead>;
  /** Run commands on `sheet` (created first when it does not exist) in as few requests as allowed. */
  write(sheet: { name: string; exists: boolean }, ops: SheetOp[]): Promise<WriteResult>;
  /** A small document value (the server address), null when absent. */
  getValue(key: string): Promise<unknown | null>;
  setValue(key: string, value: unknown): Promise<void>;
  /** Select a region and bring it into view (a conflict card's 定位). */
  select(sheet: string, area: Area): Promise<void>;
  /** Call `onChange` when the person edits the sheet — a hint only: hosts skip some edits (paste). */
  watch(sheet: string, onChange: () => void): Promise<void>;
}

/** Thrown by adapters when the host refuses calls while a cell is being edited and did not stop in time. */
export class CellEditModeError extends Error {
  constructor() {
    super(TEXTS.cellEditTimeout);
    this.name = 'CellEditModeError';
  }
}

/** What the pane shows while an adapter waits for the person to leave cell-edit mode. */
export const WAITING_FOR_CELL_EDIT = TEXTS.cellEditWait;
