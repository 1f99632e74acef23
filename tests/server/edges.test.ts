// The service's edges (docs/deployment.md): sign-in limits keyed on the real client address
// (X-Forwarded-For only behind --trust-proxy), bodies read only after sign-in, per-route body
// limits, and security headers on every kind of response.
import { request } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../server/cli/serve';
import { addressKey } from '../../server/auth';
import { api, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ config: { staticDir: resolve('dist'), iconsDir: resolve('addin/assets') } });
});
afterAll(() => s.close());

const me = (url: string, code: string, xff: string) => fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${code}`, 'x-forwarded-for': xff } });

describe('sign-in limits and X-Forwarded-For', () => {
  it('rotating X-Forwarded-For does not get around the limit (not trusted by default)', async () => {
    const t = await startTestServer({ config: { authFailLimit: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await me(t.url, `WRONG-${i}`, `203.0.113.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('with --trust-proxy, the address the proxy reports is the one limited', async () => {
    const t = await startTestServer({ config: { authFailLimit: 3, trustProxy: 'loopback' } });
    try {
      // one client behind the proxy is limited …
      const one: number[] = [];
      for (let i = 0; i < 4; i++) one.push((await me(t.url, `WRONG-${i}`, '203.0.113.7')).status);
      expect(one).toEqual([401, 401, 401, 429]);
      // … while another client behind the same proxy is not
      expect((await me(t.url, 'WRONG-X', '203.0.113.8')).status).toBe(401);
      // a client cannot prepend its own entries: the proxy's appended address counts
      expect((await me(t.url, 'WRONG-Y', '198.51.100.1, 203.0.113.7')).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('--trust-proxy takes hops or addresses, never "everyone"; IPv6 clients are limited by /64', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('127.0.0.1,10.0.0.5')).toBe('127.0.0.1,10.0.0.5');
    expect(() => parseTrustProxy('true')).toThrow(/不能信任所有来源/);
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe(addressKey('2001:db8::1:bbbb:0:0:2'));
    expect(addressKey('2001:db8::1')).not.toBe(addressKey('2001:db8:0:1::1'));
  });
});

describe('cheap refusals', () => {
  /** Sends headers and the first MB of a body claimed to be `size` bytes; resolves with the answer (or 'none'). */
  function partialPost(path: string, size: number, code: string | null, waitMs = 3000): Promise<{ status: number | 'none'; connection?: string }> {
    const { port } = new URL(s.url);
    return new Promise((resolve) => {
      const req = request({
        host: '127.0.0.1', port, path, method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': size, ...(code ? { authorization: `Bearer ${code}` } : {}) },
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ status: 'none' });
      }, waitMs);
      req.on('response', (res) => {
        clearTimeout(timer);
        res.resume();
        resolve({ status: res.statusCode!, connection: res.headers.connection });
        req.destroy();
      });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(1024 * 1024, 0x20)); // the rest never comes
    });
  }

  it('a large unauthenticated body is refused before it is read', async () => {
    const r = await partialPost(`/api/periods/${s.periodId}/changes`, 7_600_000, null);
    expect(r).toEqual({ status: 401, connection: 'close' });
    const bad = await partialPost(`/api/periods/${s.periodId}/changes`, 7_600_000, 'WRONG-CODE');
    expect(bad).toEqual({ status: 401, connection: 'close' });
  });

  it('per-route limits: a resolution or an admin edit may not carry a sync-sized body', async () => {
    const big = { value: 'x'.repeat(400_000), changeId: 'big-body-1', baseRev: 0 };
    const r = await api(s.url, s.coordinatorCode, 'POST', '/api/conflicts/cf_x/resolve', big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const unit = await s.issueUnitCode('省交通运输厅');
    // a unit's code cannot push a plan file at all: refused before its body is read
    const imp = await partialPost('/api/admin/plans/import', 15_000_000, unit);
    expect(imp).toEqual({ status: 403, connection: 'close' });
  });
});

describe('security headers', () => {
  const get = (path: string, init: RequestInit = {}) => fetch(s.url + path, init);
  const common = (h: Headers, what: string) => {
    expect(h.get('x-content-type-options'), what).toBe('nosniff');
    expect(h.get('referrer-policy'), what).toBe('no-referrer');
    expect(h.get('content-security-policy'), what).toContain("default-src 'self'");
    expect(h.get('x-powered-by'), what).toBeNull();
  };
  const framedByNobody = (h: Headers, what: string) => {
    expect(h.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
    expect(h.get('x-frame-options'), what).toBe('DENY');
  };

  it('API answers, errors, pages and downloads: nosniff, no referrer, a CSP, framed by nobody', async () => {
    const auth = { headers: { authorization: `Bearer ${s.coordinatorCode}` } };
    const cases: [string, Response][] = [
      ['API JSON', await get('/api/me', auth)],
      ['API error', await get('/api/me')],
      ['not found', await get('/api/no/such')],
      ['console page', await get('/console/')],
      ['fill page', await get('/fill/')],
      ['file download', await get(`/api/periods/${s.periodId}/export.xlsx`, auth)],
    ];
    for (const [what, r] of cases) {
      await r.arrayBuffer();
      common(r.headers, what);
      framedByNobody(r.headers, what);
    }
    expect(cases[0][1].status).toBe(200);
    expect(cases[1][1].status).toBe(401);
    expect(cases[3][1].status).toBe(200);
    expect(cases[5][1].headers.get('content-disposition')).toMatch(/attachment/);
    const csp = cases[3][1].headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests'); // a plain-HTTP install keeps working
    expect(cases[0][1].headers.get('strict-transport-security')).toBeNull(); // HSTS only over HTTPS
  });

  it('the task pane may be framed by Office on the web and load office.js from the CDN', async () => {
    for (const path of ['/addin/taskpane.html', '/taskpane.html']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      await r.text();
      common(r.headers, path);
      const csp = r.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self' https:\/\/appsforoffice\.microsoft\.com/);
      expect(csp).toMatch(/frame-ancestors 'self' https:\/\/\*\.officeapps\.live\.com/);
      expect(r.headers.get('x-frame-options')).toBeNull();
    }
    const icon = await get('/icons/icon-32.png');
    expect(icon.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('compresses text answers and caches hashed assets for good', async () => {
    const page = await get('/console/', { headers: { 'accept-encoding': 'gzip' } });
    const html = await page.text();
    expect(page.headers.get('cache-control')).toBe('no-cache'); // revalidated: it names the current assets
    const asset = /src="?(\/assets\/[^" >]+\.js)/.exec(html)![1];
    const js = await get(asset, { headers: { 'accept-encoding': 'gzip' } });
    await js.arrayBuffer();
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    const entries = await get(`/api/plans/${s.planId}`, { headers: { authorization: `Bearer ${s.coordinatorCode}`, 'accept-encoding': 'gzip' } });
    await entries.arrayBuffer();
    expect(entries.headers.get('content-encoding')).toBe('gzip');
  });
});
