// Part of the strict fake WPS 表格 (see host.ts): Worksheet, PageSetup and the window's freeze panes.
import { parseA1, type MergeArea, type SheetState } from '../grid';
import { FakeWpsError, strict } from './strict';
import type { FakeWpsHost } from './host';
import { MAX_ADDRESS, WpsRange } from './range';
import type { WpsAreas } from './areas';

const BAD_NAME = /[[\]:*?/\\]/;

export class WpsWorksheet {
  constructor(
    readonly _host: FakeWpsHost,
    readonly _sheet: SheetState,
  ) {}
  get Name(): string {
    return this._sheet.name;
  }
  /** Sheet names: 1–31 characters, none of []:*?/\, unique in the workbook (Excel and WPS). */
  set Name(v: string) {
    if (!v || v.length > 31 || BAD_NAME.test(v)) throw new FakeWpsError(`工作表名称无效：${v}`);
    if (this._host.workbook.sheets.some((s) => s !== this._sheet && s.name.toLowerCase() === v.toLowerCase())) throw new FakeWpsError(`工作表名称已存在：${v}`);
    this._sheet.name = v;
  }
  /** XlSheetVisibility: -1 visible, 0 hidden, 2 very hidden (cannot be unhidden from the UI). */
  get Visible(): number {
    return this._host.visibility.get(this._sheet) ?? -1;
  }
  set Visible(v: number) {
    if (![-1, 0, 2].includes(v)) throw new FakeWpsError(`Visible ${v}`);
    this._host.visibility.set(this._sheet, v);
  }
  Activate(): void {
    if (this.Visible !== -1) throw new FakeWpsError('不能激活隐藏的工作表。');
    this._host.workbook.active = this._sheet;
  }
  get Cells(): WpsRange {
    return this._host._range(this._sheet, { top: 0, left: 0, bottom: 1_048_575, right: 16_383 });
  }
  /** Range("A1:B2"), Range("A5:A7,A9:A12") (several areas, see areas.ts) or Range(cell1, cell2). */
  Range(a: string | WpsRange, b?: WpsRange): WpsRange | WpsAreas {
    if (typeof a === 'string') {
      if (a.length > MAX_ADDRESS) throw new FakeWpsError(`Range("${a.slice(0, 40)}…"): 地址超过 ${MAX_ADDRESS} 个字符。(1004)`);
      const areas = a.split(',').map((x) => parseA1(x.trim()));
      if (areas.some((x) => !x)) throw new FakeWpsError(`Range("${a}")`);
      return areas.length === 1 ? this._host._range(this._sheet, areas[0]!) : this._host._areas(this._sheet, areas as MergeArea[]);
    }
    const x = a._area;
    const y = (b ?? a)._area;
    return this._host._range(this._sheet, { top: Math.min(x.top, y.top), left: Math.min(x.left, y.left), bottom: Math.max(x.bottom, y.bottom), right: Math.max(x.right, y.right) });
  }
  /** VBA UsedRange: cells with a value or a format; A1 on an empty sheet. */
  get UsedRange(): WpsRange {
    return this._host._range(this._sheet, this._sheet.usedRange(false) ?? { top: 0, left: 0, bottom: 0, right: 0 });
  }
  get ProtectContents(): boolean {
    return this._sheet.protected;
  }
  /** Protect(Password, DrawingObjects, Contents, Scenarios, UserInterfaceOnly, AllowFormattingCells, AllowFormattingColumns, AllowFormattingRows). */
  Protect(password?: string, _d?: boolean, _c?: boolean, _s?: boolean, _ui?: boolean, cells?: boolean, columns?: boolean, rows?: boolean): void {
    if (password) throw new FakeWpsError('fake WPS models protection without a password only');
    // VBA: Protect on a protected sheet raises no error (it re-applies the options) — as modeled.
    this._sheet.protected = true;
    this._sheet.protectionOptions = { allowFormatCells: !!cells, allowFormatColumns: !!columns, allowFormatRows: !!rows };
  }
  /** VBA: Unprotect on an unprotected sheet raises no error. */
  Unprotect(password?: string): void {
    if (password) throw new FakeWpsError('fake WPS models protection without a password only');
    this._sheet.protected = false;
    this._sheet.protectionOptions = {};
  }
  get PageSetup() {
    const pl = this._sheet.pageLayout;
    const enumOf = (map: Record<number, string>, v: number, what: string) => {
      if (!(v in map)) throw new FakeWpsError(`${what} ${v}`);
      return map[v];
    };
    return strict(
      this._host,
      {
        set Orientation(v: number) {
          pl.orientation = enumOf({ 1: 'Portrait', 2: 'Landscape' }, v, 'Orientation');
        },
        set PaperSize(v: number) {
          pl.paperSize = enumOf({ 8: 'A3', 9: 'A4' }, v, 'PaperSize');
        },
        set Zoom(v: number | false) {
          pl.zoom = v === false ? { ...pl.zoom, scale: undefined } : { scale: v };
        },
        set FitToPagesWide(v: number | false) {
          pl.zoom = { ...pl.zoom, horizontalFitToPages: v === false ? undefined : v };
        },
        set FitToPagesTall(v: number | false) {
          pl.zoom = { ...pl.zoom, verticalFitToPages: v === false ? 0 : v };
        },
        set CenterHorizontally(v: boolean) {
          pl.centerHorizontally = v;
        },
        set LeftMargin(v: number) {
          pl.margins.left = v;
        },
        set RightMargin(v: number) {
          pl.margins.right = v;
        },
        set TopMargin(v: number) {
          pl.margins.top = v;
        },
        set BottomMargin(v: number) {
          pl.margins.bottom = v;
        },
        set HeaderMargin(v: number) {
          pl.margins.header = v;
        },
        set FooterMargin(v: number) {
          pl.margins.footer = v;
        },
        set PrintTitleRows(v: string) {
          if (!/^\$\d+:\$\d+$/.test(v)) throw new FakeWpsError(`PrintTitleRows ${v}`);
          pl.printTitleRows = v;
        },
        set CenterFooter(v: string) {
          pl.centerFooter = v;
        },
      },
      'PageSetup',
    );
  }
}

/** ActiveWindow: freeze panes apply to the active sheet (VBA Window.SplitRow / FreezePanes). */
export function activeWindow(host: FakeWpsHost) {
  let split = 0;
  return strict(
    host,
    {
      set FreezePanes(v: boolean) {
        host.workbook.active!.frozenRows = v ? split : 0;
      },
      set SplitRow(v: number) {
        split = v;
      },
      set SplitColumn(v: number) {
        if (v !== 0) throw new FakeWpsError('fake WPS models frozen rows only');
      },
    },
    'Window',
  );
}
