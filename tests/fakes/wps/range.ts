// Part of the strict fake WPS 表格 (see host.ts): Range and its parts (Font, Interior, Borders,
// Validation). The model is VBA's, which the WPS JS API mirrors (et-jsapi-declare's Et.Range).
import { blankFormat, forEach, grid, overlaps, writeCell, type CellValue, type MergeArea, type SheetState } from '../grid';
import { FakeWpsError, strict } from './strict';
import type { FakeWpsHost } from './host';

/** Excel's limits, which WPS shares (Microsoft "Excel specifications and limits"; WPS: assumption). */
export const MAX_ROW_HEIGHT = 409;
export const MAX_COLUMN_WIDTH = 255;
export const MAX_CELL_TEXT = 32_767;
/** A typed list (Formula1 "a,b,c") is capped at 255 characters (Excel's data-validation limit). */
export const MAX_LIST_SOURCE = 255;
/**
 * Worksheet.Range refuses an address over 255 characters: Excel's COM server failed a ~30-area
 * "G21:U21,G24:U24,…" (xlwings/xlwings#2353), and 255 is the hard limit of a range's address
 * (MicrosoftDocs/VBA-Docs#49: Range.Address stops at the last whole area under 255). WPS: ASSUMPTION.
 */
export const MAX_ADDRESS = 255;

const COLUMN_WIDTH_POINTS = (w: number) => Math.round((7 * w + 5) * 0.75 * 100) / 100;

export class WpsRange {
  constructor(
    readonly _host: FakeWpsHost,
    readonly _sheet: SheetState,
    readonly _area: MergeArea,
  ) {}
  private _wrap<T extends object>(o: T, cls: string): T {
    return strict(this._host, o, cls);
  }
  private _cells(fn: (r: number, c: number) => void): void {
    forEach(this._area, fn);
  }
  /** VBA: on a protected sheet locked cells refuse values (run-time error 1004). */
  _requireUnlocked(): void {
    if (!this._sheet.protected) return;
    this._cells((r, c) => {
      if (this._sheet.cell(r, c).locked) throw new FakeWpsError('您试图更改的单元格或图表受保护，因而是只读的。(1004)');
    });
  }
  /** Formatting a protected sheet needs the matching Allow… option of Protect (VBA Worksheet.Protect). */
  _requireFormat(option: 'allowFormatCells' | 'allowFormatColumns' | 'allowFormatRows' | null): void {
    if (this._sheet.protected && (!option || !this._sheet.protectionOptions[option])) throw new FakeWpsError(`工作表受保护，不能进行此操作（${option ?? 'structure'}）。(1004)`);
  }

  get Row(): number {
    return this._area.top + 1;
  }
  get Column(): number {
    return this._area.left + 1;
  }
  get Rows(): { Count: number } {
    return this._wrap({ Count: this._area.bottom - this._area.top + 1 }, 'Rows');
  }
  get Columns(): { Count: number } {
    return this._wrap({ Count: this._area.right - this._area.left + 1 }, 'Columns');
  }
  get Count(): number {
    return (this._area.bottom - this._area.top + 1) * (this._area.right - this._area.left + 1);
  }
  /** 1-based, relative to the range (VBA Range.Item(row, column)). */
  Item(row: number, col: number): WpsRange {
    const r = this._area.top + row - 1;
    const c = this._area.left + col - 1;
    return this._host._range(this._sheet, { top: r, left: c, bottom: r, right: c });
  }
  /** VBA Range.Value2: a scalar for one cell, a 2-D array otherwise; dates and currency as plain numbers. */
  get Value2(): CellValue | CellValue[][] {
    const g = grid(this._area, (r, c) => this._sheet.valueAt(r, c));
    return g.length === 1 && g[0].length === 1 ? g[0][0] : g;
  }
  set Value2(v: CellValue | CellValue[][]) {
    this._requireUnlocked();
    const rows = this._area.bottom - this._area.top + 1;
    const cols = this._area.right - this._area.left + 1;
    const g = Array.isArray(v) ? v : [[v]];
    // VBA fills a too-small array with #N/A and drops the excess; the fake refuses instead, so the
    // add-in never depends on either.
    if (g.length !== rows || g.some((line) => !Array.isArray(line) || line.length !== cols)) throw new FakeWpsError(`Value2: ${rows}×${cols} expected`);
    this._cells((r, c) => {
      const x = g[r - this._area.top][c - this._area.left];
      if (typeof x === 'string' && x.length > MAX_CELL_TEXT) throw new FakeWpsError('单元格文本超过 32767 个字符。');
      // A value written into a merged area's hidden cells is not kept (Excel: sbroenne/mcp-server-excel#831; WPS: assumption).
      const m = this._sheet.mergeCovering(r, c);
      if (m && (m.top !== r || m.left !== c)) return;
      writeCell(this._sheet, r, c, x ?? '');
    });
  }
  /** Displayed text of a one-cell range. */
  get Text(): string {
    return String(this._sheet.valueAt(this._area.top, this._area.left));
  }
  /** One format for all cells, or null when they differ (VBA). */
  get NumberFormat(): string | null {
    const all = new Set<string>();
    this._cells((r, c) => void all.add(this._sheet.cell(r, c).numberFormat));
    return all.size === 1 ? [...all][0] : null;
  }
  set NumberFormat(v: string) {
    this._requireFormat('allowFormatCells');
    this._cells((r, c) => (this._sheet.mutable(r, c).numberFormat = v));
  }
  get Font() {
    const fmt = (apply: (f: ReturnType<typeof blankFormat>) => void) => {
      this._requireFormat('allowFormatCells');
      this._cells((r, c) => apply(this._sheet.mutable(r, c).format));
    };
    return this._wrap(
      {
        set Name(v: string) {
          fmt((f) => (f.fontName = v));
        },
        set Size(v: number) {
          fmt((f) => (f.fontSize = v));
        },
        set Bold(v: boolean) {
          fmt((f) => (f.fontBold = v));
        },
      },
      'Font',
    );
  }
  /** Colours are BGR integers (VBA RGB()); ColorIndex = xlNone (-4142) clears the fill. */
  get Interior() {
    const set = (fill: string | null) => {
      this._requireFormat('allowFormatCells');
      this._cells((r, c) => (this._sheet.mutable(r, c).format.fill = fill));
    };
    return this._wrap(
      {
        set Color(v: number) {
          if (!Number.isInteger(v) || v < 0 || v > 0xffffff) throw new FakeWpsError(`Interior.Color ${v}`);
          const rgb = ((v & 0xff) << 16) | (v & 0xff00) | (v >> 16);
          set(`#${rgb.toString(16).padStart(6, '0').toUpperCase()}`);
        },
        set ColorIndex(v: number) {
          if (v !== -4142) throw new FakeWpsError('fake WPS models ColorIndex = xlNone only');
          set(null);
        },
      },
      'Interior',
    );
  }
  set WrapText(v: boolean) {
    this._requireFormat('allowFormatCells');
    this._cells((r, c) => (this._sheet.mutable(r, c).format.wrap = v));
  }
  set HorizontalAlignment(v: number) {
    const name = { [-4131]: 'Left', [-4108]: 'Center' }[v];
    if (!name) throw new FakeWpsError(`HorizontalAlignment ${v}`);
    this._requireFormat('allowFormatCells');
    this._cells((r, c) => (this._sheet.mutable(r, c).format.hAlign = name));
  }
  set VerticalAlignment(v: number) {
    const name = { [-4160]: 'Top', [-4108]: 'Center' }[v];
    if (!name) throw new FakeWpsError(`VerticalAlignment ${v}`);
    this._requireFormat('allowFormatCells');
    this._cells((r, c) => (this._sheet.mutable(r, c).format.vAlign = name));
  }
  /** Borders.Item(XlBordersIndex 7–12).LineStyle = xlContinuous (1). */
  get Borders() {
    const range = this;
    const names: Record<number, string> = { 7: 'EdgeLeft', 8: 'EdgeTop', 9: 'EdgeBottom', 10: 'EdgeRight', 11: 'InsideVertical', 12: 'InsideHorizontal' };
    return this._wrap(
      {
        Item(i: number) {
          const edge = names[i];
          if (!edge) throw new FakeWpsError(`Borders.Item(${i})`);
          return strict(
            range._host,
            {
              set LineStyle(v: number) {
                if (v !== 1) throw new FakeWpsError('fake WPS models xlContinuous borders only');
                range._requireFormat('allowFormatCells');
                range._cells((r, c) => (range._sheet.mutable(r, c).format.borders[edge] = 'Continuous'));
              },
            },
            'Border',
          );
        },
      },
      'Borders',
    );
  }
  /** Locking cannot change on a protected sheet (VBA: "Unable to set the Locked property"). */
  set Locked(v: boolean) {
    if (this._sheet.protected) throw new FakeWpsError('不能设置 Range 类的 Locked 属性。(1004)');
    this._cells((r, c) => (this._sheet.mutable(r, c).locked = v));
  }
  get Validation() {
    const range = this;
    const cells = (fn: (cell: ReturnType<SheetState['mutable']>) => void) => range._cells((r, c) => fn(range._sheet.mutable(r, c)));
    return this._wrap(
      {
        /** VBA Validation.Add: fails where validation already exists (Delete first); list source ≤ 255 characters. */
        Add(type: number, alertStyle: number, _operator: number, formula1: string) {
          if (range._sheet.protected) throw new FakeWpsError('工作表受保护。(1004)');
          if (type !== 3) throw new FakeWpsError('fake WPS models list validation (xlValidateList) only');
          if (alertStyle !== 1) throw new FakeWpsError('fake WPS models the stop alert only');
          if (formula1.length > MAX_LIST_SOURCE) throw new FakeWpsError(`数据有效性的序列来源超过 ${MAX_LIST_SOURCE} 个字符。`);
          let exists = false;
          cells((c) => (exists ||= !!c.validation));
          if (exists) throw new FakeWpsError('应用程序定义或对象定义的错误（单元格已有数据有效性，请先 Delete）。(1004)');
          const values = formula1.split(',').map((x) => x.trim());
          cells((c) => (c.validation = values));
        },
        Delete() {
          if (range._sheet.protected) throw new FakeWpsError('工作表受保护。(1004)');
          cells((c) => (c.validation = null));
        },
        InCellDropdown: true,
        ShowError: true,
        ErrorTitle: '',
        ErrorMessage: '',
      },
      'Validation',
    );
  }
  /** The whole columns of the range (for ColumnWidth and Hidden, as in VBA). */
  get EntireColumn() {
    const range = this;
    return this._wrap(
      {
        set ColumnWidth(v: number) {
          if (v < 0 || v > MAX_COLUMN_WIDTH) throw new FakeWpsError(`列宽必须在 0 到 ${MAX_COLUMN_WIDTH} 之间。`);
          range._requireFormat('allowFormatColumns');
          for (let c = range._area.left; c <= range._area.right; c++) range._sheet.colWidths.set(c, COLUMN_WIDTH_POINTS(v));
        },
        set Hidden(v: boolean) {
          range._requireFormat('allowFormatColumns');
          for (let c = range._area.left; c <= range._area.right; c++) {
            if (v) range._sheet.hiddenCols.add(c);
            else range._sheet.hiddenCols.delete(c);
          }
        },
      },
      'EntireColumn',
    );
  }
  set RowHeight(v: number) {
    if (v < 0 || v > MAX_ROW_HEIGHT) throw new FakeWpsError(`行高必须在 0 到 ${MAX_ROW_HEIGHT} 之间。`);
    this._requireFormat('allowFormatRows');
    for (let r = this._area.top; r <= this._area.bottom; r++) this._sheet.rowHeights.set(r, v);
  }
  /**
   * Merge keeps the top-left value only. Where other cells hold values too, Excel and WPS ask the
   * person first (the "只保留左上角的值" dialog); the fake refuses instead — ASSUMPTION on WPS's API
   * behaviour — so the add-in must empty them itself and never depend on a dialog.
   */
  Merge(across = false): void {
    if (this._mergeable(across)) this._sheet.merges.push({ ...this._area });
  }
  /**
   * Whether Merge has anything to do here (a single cell: no), throwing where it is refused. Cells
   * already merged — those in `taken` if given (a multi-area Merge), else in the sheet's merges —
   * cannot be part of a new merge (Excel/WPS: "不能对合并单元格作部分更改").
   */
  _mergeable(across: boolean, taken?: Set<string>): boolean {
    this._requireFormat(null);
    if (across) throw new FakeWpsError('fake WPS models Merge(false) only');
    const a = this._area;
    if (a.top === a.bottom && a.left === a.right) return false;
    const partial = () => new FakeWpsError('不能对合并单元格作部分更改。');
    if (!taken && this._sheet.merges.some((m) => overlaps(m, a))) throw partial();
    let filled = 0;
    this._cells((r, c) => {
      if (taken?.has(`${r},${c}`)) throw partial();
      if (this._sheet.cell(r, c).value !== '') filled++; // not merged: what the cell holds is what shows
    });
    if (filled > 1) throw new FakeWpsError('合并单元格时，仅保留左上角的值（需要用户确认）。');
    return true;
  }
  UnMerge(): void {
    this._requireFormat(null);
    this._sheet.merges = this._sheet.merges.filter((m) => !overlaps(m, this._area));
  }
  get MergeCells(): boolean | null {
    const inside = this._sheet.merges.filter((m) => overlaps(m, this._area));
    if (!inside.length) return false;
    return inside.some((m) => m.top === this._area.top && m.left === this._area.left && m.bottom === this._area.bottom && m.right === this._area.right) ? true : null;
  }
  /** Contents, formats, merges and validation (VBA Range.Clear). */
  Clear(): void {
    this._requireFormat(null);
    this._cells((r, c) => this._sheet.cells.delete(`${r},${c}`));
    this._sheet.merges = this._sheet.merges.filter((m) => !overlaps(m, this._area));
  }
  ClearContents(): void {
    this._requireUnlocked();
    this._cells((r, c) => {
      const cell = this._sheet.cells.get(`${r},${c}`);
      if (cell) Object.assign(cell, { value: '', formula: null });
    });
  }
  Select(): void {
    this._host.selection = { sheet: this._sheet.name, area: { ...this._area } };
  }
}
