// A PostgreSQL database of its own for a test file that starts `fengong serve` processes on it:
// `create()` makes it, and after the file the processes still running are killed and it is dropped.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

export interface ScratchDatabase {
  url: string;
  /** Processes to kill after the file (serveProcess pushes its children here). */
  children: ChildProcess[];
  create(): Promise<void>;
}

async function adminQuery(admin: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Call at the top of a test file; `tag` names the database (fengong_<tag>_<random>). */
export function scratchDatabase(tag: string): ScratchDatabase {
  const admin = inject('pgUrl'); // this run's database; the servers get one of their own (public schema)
  const dbName = `fengong_${tag}_${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  });
  return {
    url: Object.assign(new URL(admin), { pathname: `/${dbName}` }).toString(),
    children,
    create: () => adminQuery(admin, `CREATE DATABASE ${dbName}`),
  };
}
