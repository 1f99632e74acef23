// The SQLite backend's commit path: transactions of one event-loop turn share ONE commit (each
// job in its own savepoint), none is answered before that commit — and with 'wal-fsync' before the
// WAL fsync after it; without group commit each transaction commits alone; a read outside a
// transaction never sees a job's uncommitted write.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore, type SqliteOptions } from '../../server/store/sqlite';

const AT = '2026-07-01T00:00:00.000Z';
const dirs: string[] = [];
function open(opts: SqliteOptions = {}): { s: SqliteStore; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fengong-gc-'));
  dirs.push(dir);
  const file = join(dir, 'x.db');
  return { s: new SqliteStore(file, opts), file };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite group commit', () => {
  it('concurrent transactions share one commit; a failing one is undone alone; nobody resolves before the commit', async () => {
    const { s, file } = open();
    try {
      const c0 = s.stats.commits;
      const order: string[] = [];
      const spy = new Database(file, { readonly: true }); // another process looking at the file
      const committed = () => (spy.prepare('SELECT COUNT(*) AS n FROM summaries').get() as { n: number }).n;
      const jobs = ['a', 'b', 'c', 'd'].map((m) =>
        s
          .transaction(async (tx) => {
            await tx.summaries.set('p', m, m, AT, 'x');
            order.push(`ran ${m}`);
            if (m === 'b') throw new Error('b fails');
            return committed(); // what another connection sees while the group is open
          })
          .then(
            (seen) => (order.push(`resolved ${m}`), seen),
            () => (order.push(`rejected ${m}`), -1),
          ),
      );
      const seen = await Promise.all(jobs);
      expect(s.stats.commits - c0).toBe(1);
      expect(seen).toEqual([0, -1, 0, 0]); // nothing visible to others until the shared commit
      expect(order.slice(0, 4)).toEqual(['ran a', 'ran b', 'ran c', 'ran d']); // one after another, all before any answer
      expect(committed()).toBe(3);
      expect(await s.summaries.list('p')).toEqual({ a: 'a', c: 'c', d: 'd' });
      spy.close();
    } finally {
      await s.close();
    }
  });

  it('without group commit each transaction commits on its own, still one at a time', async () => {
    const { s } = open({ groupCommit: false });
    try {
      const c0 = s.stats.commits;
      await Promise.all(['a', 'b', 'c'].map((m) => s.transaction((tx) => tx.summaries.set('p', m, m, AT, 'x'))));
      expect(s.stats.commits - c0).toBe(3);
      expect(Object.keys(await s.summaries.list('p')).sort()).toEqual(['a', 'b', 'c']);
    } finally {
      await s.close();
    }
  });

  it("'full' is synchronous=FULL; 'wal-fsync' answers only after an fsync of the WAL that followed the commit", async () => {
    const full = open();
    expect(full.s.synchronousSetting()).toBe(2);
    expect(full.s.durability).toBe('full');
    await full.s.close();
    const { s } = open({ durability: 'wal-fsync' });
    try {
      expect(s.synchronousSetting()).toBe(1);
      const f0 = s.stats.fsyncs;
      await Promise.all([1, 2, 3].map((i) => s.transaction((tx) => tx.summaries.set('p', `m${i}`, 'v', AT, 'x'))));
      expect(s.stats.commits).toBeGreaterThanOrEqual(1);
      expect(s.stats.fsyncs - f0).toBe(1); // one group, one fsync, before all three answers
      await s.durable(); // nothing new: no further fsync
      expect(s.stats.fsyncs - f0).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('takes an online backup while open', async () => {
    const { s, file } = open();
    try {
      await s.transaction((tx) => tx.summaries.set('p', 'm', '备份内容', AT, 'x'));
      const copy = `${file}.bak`;
      await s.backup(copy);
      const b = new Database(copy, { readonly: true });
      expect(b.prepare('SELECT text FROM summaries').get()).toEqual({ text: '备份内容' });
      b.close();
    } finally {
      await s.close();
    }
  });
});
