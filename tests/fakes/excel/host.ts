// A strict in-memory fake of exactly the Excel JavaScript API surface the add-in uses. It queues
// commands like Office.js and runs them on `context.sync()`, and enforces what Excel enforces:
//  - reading a property before `load` + `sync` throws PropertyNotLoaded;
//  - a 2-D array must match the range's size;
//  - writing to a locked cell (or formatting, merging, validating) on a protected sheet fails;
//  - members above the host's ExcelApi version throw ApiNotFound (table generated from the
//    `[Api set: ExcelApi x]` annotations of @types/office-js);
//  - a request over Excel on the web's 5 MB payload limit fails; syncs and payload bytes are counted;
//  - members the add-in does not use are not modeled: touching one throws, so the fake stays exact.
// No DOM, no Node APIs: it runs in Node tests and in the browser test page.
// Split per host object: context.ts (RequestContext, sync), workbook.ts, worksheet.ts, range.ts;
// the cells themselves are ../grid.ts, shared with the WPS fake.
import { EXCEL_API_SETS } from './requirement-sets.generated';
import { areaA1 as a1 } from '../../../shared/layout/a1';
import { pasteBlock, WorkbookState, writeCell, type MergeArea, type SheetState } from '../grid';
import { FakeExcelError } from './client-object';
import { RequestContext } from './context';

export { FakeExcelError } from './client-object';
export type { RequestContext } from './context';

export const WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;
export interface HostOptions {
  /** Highest ExcelApi set the host supports (Office 2021: 1.14). */
  apiVersion?: string;
  /** Request payload limit in bytes (Excel on the web: 5 MB); null for none. */
  payloadLimit?: number | null;
}

export function compareVersions(a: string, b: string): number {
  const [a1v, a2v] = a.split('.').map(Number);
  const [b1v, b2v] = b.split('.').map(Number);
  return a1v - b1v || a2v - b2v;
}

const encoder = new TextEncoder();

export class FakeExcelHost {
  readonly workbook = new WorkbookState();
  readonly apiVersion: string;
  readonly payloadLimit: number | null;
  /** Cap on all settings' JSON (Office: 2 MB per add-in). */
  settingsLimit = 2 * 1024 * 1024;
  /** What the add-in last selected (a conflict card's 定位). */
  selection: { sheet: string; area: MergeArea } | null = null;
  /** While set, a cell is being edited: every request fails with InvalidOperationInCellEditMode. */
  editing = false;
  /** Bytes of each sync's request, in order. */
  readonly payloads: number[] = [];
  /** Bytes of each sync's response (loaded values), in order. */
  readonly responses: number[] = [];

  constructor(opts: HostOptions = {}) {
    this.apiVersion = opts.apiVersion ?? '1.14';
    this.payloadLimit = opts.payloadLimit === undefined ? WEB_PAYLOAD_LIMIT : opts.payloadLimit;
  }

  get syncs(): number {
    return this.payloads.length;
  }
  get maxPayload(): number {
    return this.payloads.reduce((m, b) => Math.max(m, b), 0);
  }
  resetCounters(): void {
    this.payloads.length = 0;
    this.responses.length = 0;
  }

  supports(version: string): boolean {
    return compareVersions(version, this.apiVersion) <= 0;
  }

  gate(cls: string, member: string): void {
    const set = EXCEL_API_SETS[cls]?.[member];
    if (set && !this.supports(set)) {
      throw new FakeExcelError('ApiNotFound', `${cls}.${member} needs ExcelApi ${set}; this host has ${this.apiVersion}`);
    }
  }

  async run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T> {
    const ctx = new RequestContext(this);
    const result = await batch(ctx);
    if (ctx._queue.length) await ctx.sync();
    return result;
  }

  /** The globals Office.js would define: install with `Object.assign(globalThis, host.globals())`. */
  globals(): { Office: unknown; Excel: unknown; OfficeExtension: unknown } {
    const host = this;
    const Office = {
      HostType: { Excel: 'Excel' },
      PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline' },
      onReady: (cb?: (info: { host: string; platform: string }) => void) => {
        const info = { host: 'Excel', platform: 'OfficeOnline' };
        cb?.(info);
        return Promise.resolve(info);
      },
      context: {
        displayLanguage: 'zh-CN',
        requirements: {
          isSetSupported: (name: string, version?: string) => name === 'ExcelApi' && host.supports(version ?? '1.1'),
        },
      },
    };
    const Excel = { run: <T>(batch: (c: RequestContext) => Promise<T>) => host.run(batch) };
    const OfficeExtension = { Error: FakeExcelError };
    return { Office, Excel, OfficeExtension };
  }

  // ── what a person does in the grid (not Office.js; for tests) ──────────────────────────
  /** Type a value into a cell, as a person would: refused on locked cells of a protected sheet and
   * by a list validation's stop alert. Fires onChanged. */
  type(sheetName: string, row: number, col: number, value: string): void {
    const sheet = this.mustSheet(sheetName);
    const cell = sheet.cell(row, col);
    if (sheet.protected && cell.locked) throw new FakeExcelError('AccessDenied', '您试图更改的单元格或图表位于受保护的工作表中。');
    if (cell.validation && value !== '' && !cell.validation.includes(value)) {
      throw new FakeExcelError('InvalidArgument', '此值与此单元格定义的数据验证限制不匹配。');
    }
    writeCell(sheet, row, col, value);
    this.fireChanged(sheet, { top: row, left: col, bottom: row, right: col });
  }

  /**
   * Paste a block: bypasses list validation (as in Excel) and fires no onChanged (paste and
   * text-to-columns raise none on some hosts — reported by others, issue 12). `formats`: the pasted
   * cells' number format, which a paste brings along (a date then reads back as a serial number).
   */
  paste(sheetName: string, row: number, col: number, values: (string | number)[][], fireEvent = false, formats?: string): void {
    const sheet = this.mustSheet(sheetName);
    pasteBlock(sheet, row, col, values, formats, () => new FakeExcelError('AccessDenied', 'locked cell'));
    if (fireEvent) this.fireChanged(sheet, { top: row, left: col, bottom: row + values.length - 1, right: col + values[0].length - 1 });
  }

  /** Read a cell as a person sees it. */
  text(sheetName: string, row: number, col: number): string {
    return String(this.mustSheet(sheetName).valueAt(row, col));
  }

  mustSheet(name: string): SheetState {
    return this.workbook.mustSheet(name);
  }

  private fireChanged(sheet: SheetState, area: MergeArea): void {
    for (const h of sheet.changedHandlers) void Promise.resolve().then(() => h({ address: a1(area), worksheetId: sheet.id, source: 'Local' }));
  }
}
