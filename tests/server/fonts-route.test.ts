// GET /fonts/…: the bundled CJK fonts are served by the service itself, without an access code,
// with caching; nothing else under /fonts/ is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('/fonts', () => {
  it('serves the style sheet and the slices it names, publicly and cacheably', async () => {
    const css = await fetch(`${s.url}/fonts/fonts.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toMatch(/max-age=\d{5,}/);
    const text = await css.text();
    expect(text).toContain('font-family:"Noto Serif CJK SC"');
    expect(text).toContain('font-family:"Noto Sans CJK SC"');
    const slice = /url\(([^)]+)\)/.exec(text)![1];
    const font = await fetch(`${s.url}/fonts/${slice}`);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(Buffer.from(await font.arrayBuffer()).subarray(0, 4).toString()).toBe('wOF2');
  });

  it('answers 404 for anything that is not a bundled slice', async () => {
    for (const p of ['/fonts/..%2F..%2Fpackage.json', '/fonts/noto-serif-sc-4-700-normal.woff2', '/fonts/LICENSE', '/fonts/']) {
      expect((await fetch(`${s.url}${p}`)).status, p).toBe(404);
    }
  });

  it('the print view links the style sheet', async () => {
    const r = await fetch(`${s.url}/api/periods/${s.periodId}/print.html`, { headers: { authorization: `Bearer ${s.coordinatorCode}` } });
    expect(await r.text()).toContain('<link rel="stylesheet" href="/fonts/fonts.css">');
  });
});
