// Test harness: an add-in "instance" = one strict fake Excel workbook + one AddinSession against a
// real in-process server.
import { FakeExcelHost, type HostOptions } from '../../addin/fake-excel/fake-excel';
import { AddinSession, type ExcelHost } from '../../addin/core/session';
import { decodeRowKey } from '../../shared/layout/keys';

export function excelHostFor(fake: FakeExcelHost): ExcelHost {
  return {
    run: (batch) => fake.run(batch as never) as never,
    supports: (v) => fake.supports(v),
  };
}

export interface Instance {
  fake: FakeExcelHost;
  session: AddinSession;
}

export async function openInstance(
  server: string,
  code: string,
  opts: HostOptions & { requestBudget?: number; fetch?: typeof fetch; fake?: FakeExcelHost } = {},
): Promise<Instance> {
  const fake = opts.fake ?? new FakeExcelHost(opts);
  const session = await AddinSession.connect(excelHostFor(fake), server, code, { requestBudget: opts.requestBudget, fetch: opts.fetch });
  return { fake, session };
}

/** measure 序号 (e.g. "1.2") → 0-based sheet row, through the key column (the 序号 cell shows the task). */
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
export function colOf(fake: FakeExcelHost, sheet: string, header: string, headerRow = 3): number {
  const s = fake.mustSheet(sheet);
  for (let c = 0; c < 30; c++) if (String(s.valueAt(headerRow, c)) === header) return c;
  throw new Error(`no column ${header}`);
}

/** A fetch that fails like a dropped network while `offline.on` is true. */
export function switchableFetch(): { fetch: typeof fetch; offline: { on: boolean } } {
  const offline = { on: false };
  return {
    offline,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (offline.on) throw new TypeError('fetch failed');
      return fetch(input, init);
    }) as typeof fetch,
  };
}
