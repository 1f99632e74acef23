// Browser build of the strict fake: installs `Office`, `Excel` and `OfficeExtension` globals the
// way office.js would, so the real task pane runs in a plain browser page for tests. The test
// serves this instead of Microsoft's CDN script (no network). Options come from the page's
// `window.__fakeExcelOptions` if set; the host is exposed as `window.__fakeExcel` for inspection.
import { FakeExcelHost, type HostOptions } from './host';

const w = globalThis as unknown as Record<string, unknown>;
const host = new FakeExcelHost((w.__fakeExcelOptions as HostOptions | undefined) ?? {});
Object.assign(w, host.globals());
w.__fakeExcel = host;
