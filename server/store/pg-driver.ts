// The two ways the PostgreSQL backend reaches a database, behind one small interface:
// node-postgres (pg 8: a pool of real connections) in production, PGlite (PostgreSQL compiled
// to WASM, one in-process connection) inside `npm test`. PGlite's kysely/knex dialects would
// bring a query builder this code does not use; the adapter below is the whole of what is needed.
import pg from 'pg';
import type { PgQueryable } from './exec';

export interface PgClient extends PgQueryable {
  /** Statements without parameters (several allowed: migrations). */
  exec(sql: string): Promise<void>;
  /** Back to the pool; `broken` drops the connection instead. */
  release(broken?: boolean): void;
  /**
   * Holds what is written to the server until the returned function is called, so statements
   * issued together leave in one write (node-postgres; absent on PGlite).
   */
  cork?(): () => void;
}

export interface PgDriver {
  connect(): Promise<PgClient>;
  /** Outside a transaction (autocommit), on any connection. */
  query: PgQueryable['query'];
  /**
   * LISTENs on `channel`: `on.notify` for every NOTIFY; `on.down` when the listening connection
   * dropped (notifications may be missed until `on.up`, called after each successful LISTEN; the
   * driver reconnects by itself).
   */
  listen(channel: string, on: ListenHandlers): Promise<void>;
  end(): Promise<void>;
}

export interface ListenHandlers {
  notify(): void;
  down(): void;
  up(): void;
}

export interface NodePgOptions {
  connectionString: string;
  /** Pool size (default 10). */
  max?: number;
  /** A schema to use instead of public (tests). */
  schema?: string;
}

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// Bounds on every connection: no statement waits for a lock longer than 10 s, and a transaction
// left idle (a bug, a stuck client) is ended after 60 s instead of holding its locks forever;
// synchronous_commit on whatever the server default: COMMIT returns only after the WAL flush.
const SESSION_OPTIONS = '-c synchronous_commit=on -c lock_timeout=10s -c idle_in_transaction_session_timeout=60s';

// int8 (COUNT, BIGINT seq) as a JS number: exact up to 2^53, far beyond any cursor here
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function nodePgDriver(o: NodePgOptions): PgDriver {
  if (o.schema && !SCHEMA_NAME.test(o.schema)) throw new Error(`bad schema name ${o.schema}`);
  const config: pg.PoolConfig = {
    connectionString: o.connectionString,
    max: o.max ?? 10,
    types,
    // statements issued together on one connection go out together (a transaction's lock and its
    // reads, its writes: server/services/sync.ts); the server still runs them in order
    pipeline: true,
    options: `${SESSION_OPTIONS}${o.schema ? ` -c search_path=${o.schema}` : ''}`,
  };
  const pool = new pg.Pool(config);
  pool.on('error', () => undefined); // an idle connection died: the pool drops it, the next query reconnects
  const run = (c: pg.Pool | pg.PoolClient): PgQueryable['query'] => async (text, values, opts) => {
    const base = { text, values: values as unknown[], name: opts.name };
    const r = opts.arrays ? await c.query({ ...base, rowMode: 'array' as const }) : await c.query(base);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  };
  const guarded = new WeakSet<pg.PoolClient>();
  let listener: pg.Client | null = null;
  let ended = false;
  return {
    async connect() {
      const c = await pool.connect();
      if (!guarded.has(c)) {
        // a connection dying while checked out (server restart, idle-in-transaction timeout) would
        // otherwise be an uncaught 'error' event; the query in flight fails and the caller sees that
        c.on('error', () => undefined);
        guarded.add(c);
      }
      // (the socket is pg's internal `connection.stream`; without it statements just leave one by one)
      const stream = (c as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
      const cork = stream?.cork && stream.uncork ? () => (stream.cork!(), () => stream.uncork!()) : undefined;
      return { query: run(c), exec: async (sql) => void (await c.query(sql)), release: (broken) => c.release(broken), cork };
    },
    query: run(pool),
    async listen(channel, on) {
      let delay = 500;
      const start = async (): Promise<void> => {
        const c = new pg.Client({ ...config });
        c.on('notification', (n) => n.channel === channel && on.notify());
        const lost = () => {
          if (listener !== c) return;
          listener = null;
          on.down();
          c.end().catch(() => undefined);
          if (!ended) setTimeout(() => void start().catch(() => undefined), (delay = Math.min(delay * 2, 10_000))).unref();
        };
        c.on('error', lost);
        c.on('end', lost);
        listener = c;
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
          delay = 500;
          on.up();
        } catch (err) {
          lost();
          throw err;
        }
      };
      await start();
    },
    async end() {
      ended = true;
      const l = listener;
      listener = null;
      await l?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

// ── PGlite ──────────────────────────────────────────────────────────────────
/** The part of PGlite's API used here (so the test dependency stays out of the server's types). */
export interface PgliteLike {
  query(sql: string, params?: unknown[], opts?: { rowMode?: 'array' | 'object' }): Promise<{ rows: unknown[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  listen(channel: string, cb: (payload: string) => void): Promise<unknown>;
}

const pgliteState = new WeakMap<PgliteLike, { tail: Promise<void>; schema: string | null }>();

/**
 * PGlite has one connection: a transaction holds it exclusively (a mutex per PGlite instance,
 * shared by every store opened on it), and each holder switches search_path to its schema.
 */
export function pgliteDriver(db: PgliteLike, o: { schema?: string } = {}): PgDriver {
  if (o.schema && !SCHEMA_NAME.test(o.schema)) throw new Error(`bad schema name ${o.schema}`);
  if (!pgliteState.has(db)) pgliteState.set(db, { tail: Promise.resolve(), schema: null });
  const st = pgliteState.get(db)!;
  const schema = o.schema ?? 'public';
  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const prev = st.tail;
    st.tail = new Promise<void>((r) => (release = r));
    await prev;
    if (st.schema !== schema) {
      await db.exec(`SET search_path TO ${schema}`);
      st.schema = schema;
    }
    return release;
  };
  const q: PgQueryable['query'] = async (text, values, opts) => {
    const r = await db.query(text, values as unknown[], { rowMode: opts.arrays ? 'array' : 'object' });
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  return {
    async connect() {
      const release = await acquire();
      let done = false;
      return {
        query: q,
        exec: async (sql) => void (await db.exec(sql)),
        release: () => {
          if (!done) (done = true), release();
        },
      };
    },
    async query(text, values, opts) {
      const release = await acquire();
      try {
        return await q(text, values, opts);
      } finally {
        release();
      }
    },
    async listen(channel, on) {
      const release = await acquire();
      try {
        await db.listen(channel, () => on.notify());
      } finally {
        release();
      }
      on.up();
    },
    async end() {
      // the PGlite instance belongs to whoever made it
    },
  };
}
