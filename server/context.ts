// Everything a request handler or service needs, passed explicitly (no globals): the store, the
// logger, the configuration and small caches. Tests open one per temp-dir SQLite file (or PGlite).
import { makeLogger, type Logger } from './logger';
import { DEFAULT_TIME_ZONE } from '../shared/model/deadline';
import type { PlanIndex } from './services/plan-index';
import { openStore } from './store/open';
import type { PgOptions } from './store/postgres';
import type { SqliteOptions } from './store/sqlite';
import type { Store } from './store/types';

export interface AppConfig {
  version: string;
  /** Allowed CORS origins; undefined → reflect the caller's origin (auth is a bearer code, not a cookie). */
  corsOrigins?: string[];
  /**
   * Sign-in limiter (server/auth.ts): failed sign-ins an address may make in a burst, refilled at
   * that many per `authFailWindowMs`; past it, codes not yet signed in from there get 429.
   */
  authFailLimit: number;
  authFailWindowMs: number;
  /** Express 'trust proxy' (`--trust-proxy`): hop count or proxy addresses whose X-Forwarded-* count; false = none. */
  trustProxy?: number | string | false;
  /** More origins that may frame the task pane (an intranet Office Online Server), FENGONG_FRAME_ANCESTORS. */
  frameAncestors?: string[];
  /** JSON body limit of a sync batch (bytes or '8mb'); beyond → 413. */
  bodyLimit: string;
  /** JSON body limit of every other request (a resolution, a summary, an admin edit). */
  smallBodyLimit: string;
  /** Directory served at / (webpack output) and at /icons/ (add-in icons). */
  staticDir: string | null;
  iconsDir: string | null;
  /** Default validity of a unit's access code, days. */
  codeValidityDays: number;
  /** The office's IANA time zone: a date-only deadline ends at midnight there (FENGONG_TIME_ZONE). */
  timeZone: string;
}

export interface AppContext {
  store: Store;
  logger: Logger;
  config: AppConfig;
  /** Parsed plans with a measure index, keyed by plan id; invalidated by version. */
  planCache: Map<string, PlanIndex>;
  /** Clock (tests may move it). */
  now: () => Date;
}

export interface OpenContextOptions extends SqliteOptions, PgOptions {
  /** A SQLite file, or a postgres:// URL. */
  db: string;
  /** An already open store (tests on PGlite); `db` is then only its description. */
  store?: Store;
  logger?: Logger;
  config?: Partial<AppConfig>;
  now?: () => Date;
}

export const VERSION = '0.1.0';

/**
 * The server's durability on SQLite (server/store/sqlite.ts): synchronous=FULL with group commit.
 * Measured (npm run bench) at least as fast as 'wal-fsync' (fsync moved to the thread pool), which
 * stays available as `fengong serve --durability wal-fsync`.
 */
export const DEFAULT_DURABILITY: 'full' | 'wal-fsync' = 'full';

export function defaultConfig(): AppConfig {
  return {
    version: VERSION,
    authFailLimit: 10,
    authFailWindowMs: 60_000,
    bodyLimit: '8mb',
    smallBodyLimit: '256kb',
    staticDir: null,
    iconsDir: null,
    codeValidityDays: 366,
    timeZone: DEFAULT_TIME_ZONE,
  };
}

export async function openContext(opts: OpenContextOptions): Promise<AppContext> {
  const store =
    opts.store ??
    (await openStore(opts.db, {
      durability: opts.durability, unsafeNoSync: opts.unsafeNoSync, groupCommit: opts.groupCommit, schema: opts.schema,
    }));
  return {
    store,
    logger: opts.logger ?? makeLogger(),
    config: { ...defaultConfig(), ...opts.config },
    planCache: new Map(),
    now: opts.now ?? (() => new Date()),
  };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.store.close();
}
