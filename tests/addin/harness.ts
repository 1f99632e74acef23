// Test harness: an add-in "instance" = one strict fake workbook (Excel or WPS 表格) + one
// AddinSession against a real in-process server, through the same port the product uses.
import { FakeExcelHost, type HostOptions } from '../fakes/excel/host';
import { FakeWpsHost, type WpsOptions } from '../fakes/wps/host';
import { AddinSession } from '../../addin/core/session';
import type { SpreadsheetPort } from '../../addin/core/port';
import { excelPort, type ExcelPortOptions } from '../../addin/excel/excel-port';
import { wpsPort } from '../../addin/wps/wps-port';
import { decodeRowKey } from '../../shared/layout/keys';

export type HostKind = 'excel' | 'wps';
export const HOSTS: HostKind[] = ['excel', 'wps'];

/** What tests do with either fake: the grid as a person sees and touches it. */
export type FakeHost = FakeExcelHost | FakeWpsHost;

export function portFor(fake: FakeHost, opts: ExcelPortOptions = {}): SpreadsheetPort {
  if (fake instanceof FakeWpsHost) return wpsPort(fake.application() as never, opts);
  return excelPort({ run: (batch) => fake.run(batch as never) as never, supports: (v) => fake.supports(v) }, opts);
}

export interface Instance {
  kind: HostKind;
  fake: FakeHost;
  port: SpreadsheetPort;
  session: AddinSession;
}

export type InstanceOptions = HostOptions &
  WpsOptions &
  ExcelPortOptions & { host?: HostKind; fetch?: typeof fetch; fake?: FakeHost };

export function newFake(kind: HostKind, opts: HostOptions & WpsOptions = {}): FakeHost {
  return kind === 'wps' ? new FakeWpsHost(opts) : new FakeExcelHost(opts);
}

export async function openInstance(server: string, code: string, opts: InstanceOptions = {}): Promise<Instance> {
  const fake = opts.fake ?? newFake(opts.host ?? 'excel', opts);
  const kind: HostKind = fake instanceof FakeWpsHost ? 'wps' : 'excel';
  const port = portFor(fake, { retryMs: 20, editWaitMs: 5_000, ...opts });
  const session = await AddinSession.connect(port, server, code, { requestBudget: opts.requestBudget, fetch: opts.fetch });
  return { kind, fake, port, session };
}

/** measure 序号 (e.g. "1.2") → 0-based sheet row, through the key column. */
export async function measureRows(inst: Instance, sheet: string): Promise<Map<string, number>> {
  const { assignments } = await inst.session.api.assignments(inst.session.period.id);
  const byKey = new Map(assignments.map((a) => [a.measureKey, a.measureNo]));
  const s = inst.fake.mustSheet(sheet);
  const used = s.usedRange(true)!;
  const out = new Map<string, number>();
  for (let r = used.top; r <= used.bottom; r++) {
    const key = decodeRowKey(s.valueAt(r, used.right));
    if (key && byKey.has(key.measureKey)) out.set(byKey.get(key.measureKey)!, r);
  }
  return out;
}

/** Column of a header text on the header row (row 3 on the add-in's sheets). */
export function colOf(fake: FakeHost, sheet: string, header: string, headerRow = 3): number {
  const s = fake.mustSheet(sheet);
  for (let c = 0; c < 30; c++) if (String(s.valueAt(headerRow, c)) === header) return c;
  throw new Error(`no column ${header}`);
}

/** A fetch that fails like a dropped network while `offline.on` is true; `before` runs before each call. */
export function switchableFetch(): { fetch: typeof fetch; offline: { on: boolean }; before: { fn: ((url: string) => void | Promise<void>) | null } } {
  const offline = { on: false };
  const before: { fn: ((url: string) => void | Promise<void>) | null } = { fn: null };
  return {
    offline,
    before,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      await before.fn?.(String(input));
      if (offline.on) throw new TypeError('fetch failed');
      return fetch(input, init);
    }) as typeof fetch,
  };
}
