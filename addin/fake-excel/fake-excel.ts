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
import { EXCEL_API_SETS } from './requirement-sets.generated';
import { areaA1 as a1 } from '../../shared/layout/a1';
import {
  WorkbookState,
  SheetState,
  parseA1,
  blankFormat,
  type MergeArea,
  type CellValue,
  type PageLayoutState,
} from './model';

export const WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;

export class FakeExcelError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
  }
  get debugInfo() {
    return { code: this.code, message: this.message };
  }
}

export interface HostOptions {
  /** Highest ExcelApi set the host supports (Office 2021: 1.14). */
  apiVersion?: string;
  /** Request payload limit in bytes (Excel on the web: 5 MB); null for none. */
  payloadLimit?: number | null;
}

interface Op {
  desc: unknown;
  run: () => void;
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

  /** Paste a block: bypasses list validation (as in Excel) and, on some hosts, fires no onChanged. */
  paste(sheetName: string, row: number, col: number, values: string[][], fireEvent = false): void {
    const sheet = this.mustSheet(sheetName);
    values.forEach((line, i) =>
      line.forEach((v, j) => {
        if (sheet.protected && sheet.cell(row + i, col + j).locked) throw new FakeExcelError('AccessDenied', 'locked cell');
      }),
    );
    values.forEach((line, i) => line.forEach((v, j) => writeCell(sheet, row + i, col + j, v)));
    if (fireEvent) this.fireChanged(sheet, { top: row, left: col, bottom: row + values.length - 1, right: col + values[0].length - 1 });
  }

  /** Read a cell as a person sees it. */
  text(sheetName: string, row: number, col: number): string {
    return String(this.mustSheet(sheetName).valueAt(row, col));
  }

  mustSheet(name: string): SheetState {
    const s = this.workbook.sheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  private fireChanged(sheet: SheetState, area: MergeArea): void {
    for (const h of sheet.changedHandlers) void Promise.resolve().then(() => h({ address: a1(area), worksheetId: sheet.id, source: 'Local' }));
  }
}

/** Excel turns typed/written text into numbers and formulas unless the cell is formatted as text ('@'). */
function writeCell(sheet: SheetState, r: number, c: number, v: CellValue): void {
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

// ── client objects ──────────────────────────────────────────────────────────────────────
const ALWAYS_ALLOWED = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@', 'inspect']);

/** Wraps a client object so members the fake does not model throw instead of reading undefined. */
function strict<T extends object>(obj: T, cls: string): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || prop in target || ALWAYS_ALLOWED.has(prop)) return Reflect.get(target, prop, receiver);
      throw new FakeExcelError('NotModeled', `fake Excel does not model ${cls}.${prop}`);
    },
    set(target, prop, value, receiver) {
      if (typeof prop === 'symbol' || prop in target) return Reflect.set(target, prop, value, receiver);
      throw new FakeExcelError('NotModeled', `fake Excel does not model ${cls}.${String(prop)}`);
    },
  });
}

export class RequestContext {
  readonly _queue: Op[] = [];
  readonly workbook: Workbook;
  constructor(readonly _host: FakeExcelHost) {
    this.workbook = strict(new Workbook(this), 'Workbook');
  }

  private _response = 0;

  _enqueue(desc: unknown, run: () => void): void {
    this._queue.push({ desc, run });
  }

  /** Count what a load sends back; Excel on the web refuses a response over 5 MB too. */
  _respond(values: unknown): void {
    this._response += encoder.encode(JSON.stringify(values)).length;
    if (this._host.payloadLimit !== null && this._response > this._host.payloadLimit) {
      throw new FakeExcelError('ResponsePayloadSizeLimitExceeded', `response of ${this._response} bytes exceeds ${this._host.payloadLimit}`);
    }
  }

  async sync(): Promise<void> {
    const ops = this._queue.splice(0);
    const bytes = encoder.encode(JSON.stringify(ops.map((o) => o.desc))).length;
    if (this._host.payloadLimit !== null && bytes > this._host.payloadLimit) {
      this._host.payloads.push(bytes);
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', `request of ${bytes} bytes exceeds ${this._host.payloadLimit}`);
    }
    this._host.payloads.push(bytes);
    // Like Excel: commands run in order; the first failure rejects the sync, earlier ones stay done.
    this._response = 0;
    for (const op of ops) op.run();
    this._host.responses.push(this._response);
  }
}

abstract class ClientObject {
  readonly _loaded = new Map<string, unknown>();
  constructor(
    readonly context: RequestContext,
    readonly _cls: string,
    readonly _path: string,
  ) {}

  protected get _host(): FakeExcelHost {
    return this.context._host;
  }

  load(props?: string | string[]): this {
    const list = (Array.isArray(props) ? props : (props ?? '').split(',')).map((p) => p.trim()).filter(Boolean);
    for (const p of list) this._host.gate(this._cls, p.split('/')[0]);
    this.context._enqueue({ o: this._path, load: list }, () => {
      // A null object (or one reached through a null worksheet) loads nothing (Office.js null-object chaining).
      if (this._isNull()) return void this._loaded.set('isNullObject', true);
      for (const p of list) this._loadProp(p);
      this.context._respond(list.map((p) => this._loaded.get(p)));
    });
    return this;
  }

  _isNull(): boolean {
    return this._loaded.get('isNullObject') === true;
  }

  protected _loadProp(p: string): void {
    this._loaded.set(p, this._read(p));
  }

  protected _read(prop: string): unknown {
    throw new FakeExcelError('NotModeled', `fake Excel does not model loading ${this._cls}.${prop}`);
  }

  protected _get<T>(prop: string): T {
    if (!this._loaded.has(prop)) {
      throw new FakeExcelError('PropertyNotLoaded', `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    }
    return this._loaded.get(prop) as T;
  }

  protected _call(member: string, args: unknown[], run: () => void): void {
    this._host.gate(this._cls, member);
    this.context._enqueue({ o: this._path, m: member, a: args }, run);
  }

  protected _set(prop: string, value: unknown, run: () => void): void {
    this._host.gate(this._cls, prop);
    this.context._enqueue({ o: this._path, s: prop, v: value }, run);
  }

  protected _child<T extends object>(member: string, make: () => T, cls: string): T {
    this._host.gate(this._cls, member);
    return strict(make(), cls);
  }
}

export class Workbook extends ClientObject {
  constructor(ctx: RequestContext) {
    super(ctx, 'Workbook', 'wb');
  }
  get worksheets(): WorksheetCollection {
    return this._child('worksheets', () => new WorksheetCollection(this.context), 'WorksheetCollection');
  }
  get settings(): SettingCollection {
    return this._child('settings', () => new SettingCollection(this.context), 'SettingCollection');
  }
}

export class WorksheetCollection extends ClientObject {
  constructor(ctx: RequestContext) {
    super(ctx, 'WorksheetCollection', 'wb.sheets');
  }
  protected override _read(prop: string): unknown {
    if (prop === 'items/name' || prop === 'items') return this.context._host.workbook.sheets.map((s) => s.name);
    return super._read(prop);
  }
  get items(): Worksheet[] {
    const names = this._get<string[]>(this._loaded.has('items/name') ? 'items/name' : 'items');
    return names.map((n) => {
      const ws = strict(new Worksheet(this.context, () => this._host.workbook.sheet(n) ?? null, n), 'Worksheet');
      ws._loaded.set('name', n);
      ws._loaded.set('isNullObject', false);
      return ws;
    });
  }
  getItem(name: string): Worksheet {
    const ws = new Worksheet(this.context, () => this._host.workbook.sheet(name) ?? null, name);
    this._host.gate(this._cls, 'getItem');
    return strict(ws, 'Worksheet');
  }
  getItemOrNullObject(name: string): Worksheet {
    this._host.gate(this._cls, 'getItemOrNullObject');
    const ws = new Worksheet(this.context, () => this._host.workbook.sheet(name) ?? null, name, true);
    this.context._enqueue({ o: this._path, m: 'getItemOrNullObject', a: [name] }, () => ws._loaded.set('isNullObject', !this._host.workbook.sheet(name)));
    return strict(ws, 'Worksheet');
  }
  getActiveWorksheet(): Worksheet {
    this._host.gate(this._cls, 'getActiveWorksheet');
    return strict(new Worksheet(this.context, () => this._host.workbook.active, '<active>'), 'Worksheet');
  }
  add(name: string): Worksheet {
    let created: SheetState | null = null;
    const ws = new Worksheet(this.context, () => created ?? this._host.workbook.sheet(name) ?? null, name);
    this._call('add', [name], () => {
      if (!/^[^[\]:*?/\\]{1,31}$/.test(name)) throw new FakeExcelError('InvalidArgument', `bad sheet name ${name}`);
      if (this._host.workbook.sheet(name)) throw new FakeExcelError('ItemAlreadyExists', `sheet ${name} exists`);
      created = this._host.workbook.addSheet(name);
    });
    return strict(ws, 'Worksheet');
  }
}

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

export class SettingCollection extends ClientObject {
  constructor(ctx: RequestContext) {
    super(ctx, 'SettingCollection', 'wb.settings');
  }
  add(key: string, value: unknown): void {
    // Stored as JSON, like Office: what comes back is a copy, never the caller's object.
    const json = JSON.stringify(value);
    this._call('add', [key, value], () => {
      this._host.workbook.settings.set(key, JSON.parse(json));
    });
  }
  getItemOrNullObject(key: string): Setting {
    this._host.gate(this._cls, 'getItemOrNullObject');
    const s = new Setting(this.context, key);
    this.context._enqueue({ o: this._path, m: 'getItemOrNullObject', a: [key] }, () => s._loaded.set('isNullObject', !this._host.workbook.settings.has(key)));
    return strict(s, 'Setting');
  }
}

export class Setting extends ClientObject {
  constructor(
    ctx: RequestContext,
    readonly _key: string,
  ) {
    super(ctx, 'Setting', `wb.settings[${JSON.stringify(_key)}]`);
  }
  protected override _read(prop: string): unknown {
    const store = this._host.workbook.settings;
    if (!store.has(this._key)) throw new FakeExcelError('ItemNotFound', `setting ${this._key}`);
    if (prop === 'value') return JSON.parse(JSON.stringify(store.get(this._key)));
    if (prop === 'key') return this._key;
    return super._read(prop);
  }
  get isNullObject(): boolean {
    return this._get('isNullObject');
  }
  get value(): unknown {
    return this._get('value');
  }
  delete(): void {
    this._call('delete', [], () => {
      this._host.workbook.settings.delete(this._key);
    });
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
function forEach(a: MergeArea, fn: (r: number, c: number) => void): void {
  for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) fn(r, c);
}
function grid<T>(a: MergeArea, fn: (r: number, c: number) => T): T[][] {
  return range(a.top, a.bottom).map((r) => range(a.left, a.right).map((c) => fn(r, c)));
}
function overlaps(x: MergeArea, y: MergeArea): boolean {
  return x.top <= y.bottom && y.top <= x.bottom && x.left <= y.right && y.left <= x.right;
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
