// Opens the store a deployment names: a postgres:// URL → the PostgreSQL backend, anything else
// → a SQLite file (server/store/sqlite.ts).
import { PgStore, type PgOptions } from './postgres';
import { SqliteStore, type SqliteOptions } from './sqlite';
import type { Store } from './types';

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

export async function openStore(target: string, opts: SqliteOptions & PgOptions = {}): Promise<Store> {
  return isPostgresUrl(target) ? PgStore.open(target, opts) : new SqliteStore(target, opts);
}
