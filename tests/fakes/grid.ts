// The workbook state behind both strict fakes (Excel and WPS): plain data the fakes' objects change,
// and that tests inspect directly (like looking at the sheet in the spreadsheet program).
export type CellValue = string | number | boolean;

export interface CellFormat {
  fontName: string;
  fontSize: number;
  fontBold: boolean;
  fontColor: string;
  fill: string | null;
  wrap: boolean;
  hAlign: string;
  vAlign: string;
  borders: Record<string, string>; // edge → style
}

export interface Cell {
  value: CellValue;
  formula: string | null;
  numberFormat: string;
  locked: boolean;
  format: CellFormat;
  validation: string[] | null; // list validation's allowed values
}

export interface PageLayoutState {
  orientation: string;
  paperSize: string;
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  printTitleRows: string | null;
  centerFooter: string;
  centerHeader: string;
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number }; // points
  centerHorizontally: boolean;
}

export interface MergeArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export class SheetState {
  readonly cells = new Map<string, Cell>();
  readonly colWidths = new Map<number, number>(); // points
  readonly rowHeights = new Map<number, number>(); // points
  readonly hiddenCols = new Set<number>();
  merges: MergeArea[] = [];
  frozenRows = 0;
  protected = false;
  protectionOptions: Record<string, boolean> = {};
  pageLayout: PageLayoutState = {
    orientation: 'Portrait',
    paperSize: 'Letter',
    zoom: { scale: 100 },
    printTitleRows: null,
    centerFooter: '',
    centerHeader: '',
    margins: { left: 50.4, right: 50.4, top: 54, bottom: 54, header: 21.6, footer: 21.6 },
    centerHorizontally: false,
  };
  readonly changedHandlers: ((e: { address: string; worksheetId: string; source: string }) => unknown)[] = [];

  constructor(
    public name: string,
    public readonly id: string,
  ) {}

  cell(r: number, c: number): Cell {
    return this.cells.get(`${r},${c}`) ?? blankCell();
  }

  /** The cell to change (created on first write). */
  mutable(r: number, c: number): Cell {
    const k = `${r},${c}`;
    let cell = this.cells.get(k);
    if (!cell) {
      cell = blankCell();
      this.cells.set(k, cell);
    }
    return cell;
  }

  /** The merge area whose non-top-left part holds (r, c), if any. */
  mergeCovering(r: number, c: number): MergeArea | undefined {
    return this.merges.find((m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right);
  }

  /** Value as Excel shows it: the non-top-left cells of a merge read empty. */
  valueAt(r: number, c: number): CellValue {
    const m = this.mergeCovering(r, c);
    if (m && (m.top !== r || m.left !== c)) return '';
    return this.cell(r, c).value;
  }

  /** Extent of the cells holding a value (or a format when valuesOnly is false); null if none. */
  usedRange(valuesOnly: boolean): MergeArea | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (const [k, cell] of this.cells) {
      if (valuesOnly && cell.value === '' && !cell.formula) continue;
      const [r, c] = k.split(',').map(Number);
      top = Math.min(top, r);
      left = Math.min(left, c);
      bottom = Math.max(bottom, r);
      right = Math.max(right, c);
    }
    return bottom < 0 ? null : { top, left, bottom, right };
  }
}

export function blankFormat(): CellFormat {
  return {
    fontName: 'Calibri',
    fontSize: 11,
    fontBold: false,
    fontColor: '#000000',
    fill: null,
    wrap: false,
    hAlign: 'General',
    vAlign: 'Bottom',
    borders: {},
  };
}

export function blankCell(): Cell {
  return { value: '', formula: null, numberFormat: 'General', locked: true, format: blankFormat(), validation: null };
}

export class WorkbookState {
  readonly sheets: SheetState[] = [];
  readonly settings = new Map<string, unknown>();
  active: SheetState | null = null;
  private nextId = 1;

  constructor() {
    this.addSheet('Sheet1');
  }

  addSheet(name: string): SheetState {
    const s = new SheetState(name, `{fake-sheet-${this.nextId++}}`);
    this.sheets.push(s);
    this.active ??= s;
    return s;
  }

  sheet(name: string): SheetState | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** For tests: the sheet, which must exist. */
  mustSheet(name: string): SheetState {
    const s = this.sheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }
}

// ── A1 addresses ────────────────────────────────────────────────────────────

/** 'A1', 'B2:D9', '$A$1:$C$3' → 0-based area; null if not a plain cell/area address. */
export function parseA1(address: string): MergeArea | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(address.toUpperCase().replace(/^.*!/, ''));
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const top = Number(m[2]) - 1;
  const left = col(m[1]);
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  const right = m[3] ? col(m[3]) : left;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

// ── how a spreadsheet takes text ──────────────────────────────────────────
/** Excel turns typed/written text into numbers and formulas unless the cell is formatted as text ('@'). */
export function writeCell(sheet: SheetState, r: number, c: number, v: CellValue): void {
  const cell = sheet.mutable(r, c);
  if (typeof v === 'string' && cell.numberFormat !== '@') {
    // Office.js: a value starting with = + - is taken as a formula (unless it is a number).
    if (/^[=+-]/.test(v) && v.length > 1 && !/^[+-]?\d+(\.\d+)?$/.test(v.trim())) {
      cell.formula = v;
      cell.value = 0; // not evaluated; what matters is that it is no longer the text typed
      return;
    }
    if (/^-?\d+(\.\d+)?$/.test(v.trim())) {
      cell.value = Number(v);
      cell.formula = null;
      return;
    }
  }
  cell.value = v;
  cell.formula = null;
}


/**
 * A person pastes a block: refused where a cell is locked on a protected sheet, otherwise written
 * with no list-validation check (as in Excel and WPS); the pasted cells bring their number format.
 */
export function pasteBlock(sheet: SheetState, row: number, col: number, values: CellValue[][], formats: string | undefined, locked: () => Error): void {
  values.forEach((line, i) =>
    line.forEach((_v, j) => {
      if (sheet.protected && sheet.cell(row + i, col + j).locked) throw locked();
    }),
  );
  values.forEach((line, i) =>
    line.forEach((v, j) => {
      if (formats) sheet.mutable(row + i, col + j).numberFormat = formats;
      writeCell(sheet, row + i, col + j, v);
    }),
  );
}

// ── area helpers ──────────────────────────────────────────────────────────
export function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
export function forEach(a: MergeArea, fn: (r: number, c: number) => void): void {
  for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) fn(r, c);
}
export function grid<T>(a: MergeArea, fn: (r: number, c: number) => T): T[][] {
  return range(a.top, a.bottom).map((r) => range(a.left, a.right).map((c) => fn(r, c)));
}
export function overlaps(x: MergeArea, y: MergeArea): boolean {
  return x.top <= y.bottom && y.top <= x.bottom && x.left <= y.right && y.left <= x.right;
}
