// The store contract on the PostgreSQL backend, run inside `npm test` on PGlite (PostgreSQL
// compiled to WASM, no server): one PGlite per file, a fresh schema per test; a sibling is a
// second PgStore on the same schema (another "process"; PGlite serialises their transactions).
import { PGlite } from '@electric-sql/pglite';
import { pgliteDriver } from '../../server/store/pg-driver';
import { PgStore } from '../../server/store/postgres';
import { describeStoreContract } from './contract';

let db: PGlite | null = null;
let n = 0;
let schema = '';

async function instance(): Promise<PGlite> {
  db ??= await PGlite.create();
  return db;
}

describeStoreContract('pglite', {
  async open() {
    schema = `t${++n}`;
    return PgStore.open(pgliteDriver(await instance(), { schema }), { schema });
  },
  async openSibling() {
    return PgStore.open(pgliteDriver(await instance(), { schema }), { schema });
  },
  async dispose() {
    await db?.close();
  },
  readsBesideTransactions: false,
});
