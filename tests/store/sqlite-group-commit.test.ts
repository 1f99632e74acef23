// The SQLite backend's commit path: transactions of one event-loop turn share ONE commit (each
// job in its own savepoint), none is answered before that commit — and with 'wal-fsync' before the
// WAL fsync after it; without group commit each transaction commits alone; a read outside a
// transaction never sees a job's uncommitted write. The reads every request repeats (period, plan
// version, submission) are memoized — per group, and on the reader until the next commit — and
// never answer what a later job, a rolled-back job, a commit or another process changed.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore, type SqliteOptions } from '../../server/store/sqlite';
import { period, plan } from './contract';

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

  it('memoized reads (period, plan version, submission) follow every change: later jobs, rolled-back jobs, commits, other processes', async () => {
    const { s, file } = open();
    try {
      await s.transaction(async (tx) => {
        await tx.plans.insert({ id: 'p1', title: '测试计划', version: 1, active: true, importedAt: AT, updatedAt: AT, plan: plan('p1') }, 'x', '');
        await tx.periods.insert(period('per1'));
      });
      expect((await s.periods.get('per1'))?.state).toBe('open'); // the reader's memo now holds it
      const seen: string[] = [];
      const look = async (tx: import('../../server/store/types').Tx, tag: string) => {
        seen.push(`${tag}: ${(await tx.periods.get('per1'))?.state} v${await tx.plans.version('p1')} ${(await tx.submissions.get('per1', 'u1'))?.by ?? '-'}`);
      };
      // one group: each job reads, some change the rows, one changes them and fails
      await Promise.all([
        s.transaction((tx) => look(tx, 'a')),
        s.transaction(async (tx) => {
          await tx.periods.update('per1', { state: 'closed', closedAt: AT });
          await tx.plans.update('p1', plan('p1'), 2, AT, 'x');
          await tx.submissions.upsert('per1', 'u1', AT, '甲');
          await look(tx, 'b');
          throw new Error('b fails');
        }),
        s.transaction((tx) => look(tx, 'c')),
        s.transaction(async (tx) => {
          await tx.periods.update('per1', { state: 'closed', closedAt: AT });
          await tx.submissions.upsert('per1', 'u1', AT, '乙');
          await look(tx, 'd');
        }),
        s.transaction((tx) => look(tx, 'e')),
      ]).catch(() => undefined);
      expect(seen).toEqual(['a: open v1 -', 'b: closed v2 甲', 'c: open v1 -', 'd: closed v1 乙', 'e: closed v1 乙']);
      expect((await s.periods.get('per1'))?.state).toBe('closed'); // committed: the reader's memo was emptied
      expect((await s.submissions.get('per1', 'u1'))?.by).toBe('乙');
      const got = (await s.periods.get('per1'))!;
      got.state = 'open'; // a caller changing what it got does not change the memo
      expect((await s.periods.get('per1'))?.state).toBe('closed');

      // another process reopens the period and revises the plan: the next read sees it
      const other = new Database(file);
      other.prepare(`UPDATE periods SET state = 'open', closed_at = NULL WHERE id = 'per1'`).run();
      other.prepare(`UPDATE plans SET version = 7 WHERE id = 'p1'`).run();
      other.close();
      await new Promise((r) => setImmediate(r)); // a request comes in a later event-loop turn (asked once per turn)
      expect((await s.periods.get('per1'))?.state).toBe('open');
      expect(await s.plans.version('p1')).toBe(7);
    } finally {
      await s.close();
    }
  });
});
