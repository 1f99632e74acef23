// The database the HTTP tests run on, chosen by FENGONG_TEST_DB:
//   unset / 'sqlite'          a temp-dir SQLite file (the default)
//   'pglite'                  PostgreSQL compiled to WASM in this process (one per test file, a schema per server)
//   postgres://user@host/db   a real PostgreSQL server (a schema of its own per server, dropped at close)
//   'postgres'                the database `npm run test:pg` made for its run (tests/pg/global-setup.ts)
// Suites that are about SQLite files themselves (backup, durability, restore) pin `backend: 'sqlite'`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDriver } from '../../server/store/pg-driver';
import { PgStore } from '../../server/store/postgres';
import type { Store } from '../../server/store/types';

export type Backend = 'sqlite' | 'pglite' | 'postgres';

export function testBackend(): Backend {
  const v = process.env.FENGONG_TEST_DB ?? 'sqlite';
  if (v === 'sqlite' || v === 'pglite') return v;
  if (v === 'postgres' || /^postgres(ql)?:\/\//.test(v)) return 'postgres';
  throw new Error(`FENGONG_TEST_DB=${v}: expected sqlite, pglite or a postgres:// URL`);
}

let pglite: Promise<PGlite> | null = null;

/** A fresh, empty PostgreSQL store (its own schema) and how to remove it afterwards. */
export async function openPgTestStore(backend: 'pglite' | 'postgres'): Promise<{ store: Store; describe: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(5).toString('hex')}`;
  if (backend === 'pglite') {
    pglite ??= PGlite.create();
    const db = await pglite;
    const store = await PgStore.open(pgliteDriver(db, { schema }), { schema });
    return { store, describe: `pglite:${schema}`, drop: async () => void (await db.exec(`DROP SCHEMA ${schema} CASCADE`)) };
  }
  const url = process.env.FENGONG_TEST_DB === 'postgres' ? inject('pgUrl') : process.env.FENGONG_TEST_DB!;
  const store = await PgStore.open(url, { schema });
  return {
    store,
    describe: `${url}#${schema}`,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
