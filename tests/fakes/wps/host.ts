// A strict in-memory fake of exactly the WPS 表格 JS API surface the add-in uses (WPS 加载项: a
// synchronous, VBA-like object model — et-jsapi-declare's Et.Application). What it enforces, each
// with its source (WPS mirrors VBA's object model; where WPS's own behaviour is not documented, the
// comment says ASSUMPTION — those are to be checked on a real WPS):
//  - members the add-in does not use are not modeled: touching one throws (strict.ts);
//  - some members are methods instead of properties in some WPS versions (`methods` option;
//    reported by others, issue 12) — the adapter must read properties through a helper;
//  - Range.Value2 is a scalar for one cell and a 2-D array otherwise; dates come back as serial
//    numbers (VBA Range.Value2 docs: "doesn't use the Currency and Date data types");
//  - on a protected sheet locked cells refuse values, and formatting needs the Protect Allow…
//    options; Locked, Merge and Validation refuse outright (VBA error 1004);
//    Protect on a protected sheet and Unprotect on an unprotected one raise nothing (VBA);
//  - Validation.Add fails where validation exists (VBA: Delete first) and refuses a typed list over
//    255 characters (Excel's limit; WPS: ASSUMPTION);
//  - merged areas: values written to hidden cells are dropped; Merge over several filled cells is
//    refused (the program would ask the person; ASSUMPTION for WPS's API) (range.ts);
//  - Range("A5:A7,A9:A12") is a range of several areas: Merge, ClearContents and RowHeight act on
//    each area, anything else is not modeled (areas.ts); an address over 255 characters is refused
//    (Excel's limit; WPS: ASSUMPTION) (range.ts MAX_ADDRESS);
//  - Sheets.Add activates the new sheet; names are ≤ 31 characters without []:*?/\; a very hidden
//    sheet (Visible = 2) cannot be activated (VBA);
//  - while a cell is being edited every call throws RPC_E_CALL_REJECTED (ASSUMPTION, strict.ts);
//  - typing into a General cell turns "=…" into a formula and digits into a number (as Excel);
//    typing is refused on locked cells of a protected sheet and by a list's stop alert; a paste
//    bypasses the list and raises no SheetChange (ASSUMPTION, mirrors Excel's onChanged).
// No DOM, no Node APIs: it runs in Node tests and in the browser test page.
import { pasteBlock, WorkbookState, writeCell, type MergeArea, type SheetState } from '../grid';
import { application } from './application';
import { WpsRange } from './range';
import { WpsAreas } from './areas';
import { WpsWorksheet } from './worksheet';
import { FakeWpsError, strict } from './strict';

export { FakeWpsError } from './strict';

export interface WpsOptions {
  /** Members served as zero-argument methods in this "version", e.g. ['Range.Value2', 'Sheets.Count']. */
  methods?: string[];
}

export class FakeWpsHost {
  readonly workbook = new WorkbookState();
  readonly methods: Set<string>;
  readonly visibility = new Map<SheetState, number>();
  readonly changeListeners: ((...a: unknown[]) => void)[] = [];
  readonly taskPanes: { ID: number; Visible: boolean; url: string }[] = [];
  fileName = '工作簿1.xlsx';
  selection: { sheet: string; area: MergeArea } | null = null;
  /** Object-model calls made (the WPS figure the benchmark prints: there are no batched requests). */
  calls = 0;
  /** While set, a cell is being edited: every call is rejected. */
  editing = false;

  constructor(opts: WpsOptions = {}) {
    this.methods = new Set(opts.methods ?? []);
  }

  /** The `Application` global of a WPS add-in page (also `window.wps`). */
  application(): unknown {
    return application(this);
  }

  _touch(cls: string, member: string): void {
    if (this.editing) throw new FakeWpsError(`呼叫被被呼叫方拒绝 (RPC_E_CALL_REJECTED 0x80010001): ${cls}.${member}`);
    this.calls++;
  }

  _range(sheet: SheetState, area: MergeArea): WpsRange {
    return strict(this, new WpsRange(this, sheet, area), 'Range');
  }

  _areas(sheet: SheetState, areas: MergeArea[]): WpsAreas {
    return strict(this, new WpsAreas(this, sheet, areas), 'Range');
  }

  resetCounters(): void {
    this.calls = 0;
  }

  // ── what a person does in the grid (not the JS API; for tests) ──────────────────────────
  type(sheetName: string, row: number, col: number, value: string): void {
    const sheet = this.mustSheet(sheetName);
    const cell = sheet.cell(row, col);
    if (sheet.protected && cell.locked) throw new FakeWpsError('您试图更改的单元格或图表受保护，因而是只读的。');
    if (cell.validation && value !== '' && !cell.validation.includes(value)) throw new FakeWpsError('输入值非法：其他用户已经限定了可以输入该单元格的数值（数据有效性）。');
    writeCell(sheet, row, col, value);
    const ws = strict(this, new WpsWorksheet(this, sheet), 'Worksheet');
    for (const cb of this.changeListeners) void Promise.resolve().then(() => cb(ws));
  }

  /** `fireEvent` is accepted for parity with the Excel fake and ignored: no SheetChange for a paste (ASSUMPTION). */
  paste(sheetName: string, row: number, col: number, values: (string | number)[][], _fireEvent = false, formats?: string): void {
    pasteBlock(this.mustSheet(sheetName), row, col, values, formats, () => new FakeWpsError('locked cell'));
  }

  /** Read a cell as a person sees it. */
  text(sheetName: string, row: number, col: number): string {
    return String(this.mustSheet(sheetName).valueAt(row, col));
  }

  mustSheet(name: string): SheetState {
    return this.workbook.mustSheet(name);
  }
}
