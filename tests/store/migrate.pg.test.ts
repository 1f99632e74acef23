// `fengong migrate` as an office runs it (a child process), from a file of the first release into
// the real PostgreSQL server: verified table by table, the data readable through the store, and a
// second run refused because the target is no longer empty.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PgStore } from '../../server/store/postgres';
import { SqliteStore } from '../../server/store/sqlite';
import { unpackV2Fixture } from './fixture';

const url = inject('pgUrl'); // this run's own database (its public schema is used only here)
const bin = join(import.meta.dirname, '..', '..', 'bin', 'fengong.mjs');
const { dir, file } = unpackV2Fixture();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fengong = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('fengong migrate to a real PostgreSQL server', () => {
  it('moves the installation, verifies it, and refuses to run twice', async () => {
    const r = fengong('migrate', '--from', file, '--to', url);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/✓ history：源 \d+ 行，目标 \d+ 行/);
    expect(r.stdout).toContain('迁移完成');

    const from = new SqliteStore(file);
    const to = await PgStore.open(url);
    try {
      for (const t of from.raw.names) expect(await to.raw.count(t), t).toBe(await from.raw.count(t));
      const [p] = await to.periods.list();
      expect(await to.entries.list(p.id)).toEqual(await from.entries.list(p.id));
      expect((await to.history.page(p.id, {}, { limit: 10_000 })).items).toEqual((await from.history.page(p.id, {}, { limit: 10_000 })).items);
    } finally {
      await from.close();
      await to.close();
    }

    const again = fengong('migrate', '--from', file, '--to', url);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/目标数据库不是空的/);
  });
});
