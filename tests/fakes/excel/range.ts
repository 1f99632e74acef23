// Part of the strict fake Excel (see host.ts for what it enforces and why).
import { areaA1 as a1 } from '../../../shared/layout/a1';
import { ClientObject, FakeExcelError, strict } from './client-object';
import type { RequestContext } from './context';
import type { Worksheet } from './worksheet';
import { blankFormat, forEach, grid, overlaps, range, writeCell, type CellValue, type MergeArea, type SheetState } from '../grid';
export class Range extends ClientObject {
  constructor(
    ctx: RequestContext,
    readonly _ws: Worksheet,
    readonly _area: () => MergeArea,
  ) {
    super(ctx, 'Range', `${_ws._path}.range`);
  }
  _sheet(): SheetState {
    return this._ws._sheet();
  }
  override _isNull(): boolean {
    return super._isNull() || this._ws._isNull() || (this._ws._nullable && !this._ws._resolve());
  }
  /** The path names the cells so each command's serialized size is realistic. */
  protected override _call(member: string, args: unknown[], run: () => void): void {
    this._host.gate(this._cls, member);
    this.context._enqueue({ o: this._path, r: this._addr(), m: member, a: args }, run);
  }
  protected override _set(prop: string, value: unknown, run: () => void): void {
    this._host.gate(this._cls, prop);
    this.context._enqueue({ o: this._path, r: this._addr(), s: prop, v: value }, run);
  }
  private _addr(): string {
    try {
      return a1(this._area());
    } catch {
      return '<used>';
    }
  }
  protected override _read(prop: string): unknown {
    const a = this._area();
    const s = this._sheet();
    switch (prop) {
      case 'values':
        return grid(a, (r, c) => s.valueAt(r, c));
      case 'formulas':
        return grid(a, (r, c) => s.cell(r, c).formula ?? s.valueAt(r, c));
      case 'numberFormat':
        return grid(a, (r, c) => s.cell(r, c).numberFormat);
      case 'rowIndex':
        return a.top;
      case 'columnIndex':
        return a.left;
      case 'rowCount':
        return a.bottom - a.top + 1;
      case 'columnCount':
        return a.right - a.left + 1;
      case 'address':
        return `${s.name}!${a1(a)}`;
      case 'columnHidden': {
        const cols = range(a.left, a.right).map((c) => s.hiddenCols.has(c));
        return cols.every(Boolean) ? true : cols.some(Boolean) ? null : false;
      }
    }
    return super._read(prop);
  }
  get isNullObject(): boolean {
    return this._get('isNullObject');
  }
  get values(): CellValue[][] {
    return this._get('values');
  }
  set values(v: CellValue[][]) {
    this._set('values', v, () => this._writeGrid('values', v));
  }
  get formulas(): CellValue[][] {
    return this._get('formulas');
  }
  get numberFormat(): string[][] {
    return this._get('numberFormat');
  }
  set numberFormat(v: string[][]) {
    this._set('numberFormat', v, () => {
      const a = this._area();
      checkSize(a, v);
      this._requireFormat('allowFormatCells');
      forEach(a, (r, c) => {
        this._sheet().mutable(r, c).numberFormat = v[r - a.top][c - a.left];
      });
    });
  }
  get rowIndex(): number {
    return this._get('rowIndex');
  }
  get columnIndex(): number {
    return this._get('columnIndex');
  }
  get rowCount(): number {
    return this._get('rowCount');
  }
  get columnCount(): number {
    return this._get('columnCount');
  }
  get address(): string {
    return this._get('address');
  }
  get columnHidden(): boolean {
    return this._get('columnHidden');
  }
  set columnHidden(v: boolean) {
    this._set('columnHidden', v, () => {
      this._requireFormat('allowFormatColumns');
      const a = this._area();
      for (let c = a.left; c <= a.right; c++) {
        if (v) this._sheet().hiddenCols.add(c);
        else this._sheet().hiddenCols.delete(c);
      }
    });
  }
  get format(): RangeFormat {
    return this._child('format', () => new RangeFormat(this.context, this), 'RangeFormat');
  }
  get dataValidation(): DataValidation {
    return this._child('dataValidation', () => new DataValidation(this.context, this), 'DataValidation');
  }
  /** Selects the range on the screen (ExcelApi 1.1); the fake records it on the host. */
  select(): void {
    this._call('select', [], () => {
      this._host.selection = { sheet: this._sheet().name, area: { ...this._area() } };
    });
  }
  merge(across = false): void {
    this._call('merge', [across], () => {
      const s = this._sheet();
      if (s.protected) throw new FakeExcelError('AccessDenied', 'cannot merge on a protected sheet');
      const a = this._area();
      const rows = across ? range(a.top, a.bottom).map((r) => ({ ...a, top: r, bottom: r })) : [a];
      for (const m of rows) {
        if (m.top === m.bottom && m.left === m.right) continue;
        if (s.merges.some((x) => overlaps(x, m))) throw new FakeExcelError('InvalidOperation', `merge ${a1(m)} overlaps a merged area`);
        // Excel keeps the top-left value only.
        forEach(m, (r, c) => {
          if (r !== m.top || c !== m.left) {
            const cell = s.cells.get(`${r},${c}`);
            if (cell) cell.value = '';
          }
        });
        s.merges.push({ ...m });
      }
    });
  }
  unmerge(): void {
    this._call('unmerge', [], () => {
      const s = this._sheet();
      if (s.protected) throw new FakeExcelError('AccessDenied', 'cannot unmerge on a protected sheet');
      const a = this._area();
      s.merges = s.merges.filter((m) => !overlaps(m, a));
    });
  }
  clear(applyTo: string = 'All'): void {
    this._call('clear', [applyTo], () => {
      const s = this._sheet();
      const a = this._area();
      if (s.protected) {
        if (applyTo !== 'Contents') throw new FakeExcelError('AccessDenied', 'cannot clear formats on a protected sheet');
        this._requireUnlocked();
      }
      forEach(a, (r, c) => {
        const cell = s.cells.get(`${r},${c}`);
        if (!cell) return;
        if (applyTo === 'All' || applyTo === 'Contents') {
          cell.value = '';
          cell.formula = null;
        }
        if (applyTo === 'All' || applyTo === 'Formats') {
          cell.format = blankFormat();
          cell.numberFormat = 'General';
          cell.locked = true;
        }
      });
      if (applyTo === 'All' || applyTo === 'Formats') s.merges = s.merges.filter((m) => !overlaps(m, a));
    });
  }

  _writeGrid(kind: 'values', v: CellValue[][]): void {
    const a = this._area();
    checkSize(a, v);
    this._requireUnlocked();
    const s = this._sheet();
    forEach(a, (r, c) => {
      const x = v[r - a.top][c - a.left];
      if (x === null || x === undefined) return; // null leaves the cell as it is (Office.js)
      if (typeof x === 'object') throw new FakeExcelError('InvalidArgument', `${kind}: not a cell value`);
      // A value for a merged area's hidden cell is not kept (Excel COM: sbroenne/mcp-server-excel#831;
      // Office.js: ASSUMPTION, the same grid underneath).
      const m = s.mergeCovering(r, c);
      if (m && (m.top !== r || m.left !== c)) return;
      writeCell(s, r, c, x);
    });
  }
  _requireUnlocked(): void {
    const s = this._sheet();
    if (!s.protected) return;
    forEach(this._area(), (r, c) => {
      if (s.cell(r, c).locked) throw new FakeExcelError('AccessDenied', `cell ${a1({ top: r, left: c, bottom: r, right: c })} is locked on a protected sheet`);
    });
  }
  _requireFormat(option: string): void {
    const s = this._sheet();
    if (s.protected && !s.protectionOptions[option]) throw new FakeExcelError('AccessDenied', `sheet is protected (${option} not allowed)`);
  }
  _cells(fn: (cell: ReturnType<SheetState['mutable']>) => void): void {
    forEach(this._area(), (r, c) => fn(this._sheet().mutable(r, c)));
  }
}

export class RangeFormat extends ClientObject {
  constructor(
    ctx: RequestContext,
    readonly _range: Range,
  ) {
    super(ctx, 'RangeFormat', `${_range._path}.format`);
  }
  private _fmt(prop: string, v: unknown, option: string, apply: () => void): void {
    this._host.gate(this._cls, prop);
    this.context._enqueue({ o: this._path, r: a1(safeArea(this._range)), s: prop, v }, () => {
      this._range._requireFormat(option);
      apply();
    });
  }
  set wrapText(v: boolean) {
    this._fmt('wrapText', v, 'allowFormatCells', () => this._range._cells((c) => (c.format.wrap = v)));
  }
  set horizontalAlignment(v: string) {
    this._fmt('horizontalAlignment', v, 'allowFormatCells', () => this._range._cells((c) => (c.format.hAlign = v)));
  }
  set verticalAlignment(v: string) {
    this._fmt('verticalAlignment', v, 'allowFormatCells', () => this._range._cells((c) => (c.format.vAlign = v)));
  }
  set columnWidth(v: number) {
    this._fmt('columnWidth', v, 'allowFormatColumns', () => {
      const a = this._range._area();
      for (let c = a.left; c <= a.right; c++) this._range._sheet().colWidths.set(c, v);
    });
  }
  set rowHeight(v: number) {
    if (v > 409) throw new FakeExcelError('InvalidArgument', `row height ${v} exceeds 409 points`);
    this._fmt('rowHeight', v, 'allowFormatRows', () => {
      const a = this._range._area();
      for (let r = a.top; r <= a.bottom; r++) this._range._sheet().rowHeights.set(r, v);
    });
  }
  get font(): RangeFont {
    return this._child('font', () => new RangeFont(this.context, this._range, this._path), 'RangeFont');
  }
  get fill(): RangeFill {
    return this._child('fill', () => new RangeFill(this.context, this._range, this._path), 'RangeFill');
  }
  get borders(): RangeBorderCollection {
    return this._child('borders', () => new RangeBorderCollection(this.context, this._range, this._path), 'RangeBorderCollection');
  }
  get protection(): FormatProtection {
    return this._child('protection', () => new FormatProtection(this.context, this._range, this._path), 'FormatProtection');
  }
}

abstract class RangePart extends ClientObject {
  constructor(
    ctx: RequestContext,
    cls: string,
    readonly _range: Range,
    path: string,
  ) {
    super(ctx, cls, path);
  }
  protected _fmt(prop: string, v: unknown, apply: (cell: ReturnType<SheetState['mutable']>) => void, option = 'allowFormatCells'): void {
    this._host.gate(this._cls, prop);
    this.context._enqueue({ o: this._path, r: a1(safeArea(this._range)), s: prop, v }, () => {
      this._range._requireFormat(option);
      this._range._cells(apply);
    });
  }
}

export class RangeFont extends RangePart {
  constructor(ctx: RequestContext, range: Range, parent: string) {
    super(ctx, 'RangeFont', range, `${parent}.font`);
  }
  set name(v: string) {
    this._fmt('name', v, (c) => (c.format.fontName = v));
  }
  set size(v: number) {
    this._fmt('size', v, (c) => (c.format.fontSize = v));
  }
  set bold(v: boolean) {
    this._fmt('bold', v, (c) => (c.format.fontBold = v));
  }
  set color(v: string) {
    this._fmt('color', v, (c) => (c.format.fontColor = v));
  }
}

export class RangeFill extends RangePart {
  constructor(ctx: RequestContext, range: Range, parent: string) {
    super(ctx, 'RangeFill', range, `${parent}.fill`);
  }
  set color(v: string) {
    this._fmt('color', v, (c) => (c.format.fill = v));
  }
  clear(): void {
    this._fmt('clear', null, (c) => (c.format.fill = null));
  }
}

export class RangeBorderCollection extends RangePart {
  constructor(ctx: RequestContext, range: Range, parent: string) {
    super(ctx, 'RangeBorderCollection', range, `${parent}.borders`);
  }
  getItem(index: string): RangeBorder {
    this._host.gate(this._cls, 'getItem');
    return strict(new RangeBorder(this.context, this._range, this._path, index), 'RangeBorder');
  }
}

export class RangeBorder extends RangePart {
  constructor(
    ctx: RequestContext,
    range: Range,
    parent: string,
    readonly _edge: string,
  ) {
    super(ctx, 'RangeBorder', range, `${parent}[${_edge}]`);
  }
  set style(v: string) {
    this._fmt('style', v, (c) => (c.format.borders[this._edge] = v));
  }
  set color(v: string) {
    this._fmt('color', v, () => undefined);
  }
}

export class FormatProtection extends RangePart {
  constructor(ctx: RequestContext, range: Range, parent: string) {
    super(ctx, 'FormatProtection', range, `${parent}.protection`);
  }
  set locked(v: boolean) {
    this._host.gate(this._cls, 'locked');
    this.context._enqueue({ o: this._path, r: a1(safeArea(this._range)), s: 'locked', v }, () => {
      if (this._range._sheet().protected) throw new FakeExcelError('AccessDenied', 'cannot change locking on a protected sheet');
      this._range._cells((c) => (c.locked = v));
    });
  }
}

export class DataValidation extends RangePart {
  constructor(ctx: RequestContext, range: Range) {
    super(ctx, 'DataValidation', range, `${range._path}.dataValidation`);
  }
  set rule(v: { list?: { inCellDropDown: boolean; source: string } }) {
    this._host.gate(this._cls, 'rule');
    this.context._enqueue({ o: this._path, r: a1(safeArea(this._range)), s: 'rule', v }, () => {
      if (this._range._sheet().protected) throw new FakeExcelError('AccessDenied', 'cannot change validation on a protected sheet');
      if (!v.list) throw new FakeExcelError('NotModeled', 'only list validation is modeled');
      // A typed list is capped at 255 characters (Microsoft, Excel specifications and limits / data validation).
      if (v.list.source.length > 255) throw new FakeExcelError('InvalidArgument', 'the list source exceeds 255 characters');
      const values = v.list.source.split(',').map((x) => x.trim());
      this._range._cells((c) => (c.validation = values));
    });
  }
  set errorAlert(v: { showAlert: boolean; style: string; title?: string; message?: string }) {
    this._host.gate(this._cls, 'errorAlert');
    this.context._enqueue({ o: this._path, s: 'errorAlert', v }, () => undefined);
  }
  clear(): void {
    this._host.gate(this._cls, 'clear');
    this.context._enqueue({ o: this._path, r: a1(safeArea(this._range)), m: 'clear' }, () => {
      if (this._range._sheet().protected) throw new FakeExcelError('AccessDenied', 'cannot change validation on a protected sheet');
      this._range._cells((c) => (c.validation = null));
    });
  }
}

function checkSize(a: MergeArea, v: unknown[][]): void {
  const rows = a.bottom - a.top + 1;
  const cols = a.right - a.left + 1;
  if (!Array.isArray(v) || v.length !== rows || v.some((line) => !Array.isArray(line) || line.length !== cols)) {
    throw new FakeExcelError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`);
  }
}
function safeArea(r: Range): MergeArea {
  try {
    return r._area();
  } catch {
    return { top: 0, left: 0, bottom: 0, right: 0 };
  }
}
