// Part of the strict fake Excel (see host.ts for what it enforces and why).
import { ClientObject, FakeExcelError, strict } from './client-object';
import type { RequestContext } from './context';
import type { SheetState } from '../grid';
import { Worksheet } from './worksheet';
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

export class SettingCollection extends ClientObject {
  constructor(ctx: RequestContext) {
    super(ctx, 'SettingCollection', 'wb.settings');
  }
  add(key: string, value: unknown): void {
    // Stored as JSON, like Office: what comes back is a copy, never the caller's object.
    const json = JSON.stringify(value);
    this._call('add', [key, value], () => {
      // Settings are capped: 2 MB per add-in (Microsoft, "Persist add-in state and settings"); saves
      // have been reported failing near 1 MB (issue 12). The fake refuses past `settingsLimit`.
      const others = [...this._host.workbook.settings].filter(([k]) => k !== key).reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
      if (others + key.length + json.length > this._host.settingsLimit) throw new FakeExcelError('GeneralException', `settings of ${others + json.length} characters exceed the ${this._host.settingsLimit} cap`);
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
