// Part of the strict fake Excel (see host.ts for what it enforces and why).
import type { RequestContext } from './context';
import type { FakeExcelHost } from './host';

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

// ── client objects ──────────────────────────────────────────────────────────────────────
const ALWAYS_ALLOWED = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@', 'inspect']);

/** Wraps a client object so members the fake does not model throw instead of reading undefined. */
export function strict<T extends object>(obj: T, cls: string): T {
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

export abstract class ClientObject {
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
