// Part of the strict fake WPS 表格 (see host.ts). Every object the fake hands out is wrapped here:
//  - a member the fake does not model throws (so the add-in cannot come to rely on one untested);
//  - a call while a cell is being edited throws RPC_E_CALL_REJECTED — ASSUMPTION to check on a
//    real WPS (Excel's COM server rejects outside calls in edit mode with 0x80010001, and WPS's JS
//    API is an out-of-process call into the same kind of object model);
//  - "version variance": members named in the host's `methods` option are served as zero-argument
//    methods instead of properties (reported by others: some members are properties in one WPS
//    version and methods in another — issue 12), so the adapter must cope with both;
//  - every member access is counted (the WPS "request" figure the benchmark prints).
import type { FakeWpsHost } from './host';

export class FakeWpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WpsError';
  }
}

const ALWAYS = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', 'inspect', 'Symbol(Symbol.toPrimitive)']);

export function strict<T extends object>(host: FakeWpsHost, obj: T, cls: string): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || ALWAYS.has(prop)) return Reflect.get(target, prop, receiver);
      if (prop.startsWith('_')) return Reflect.get(target, prop, receiver); // the fake's own plumbing
      if (!(prop in target)) throw new FakeWpsError(`fake WPS does not model ${cls}.${prop}`);
      host._touch(cls, prop);
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' && host.methods.has(`${cls}.${prop}`)) return () => v;
      return typeof v === 'function' ? (...args: unknown[]) => (host._touch(cls, prop), v.apply(target, args)) : v;
    },
    set(target, prop, value, receiver) {
      if (typeof prop === 'symbol' || prop.startsWith('_')) return Reflect.set(target, prop, value, receiver);
      if (!(prop in target)) throw new FakeWpsError(`fake WPS does not model ${cls}.${String(prop)}`);
      host._touch(cls, prop);
      return Reflect.set(target, prop, value, receiver);
    },
  });
}
