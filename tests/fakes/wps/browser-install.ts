// Browser build of the strict fake WPS: installs the `Application` and `wps` globals the way WPS
// does in its add-in pages, so the real WPS task pane runs in a plain browser page for tests. Options
// come from `window.__fakeWpsOptions`; the host is exposed as `window.__fakeWps` for inspection.
import { FakeWpsHost, type WpsOptions } from './host';

const w = globalThis as unknown as Record<string, unknown>;
const host = new FakeWpsHost((w.__fakeWpsOptions as WpsOptions | undefined) ?? {});
const app = host.application();
w.Application = app;
w.wps = app;
w.__fakeWps = host;
