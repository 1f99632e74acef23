// One route table (shared/api/routes.ts): the server mounts exactly its routes, the OpenAPI
// document lists exactly its routes, and a URL built by urlFor reaches its route with every
// parameter and query value as the client meant it (real Express, real HTTP).
import express from 'express';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemas } from '../../shared/api/endpoints';
import { EXPORT_QUERY, paramNames, routes, type RouteName } from '../../shared/api/routes';
import { urlFor } from '../../shared/api/url';
import { ExportQuery } from '../../shared/api/workbooks';
import { createApp } from '../../server/app';
import { closeContext, openContext, type AppContext } from '../../server/context';
import { makeLogger } from '../../server/logger';
import { buildOpenApi, openApiPath } from '../../server/openapi';

const names = Object.keys(routes) as RouteName[];
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const tableKeys = names.map((n) => key(routes[n].method, routes[n].path)).sort();

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) an Express app answers, through nested routers. */
function mounted(stack: Layer[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const path of [layer.route.path].flat()) for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push(key(m, path));
    } else if (layer.handle?.stack) out.push(...mounted(layer.handle.stack));
  }
  return out;
}

describe('route table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fengong-routes-'));
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await openContext({ db: join(dir, 'fengong.db'), logger: makeLogger('silent'), config: { staticDir: null } });
  });
  afterAll(async () => {
    await closeContext(ctx);
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares each method and path once', () => {
    expect(new Set(tableKeys).size).toBe(tableKeys.length);
  });

  it('every API route the server mounts is in the table, and every table route is mounted', () => {
    const app = createApp(ctx);
    const api = mounted((app as unknown as { router: { stack: Layer[] } }).router.stack).filter((k) => / \/(api|wps)\//.test(k));
    expect([...new Set(api)].sort()).toEqual(tableKeys);
  });

  it('the OpenAPI document has exactly the table routes, with their parameters and access', () => {
    const doc = buildOpenApi('t') as { paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; security?: unknown }>> };
    const listed = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(listed.sort()).toEqual(names.map((n) => `${routes[n].method} ${openApiPath(routes[n].path)}`).sort());
    for (const n of names) {
      const op = doc.paths[openApiPath(routes[n].path)][routes[n].method];
      expect(op.operationId).toBe(n);
      expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(paramNames(routes[n].path));
      expect(op.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual([...routes[n].query]);
      expect(!!op.security).toBe(routes[n].access !== 'public');
    }
    expect(doc.paths['/api/periods/{periodId}/templates/{unitId}.xlsx'].get).toBeTruthy();
  });

  it("a query schema names exactly the table's query options", () => {
    expect(Object.keys(ExportQuery.shape).sort()).toEqual([...EXPORT_QUERY].sort());
    for (const n of names) {
      const q = (schemas[n] as { query?: { shape: object } }).query;
      if (q) expect(Object.keys(q.shape).sort(), n).toEqual([...routes[n].query].sort());
    }
  });

  it('a URL from urlFor reaches its route with the values the client meant', async () => {
    const echo = express();
    for (const n of names) echo[routes[n].method](routes[n].path, (req, res) => res.json({ route: n, params: req.params, query: req.query }));
    const server = echo.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const hostile = ['省发展改革委', 'a b', 'a/b', 'x?y=1#z', '100%', 'a.b', '..a', 'emoji😀', 'tab\tand+plus'];
      for (const v of hostile) {
        const cases: [RouteName, string][] = [
          ['plan', urlFor('plan', { planId: v })],
          ['template', urlFor('template', { periodId: v, unitId: v })],
          ['templateDocx', urlFor('templateDocx', { periodId: 'p', unitId: v })],
          ['history', urlFor('history', { periodId: v }, { measure: v, unit: v, after: 3 })],
          ['merge', urlFor('merge', { periodId: v }, { name: `${v}.xlsx`, unit: v })],
        ];
        for (const [route, url] of cases) {
          const method = routes[route].method.toUpperCase();
          const body = (await (await fetch(base + url, { method })).json()) as { route: string; params: Record<string, string>; query: Record<string, string> };
          expect(body.route, url).toBe(route);
          for (const p of paramNames(routes[route].path)) expect(body.params[p], url).toBe(route === 'templateDocx' && p === 'periodId' ? 'p' : v);
          if (route === 'history') expect(body.query).toEqual({ measure: v, unit: v, after: '3' });
          if (route === 'merge') expect(body.query).toEqual({ name: `${v}.xlsx`, unit: v });
        }
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
