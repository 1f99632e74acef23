// GET /fonts/…: the bundled CJK fonts are served by the service itself, without an access code,
// with caching; nothing else under /fonts/ is. A browser without CJK fonts draws the print view in
// them, under a CSP that allows fonts and styles from the service's own origin only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser } from '../helpers/browser';
import { BUNDLED_PLATFORM } from '../../server/browser/bundled-chromium';

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

describe.runIf(BUNDLED_PLATFORM)('the print view in a browser without CJK fonts (the npm Chromium, Linux x64)', () => {
  it("draws its text in the bundled fonts, fetched under font-src 'self'", async () => {
    const browser = await launchBrowser({ candidates: [{ source: 'bundled', path: null, label: 'bundled' }], bundledFontsOnly: true });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => /Content Security Policy/.test(m.text()) && violations.push(m.text()));
      // The service's answer, with the strictest policy that still lets the view work.
      await page.route(`${s.url}/api/**`, async (route) => {
        const r = await route.fetch({ headers: { ...route.request().headers(), authorization: `Bearer ${s.coordinatorCode}` } });
        await route.fulfill({ response: r, headers: { ...r.headers(), 'content-security-policy': "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'" } });
      });
      await page.goto(`${s.url}/api/periods/${s.periodId}/print.html?tasks=1`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
      expect(new Set(loaded)).toEqual(new Set(['Noto Serif CJK SC', 'Noto Sans CJK SC']));
      const cdp = await page.context().newCDPSession(page);
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
      await cdp.send('CSS.enable');
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.map((f) => f.familyName)).toEqual([expect.stringMatching(/^Noto Serif SC/)]);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
