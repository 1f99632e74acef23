// A real fengong server for tests: temp-dir SQLite file, the reference plan (or a given one)
// loaded, an open period, a coordinator code, HTTP on 127.0.0.1 port 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Plan } from '../../shared/model/plan';
import { createApp } from '../../server/app';
import { DEFAULT_DURABILITY, openContext, type AppConfig, type AppContext } from '../../server/context';
import type { Durability } from '../../server/store';
import { makeLogger, type Logger } from '../../server/logger';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { issueCode } from '../../server/services/codes';
import { initialize, isInitialized } from '../../server/services/setup';

export interface TestServer {
  url: string;
  ctx: AppContext;
  dbPath: string;
  dir: string;
  coordinatorCode: string;
  periodId: string;
  planId: string;
  /** A fresh access code for a unit (optionally for a person / with an expiry). */
  issueUnitCode(unitId: string, opts?: { person?: string; expiresAt?: string | null }): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  plan?: Plan;
  periodName?: string;
  deadline?: string | null;
  config?: Partial<AppConfig>;
  now?: () => Date;
  /** Keep the temp dir after close (to reopen the file). */
  keepDir?: boolean;
  /** Use this directory's fengong.db; when it is already set up, reuse it (pass its coordinator code). */
  dir?: string;
  coordinatorCode?: string;
  /** Default: the server's default ('full'). */
  durability?: Durability;
  /** Default: silent. */
  logger?: Logger;
}

let cachedReference: Plan | null = null;

export function referencePlan(): Plan {
  cachedReference ??= loadReferencePlan();
  return structuredClone(cachedReference);
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'fengong-test-'));
  const dbPath = join(dir, 'fengong.db');
  const ctx = openContext({ dbPath, logger: opts.logger ?? makeLogger('silent'), config: opts.config, now: opts.now, durability: opts.durability ?? DEFAULT_DURABILITY });
  const first = isInitialized(ctx)
    ? { planId: ctx.store.listPlans()[0].id, periodId: ctx.store.listPeriods().at(-1)!.id, coordinatorCode: opts.coordinatorCode ?? '' }
    : initialize(ctx, opts.plan ?? referencePlan(), { periodName: opts.periodName, deadline: opts.deadline });
  const app = createApp(ctx);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    dbPath,
    dir,
    coordinatorCode: first.coordinatorCode,
    periodId: first.periodId,
    planId: first.planId,
    async issueUnitCode(unitId, o = {}) {
      return issueCode(ctx, { unitId, person: o.person, expiresAt: o.expiresAt }, null).code;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.store.close();
      if (!opts.keepDir && !opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** fetch + JSON with a bearer code; returns status and parsed body. */
export async function api<T = any>(
  base: string, code: string | null, method: string, path: string, body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(code ? { authorization: `Bearer ${code}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T };
}

/** Row counts of the tables a write could touch, as one string: equal before and after = nothing stored. */
export function storeCounts(
  s: TestServer,
  tables = ['history', 'entry_fields', 'entries', 'conflicts', 'change_results', 'submissions', 'summaries', 'units', 'periods', 'plan_versions', 'access_codes'],
): string {
  return tables.map((t) => `${t}=${(s.ctx.store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n}`).join(',');
}

/** The keys of the measures a unit's code sees in the test server's period, in plan order. */
export async function measuresOf(s: TestServer, code: string): Promise<string[]> {
  return (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments.map((a: { measureKey: string }) => a.measureKey);
}
