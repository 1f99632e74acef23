// Part of the strict fake Excel (see host.ts for what it enforces and why).
import { areaA1 as a1 } from '../../../shared/layout/a1';
import { ClientObject, FakeExcelError, strict } from './client-object';
import type { RequestContext } from './context';
import { parseA1, type MergeArea, type PageLayoutState, type SheetState } from '../grid';
import { Range } from './range';
export class Worksheet extends ClientObject {
  constructor(
    ctx: RequestContext,
    readonly _resolve: () => SheetState | null,
    name: string,
    readonly _nullable = false,
  ) {
    super(ctx, 'Worksheet', `sheet(${JSON.stringify(name)})`);
  }
  _sheet(): SheetState {
    const s = this._resolve();
    if (!s) throw new FakeExcelError('ItemNotFound', `worksheet not found: ${this._path}`);
    return s;
  }
  protected override _read(prop: string): unknown {
    const s = this._sheet();
    if (prop === 'name') return s.name;
    if (prop === 'id') return s.id;
    return super._read(prop);
  }
  get isNullObject(): boolean {
    return this._get('isNullObject');
  }
  get name(): string {
    return this._get('name');
  }
  set name(v: string) {
    this._set('name', v, () => {
      this._sheet().name = v;
    });
  }
  get id(): string {
    return this._get('id');
  }
  activate(): void {
    this._call('activate', [], () => {
      this._host.workbook.active = this._sheet();
    });
  }
  getRange(address: string): Range {
    this._host.gate(this._cls, 'getRange');
    const area = parseA1(address);
    if (!area) throw new FakeExcelError('InvalidArgument', `address ${address}`);
    return strict(new Range(this.context, this, () => area), 'Range');
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): Range {
    this._host.gate(this._cls, 'getRangeByIndexes');
    if (rowCount < 1 || columnCount < 1 || startRow < 0 || startColumn < 0) throw new FakeExcelError('InvalidArgument', 'bad range size');
    const area = { top: startRow, left: startColumn, bottom: startRow + rowCount - 1, right: startColumn + columnCount - 1 };
    return strict(new Range(this.context, this, () => area), 'Range');
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    this._host.gate(this._cls, 'getUsedRangeOrNullObject');
    let area: MergeArea | null = null;
    const r = new Range(this.context, this, () => {
      if (!area) throw new FakeExcelError('InvalidOperation', 'null object');
      return area;
    });
    this.context._enqueue({ o: this._path, m: 'getUsedRangeOrNullObject', a: [valuesOnly] }, () => {
      // On a null worksheet the used range is a null object too (Office.js null-object chaining).
      const sheet = this._resolve();
      if (!sheet && !this._nullable) throw new FakeExcelError('ItemNotFound', `worksheet not found: ${this._path}`);
      area = sheet ? sheet.usedRange(valuesOnly) : null;
      r._loaded.set('isNullObject', area === null);
    });
    return strict(r, 'Range');
  }
  get protection(): WorksheetProtection {
    return this._child('protection', () => new WorksheetProtection(this.context, this), 'WorksheetProtection');
  }
  get freezePanes(): WorksheetFreezePanes {
    return this._child('freezePanes', () => new WorksheetFreezePanes(this.context, this), 'WorksheetFreezePanes');
  }
  get pageLayout(): PageLayout {
    return this._child('pageLayout', () => new PageLayout(this.context, this), 'PageLayout');
  }
  get onChanged(): { add: (h: (e: unknown) => unknown) => { remove: () => void } } {
    this._host.gate(this._cls, 'onChanged');
    return {
      add: (h) => {
        const s = this._resolve();
        const handler = h as SheetState['changedHandlers'][number];
        this.context._enqueue({ o: this._path, m: 'onChanged.add' }, () => this._sheet().changedHandlers.push(handler));
        return { remove: () => void (s && s.changedHandlers.splice(s.changedHandlers.indexOf(handler), 1)) };
      },
    };
  }
}

export class WorksheetProtection extends ClientObject {
  constructor(
    ctx: RequestContext,
    readonly _ws: Worksheet,
  ) {
    super(ctx, 'WorksheetProtection', `${_ws._path}.protection`);
  }
  protected override _read(prop: string): unknown {
    if (prop === 'protected') return this._ws._sheet().protected;
    return super._read(prop);
  }
  override _isNull(): boolean {
    return this._ws._isNull() || (this._ws._nullable && !this._ws._resolve());
  }
  get protected(): boolean {
    return this._get('protected');
  }
  protect(options?: Record<string, boolean>, password?: string): void {
    if (password !== undefined) this._host.gate(this._cls, 'protect'); // password: 1.7 per annotation; not used
    this._call('protect', [options ?? {}], () => {
      const s = this._ws._sheet();
      if (s.protected) throw new FakeExcelError('InvalidOperation', 'the sheet is already protected');
      s.protected = true;
      s.protectionOptions = { ...(options ?? {}) };
    });
  }
  unprotect(): void {
    this._call('unprotect', [], () => {
      const s = this._ws._sheet();
      // Reported by others (issue 12): unprotect() on an unprotected sheet throws, like protect() on a protected one.
      if (!s.protected) throw new FakeExcelError('InvalidOperation', 'the sheet is not protected');
      s.protected = false;
      s.protectionOptions = {};
    });
  }
}

export class WorksheetFreezePanes extends ClientObject {
  constructor(
    ctx: RequestContext,
    readonly _ws: Worksheet,
  ) {
    super(ctx, 'WorksheetFreezePanes', `${_ws._path}.freezePanes`);
  }
  freezeRows(count = 1): void {
    this._call('freezeRows', [count], () => {
      this._ws._sheet().frozenRows = count;
    });
  }
  unfreeze(): void {
    this._call('unfreeze', [], () => {
      this._ws._sheet().frozenRows = 0;
    });
  }
}

export class PageLayout extends ClientObject {
  constructor(
    ctx: RequestContext,
    readonly _ws: Worksheet,
  ) {
    super(ctx, 'PageLayout', `${_ws._path}.pageLayout`);
  }
  private _pl(prop: string, v: unknown, apply: (pl: PageLayoutState) => void): void {
    this._set(prop, v, () => apply(this._ws._sheet().pageLayout));
  }
  set orientation(v: string) {
    this._pl('orientation', v, (pl) => (pl.orientation = v));
  }
  set paperSize(v: string) {
    this._pl('paperSize', v, (pl) => (pl.paperSize = v));
  }
  set zoom(v: PageLayoutState['zoom']) {
    this._pl('zoom', v, (pl) => (pl.zoom = { ...v }));
  }
  set centerHorizontally(v: boolean) {
    this._pl('centerHorizontally', v, (pl) => (pl.centerHorizontally = v));
  }
  set leftMargin(v: number) {
    this._pl('leftMargin', v, (pl) => (pl.margins.left = v));
  }
  set rightMargin(v: number) {
    this._pl('rightMargin', v, (pl) => (pl.margins.right = v));
  }
  set topMargin(v: number) {
    this._pl('topMargin', v, (pl) => (pl.margins.top = v));
  }
  set bottomMargin(v: number) {
    this._pl('bottomMargin', v, (pl) => (pl.margins.bottom = v));
  }
  set headerMargin(v: number) {
    this._pl('headerMargin', v, (pl) => (pl.margins.header = v));
  }
  set footerMargin(v: number) {
    this._pl('footerMargin', v, (pl) => (pl.margins.footer = v));
  }
  setPrintTitleRows(rows: string): void {
    this._call('setPrintTitleRows', [rows], () => {
      if (!/^\$\d+:\$\d+$/.test(rows)) throw new FakeExcelError('InvalidArgument', `print title rows ${rows}`);
      this._ws._sheet().pageLayout.printTitleRows = rows;
    });
  }
  get headersFooters(): { defaultForAllPages: { centerFooter: string; centerHeader: string } } {
    this._host.gate(this._cls, 'headersFooters');
    const set = (prop: 'centerFooter' | 'centerHeader', v: string) => {
      this._host.gate('HeaderFooter', prop);
      this.context._enqueue({ o: `${this._path}.headersFooters.defaultForAllPages`, s: prop, v }, () => {
        this._ws._sheet().pageLayout[prop] = v;
      });
    };
    const hf = {
      set centerFooter(v: string) {
        set('centerFooter', v);
      },
      set centerHeader(v: string) {
        set('centerHeader', v);
      },
    } as { centerFooter: string; centerHeader: string };
    return { defaultForAllPages: strict(hf, 'HeaderFooter') };
  }
}
