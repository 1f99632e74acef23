// The installation made by the first release's code (tests/store/fixtures/make-v2-fixture.ts, removed with that code; see git history at 2cc946c),
// unpacked to a temp dir for a test to open, and read raw (every table, every column, in
// primary-key order) with better-sqlite3 — what a later schema must still hold.
import Database from 'better-sqlite3';
import { gunzipSync } from 'fflate';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLES } from '../../server/store/migrations';

export function unpackV2Fixture(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fengong-v2-'));
  const file = join(dir, 'fengong.db');
  writeFileSync(file, gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', 'fengong-v2.db.gz'))));
  return { dir, file };
}

/** table → rows (the given columns, or all) in primary-key order. */
export function readAllRaw(file: string, columnsOf?: Map<string, string[]>): Map<string, Record<string, unknown>[]> {
  const db = new Database(file, { readonly: true });
  try {
    return new Map(
      TABLES.map((t) => {
        const cols = columnsOf?.get(t.name)?.join(', ') ?? '*';
        return [t.name, db.prepare(`SELECT ${cols} FROM ${t.name} ORDER BY ${t.pk.join(', ')}`).all() as Record<string, unknown>[]];
      }),
    );
  } finally {
    db.close();
  }
}

/** table → its columns, as the file has them. */
export function columnsOf(file: string): Map<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    return new Map(TABLES.map((t) => [t.name, (db.pragma(`table_info(${t.name})`) as { name: string }[]).map((c) => c.name)]));
  } finally {
    db.close();
  }
}
