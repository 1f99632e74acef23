// A real fengong server for tests: a temp-dir SQLite file (or PostgreSQL: tests/helpers/backend.ts),
// the reference plan (or a given one) loaded, an open period, a coordinator code, HTTP on 127.0.0.1 port 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Plan } from '../../shared/model/plan';
import { createApp } from '../../server/app';
import { DEFAULT_DURABILITY, openContext, type AppConfig, type AppContext } from '../../server/context';
import type { Durability } from '../../server/store/sqlite';
import type { FieldKey, HistoryFilter, HistoryRow, StoredField } from '../../server/store/types';
import { openPgTestStore, testBackend, type Backend } from './backend';
import { makeLogger, type Logger } from '../../server/logger';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { issueCode } from '../../server/services/codes';
import { initialize, isInitialized } from '../../server/services/setup';

export interface TestServer {
  url: string;
  ctx: AppContext;
  /** The SQLite file (on PostgreSQL: a description of the schema). */
  dbPath: string;
  dir: string;
  backend: Backend;
  coordinatorCode: string;
  periodId: string;
  planId: string;
  /** A fresh access code for a unit (optionally for a person / with an expiry). */
  issueUnitCode(unitId: string, opts?: { person?: string; expiresAt?: string | null }): Promise<string>;
  /** A field's stored state (in the test's period unless given). */
  field(measureKey: string, unitId: string, field: FieldKey['field'], periodId?: string): Promise<StoredField | undefined>;
  /** Every history row of the period matching the filter, in order. */
  history(filter?: HistoryFilter, periodId?: string): Promise<HistoryRow[]>;
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
  /** Default: FENGONG_TEST_DB (tests/helpers/backend.ts); suites about SQLite files pin 'sqlite'. */
  backend?: Backend;
}

let cachedReference: Plan | null = null;

export function referencePlan(): Plan {
  cachedReference ??= loadReferencePlan();
  return structuredClone(cachedReference);
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const backend = opts.backend ?? (opts.dir || opts.keepDir || opts.durability ? 'sqlite' : testBackend());
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'fengong-test-'));
  let dbPath = join(dir, 'fengong.db');
  const pgStore = backend === 'sqlite' ? null : await openPgTestStore(backend);
  if (pgStore) dbPath = pgStore.describe;
  const ctx = await openContext({
    db: dbPath, store: pgStore?.store, logger: opts.logger ?? makeLogger('silent'), config: opts.config, now: opts.now,
    durability: opts.durability ?? DEFAULT_DURABILITY,
  });
  const first = (await isInitialized(ctx))
    ? { planId: (await ctx.store.plans.list())[0].id, periodId: (await ctx.store.periods.list()).at(-1)!.id, coordinatorCode: opts.coordinatorCode ?? '' }
    : await initialize(ctx, opts.plan ?? referencePlan(), { periodName: opts.periodName, deadline: opts.deadline });
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
    backend,
    coordinatorCode: first.coordinatorCode,
    periodId: first.periodId,
    planId: first.planId,
    async issueUnitCode(unitId, o = {}) {
      return (await issueCode(ctx, { unitId, person: o.person, expiresAt: o.expiresAt }, null)).code;
    },
    field(measureKey, unitId, field, periodId = first.periodId) {
      return ctx.store.entries.field(periodId, { measureKey, unitId, field });
    },
    history(filter = {}, periodId = first.periodId) {
      return allHistory(ctx, periodId, filter);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.store.close();
      await pgStore?.drop();
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
export async function storeCounts(
  s: TestServer,
  tables = ['history', 'entry_fields', 'entries', 'conflicts', 'change_results', 'submissions', 'summaries', 'units', 'periods', 'plan_versions', 'access_codes'],
): Promise<string> {
  const counts: string[] = [];
  for (const t of tables) counts.push(`${t}=${await s.ctx.store.raw.count(t)}`);
  return counts.join(',');
}

/** Every history row of a period matching the filter, in order (page by page). */
export async function allHistory(ctx: AppContext, periodId: string, filter: HistoryFilter = {}): Promise<HistoryRow[]> {
  const out: HistoryRow[] = [];
  let after = 0;
  for (;;) {
    const page = await ctx.store.history.page(periodId, filter, { after, limit: 5000 });
    out.push(...page.items);
    if (page.next === null) return out;
    after = page.next;
  }
}

/** The keys of the measures a unit's code sees in the test server's period, in plan order. */
export async function measuresOf(s: TestServer, code: string): Promise<string[]> {
  return (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments.map((a: { measureKey: string }) => a.measureKey);
}
