// Group commit of the merge path (docs/store.md "Group commit of sync batches"): batches of one
// period that arrive together run in one transaction, each decided in arrival order against the
// state the earlier ones left — so the answers are those of running them one after another. Every
// test runs on SQLite and PGlite in `npm test` and on the real server in `npm run test:pg`. Batches
// are handed to applyChanges in one synchronous turn, as requests whose bodies were read in the same
// turn are, so they form one group.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesResponse, FieldChange } from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import type { Actor } from '../../server/services/actor';
import { getPlanIndex } from '../../server/services/plans';
import { applyChanges, GROUP_MAX_INPUTS, syncGroupStats, type ApplyChangesInput } from '../../server/services/sync';
import type { PgStore } from '../../server/store/postgres';
import { api, measuresOf, startTestServer, storeCounts, type TestServer } from '../helpers/server';

let s: TestServer;
let mks: string[];
/** Entries of other units, each used by one test only (written by the coordinator). */
const others: { measureKey: string; unitId: string }[] = [];
const U = '省交通运输厅';
const unit: Actor = { role: 'unit', unitId: U, codeId: null, label: '张三' };
const coordinator: Actor = { role: 'coordinator', unitId: null, codeId: null, label: '协调办公室' };
let n = 0;
const pg = () => s.backend !== 'sqlite';

beforeAll(async () => {
  s = await startTestServer();
  mks = await measuresOf(s, await s.issueUnitCode(U));
  const plan = await getPlanIndex(s.ctx, s.planId);
  for (const [mk, m] of plan.measures) for (const unitId of m.unitIds) if (unitId !== U) others.push({ measureKey: mk, unitId });
});
afterAll(() => s.close());

const change = (o: Partial<FieldChange> = {}): FieldChange => ({
  changeId: `group-test-${++n}`, measureKey: mks[0], unitId: U, field: 'progress', baseRev: 0, value: `第 ${n} 次。`, ...o,
});
const input = (changes: FieldChange[], o: Partial<ApplyChangesInput> = {}): ApplyChangesInput => ({
  periodId: s.periodId, changes, actor: unit, source: 'addin', ...o,
});
/** Hands the batches over in one turn; each settles to its answer or its error. */
const together = (inputs: ApplyChangesInput[]) =>
  Promise.allSettled(inputs.map((i) => applyChanges(s.ctx, i))).then((r) =>
    r.map((x) => (x.status === 'fulfilled' ? x.value : (x.reason as Error))),
  );
const ok = (r: ChangesResponse | Error): ChangesResponse => {
  if (r instanceof Error) throw r;
  return r;
};
const stats = () => syncGroupStats(s.ctx) ?? { groups: 0, inputs: 0, alone: 0, largest: 0, fallbacks: 0 };
/** Runs DDL on the test's database (SQLite: a second connection; the writer sees the new schema). */
const sql = async (text: string) => {
  if (pg()) return void (await (s.ctx.store as PgStore).driver.query(text, [], {}));
  const db = new Database(s.dbPath);
  try {
    db.exec(text);
  } finally {
    db.close();
  }
};

describe('batches applied together', () => {
  it('a later batch sees the field an earlier one accepted; a stale base is a conflict, recorded once', async () => {
    const mk = mks[1];
    const groups = stats().groups;
    const a = change({ measureKey: mk, field: 'status', value: '推进中' });
    const b = change({ measureKey: mk, field: 'status', value: '滞后' }); // from the same base as a
    const c = change({ measureKey: mk, field: 'status', baseRev: 1, value: '已完成' }); // from a's revision
    const [ra, rb, rc] = (await together([input([a]), input([b]), input([c])])).map(ok);
    expect(stats().groups).toBe(groups + 1);
    expect(ra.results[0]).toMatchObject({ outcome: 'accepted', rev: 1, value: '推进中' });
    expect(rb.results[0]).toMatchObject({ outcome: 'conflict', rev: 1, value: '推进中', conflict: { serverValue: '推进中', serverRev: 1, mine: '滞后', baseValue: '' } });
    expect(rc.results[0]).toMatchObject({ outcome: 'accepted', rev: 2, value: '已完成' });
    expect(await s.field(mk, U, 'status')).toMatchObject({ value: '已完成', rev: 2 });
    expect((await s.history({ measureKey: mk, unitId: U, field: 'status' })).map((h) => [h.rev, h.newValue])).toEqual([[1, '推进中'], [2, '已完成']]);
    const conflicts = (await s.ctx.store.conflicts.list(s.periodId)).filter((x) => x.changeId === b.changeId);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ serverValue: '推进中', theirValue: '滞后', serverRev: 1 });
    // a delta pull from before the group delivers its field at its newest state
    expect(ra.cursor).toBe(rc.cursor); // one transaction: one cursor
    const pulled = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    expect(pulled.body.entries.find((e: any) => e.measureKey === mk && e.unitId === U).fields.status).toMatchObject({ value: '已完成', rev: 2 });
  });

  it('the same change sent twice at once is written once and answered the same; another payload under its id is refused', async () => {
    const a = change({ measureKey: mks[2], field: 'contact', value: '张三 0531-1' });
    const before = await storeCounts(s);
    const [r1, r2, r3] = (await together([input([a]), input([{ ...a }]), input([{ ...a, value: '李四 0531-2' }])])).map(ok);
    expect(r1.results[0]).toMatchObject({ outcome: 'accepted', rev: 1, value: '张三 0531-1' });
    expect(r2.results).toEqual(r1.results);
    expect(r3.results[0]).toMatchObject({ changeId: a.changeId, outcome: 'rejected', reason: { code: 'DUPLICATE_CHANGE_ID' } });
    expect(await s.history({ measureKey: mks[2], unitId: U, field: 'contact' })).toHaveLength(1);
    const after = await storeCounts(s);
    expect(after).not.toBe(before);
    // and it stays a retry afterwards
    expect(ok((await together([input([{ ...a }])]))[0]).results).toEqual(r1.results);
    expect(await storeCounts(s)).toBe(after);
  });

  it('a refused batch among good ones gets its error and leaves no trace; the others are stored', async () => {
    const mk = mks[3];
    const good1 = change({ measureKey: mk, field: 'problems', value: '资金不足' });
    const badFirst = change({ measureKey: mk, field: 'nextSteps', value: '不该写入' }); // valid, but its batch is refused
    const badIds = [badFirst, change({ measureKey: 'no-such-measure', field: 'nextSteps' })];
    const notYours = change({ unitId: '省教育厅', measureKey: mk, field: 'nextSteps', value: '别人的' });
    const badText = change({ measureKey: mk, field: 'nextSteps', value: 'a\u0000b' });
    const good2 = change({ measureKey: mk, field: 'nextSteps', value: '加快施工' }); // base 0: the refused batch's value was never there
    const out = await together([input([good1]), input(badIds), input([notYours]), input([badText]), input([good2])]);
    expect(ok(out[0]).results[0]).toMatchObject({ outcome: 'accepted', rev: 1 });
    expect(out[1]).toBeInstanceOf(AppError);
    expect((out[1] as AppError).code).toBe('UNKNOWN_MEASURE');
    expect((out[2] as AppError).code).toBe('NOT_YOUR_ENTRY');
    expect((out[3] as AppError).code).toBe('INVALID_TEXT');
    expect(ok(out[4]).results[0]).toMatchObject({ outcome: 'accepted', rev: 1, value: '加快施工' });
    expect(await s.field(mk, U, 'nextSteps')).toMatchObject({ value: '加快施工', rev: 1 });
    expect(await s.field(mk, U, 'problems')).toMatchObject({ value: '资金不足', rev: 1 });
    expect(await s.ctx.store.changes.get([badFirst.changeId, notYours.changeId, badText.changeId])).toEqual(new Map());
    // the refused batch's good change was not stored under its id: sent alone it is a new change
    expect(ok((await together([input([{ ...badFirst, baseRev: 1 }])]))[0]).results[0]).toMatchObject({ outcome: 'accepted', rev: 2, value: '不该写入' });
  });

  it('a pure retry in a group answers as the first time, beside a new batch', async () => {
    const a = change({ measureKey: mks[4], field: 'progress', value: '已开工。' });
    const first = ok((await together([input([a])]))[0]);
    const [retry, fresh] = await together([input([{ ...a }]), input([change({ measureKey: mks[4], field: 'contact', value: 'x' })], { actor: coordinator, source: 'console' })]);
    expect(ok(retry).results).toEqual(first.results);
    expect(ok(fresh).results[0]).toMatchObject({ outcome: 'accepted' });
  });

  it('concurrent HTTP requests on one field: every answer consistent with the stored history', async () => {
    const e = others.shift()!;
    const sends = Array.from({ length: 12 }, (_, i) =>
      api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, { source: 'console', changes: [change({ ...e, field: 'contact', value: `电话 ${i}` })] }),
    );
    const replies = await Promise.all(sends);
    const answers = replies.map((r) => r.body.results[0]);
    const accepted = answers.filter((a) => a.outcome === 'accepted');
    expect(accepted).toHaveLength(1); // all from base 0: the first wins, the rest are conflicts (one each)
    expect(answers.filter((a) => a.outcome === 'conflict')).toHaveLength(11);
    expect(await s.history({ ...e, field: 'contact' })).toHaveLength(1);
    const ids = new Set(answers.map((a) => a.changeId));
    expect((await s.ctx.store.conflicts.list(s.periodId)).filter((c) => ids.has(c.changeId))).toHaveLength(11);
  });
});

describe('the group', () => {
  it('a group is one transaction, and at most GROUP_MAX_INPUTS batches', async () => {
    const slots: FieldChange[] = [];
    for (const e of others.splice(0, 60)) for (const field of ['progress', 'problems'] as const) slots.push(change({ ...e, field, value: `${e.measureKey} ${field}` }));
    const count = GROUP_MAX_INPUTS + 36;
    expect(slots.length).toBeGreaterThanOrEqual(count);
    const inputs = slots.slice(0, count).map((c) => input([c], { actor: coordinator, source: 'console' }));
    const commits = s.ctx.store.stats.commits;
    const st = { ...stats() };
    const out = (await together(inputs)).map(ok);
    expect(out.every((r) => r.results[0].outcome === 'accepted')).toBe(true);
    expect(s.ctx.store.stats.commits - commits).toBe(2); // 64 + 36, not 100 transactions
    expect(stats().groups - st.groups).toBe(2);
    expect(stats().largest).toBeLessThanOrEqual(GROUP_MAX_INPUTS);
    // each group's batches share its cursor; on SQLite (the last history seq) the second's is higher.
    // (On PostgreSQL it is the snapshot horizon: any transaction open in the database — the other
    // group, another test file's — holds it back, so two groups' cursors have no order.)
    const [first, second] = [out.slice(0, GROUP_MAX_INPUTS), out.slice(GROUP_MAX_INPUTS)].map((g) => [...new Set(g.map((r) => r.cursor))]);
    expect([first.length, second.length]).toEqual([1, 1]);
    if (!pg()) expect(second[0]).toBeGreaterThan(first[0]);
    for (const c of slots.slice(0, count)) expect(await s.field(c.measureKey, c.unitId, c.field)).toMatchObject({ value: c.value, rev: 1 });
  });

  it('answers only after COMMIT; a group whose COMMIT fails runs each batch alone and only the bad one fails', async () => {
    // every statement succeeds, the COMMIT refuses the poisoned value: on PostgreSQL a deferred
    // constraint trigger; on SQLite (no deferred triggers) a trigger inserting a row whose deferred
    // foreign key has no parent — checked only at COMMIT
    if (pg()) {
      await sql(`CREATE FUNCTION grp_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.new_value = '毒' THEN RAISE EXCEPTION 'poisoned at commit'; END IF; RETURN NULL; END $$`);
      await sql(`CREATE CONSTRAINT TRIGGER grp_poison AFTER INSERT ON history DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION grp_poison()`);
    } else {
      await sql(`CREATE TABLE grp_parent (id INTEGER PRIMARY KEY);
        CREATE TABLE grp_poison (parent INTEGER REFERENCES grp_parent(id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TRIGGER grp_poison AFTER INSERT ON history WHEN NEW.new_value = '毒' BEGIN INSERT INTO grp_poison VALUES (-1); END`);
    }
    try {
      const e = others.shift()!;
      const good = [change({ ...e, field: 'progress', value: '好一' }), change({ ...e, field: 'problems', value: '好二' })];
      const bad = change({ ...e, field: 'nextSteps', value: '毒' });
      const st = { ...stats() };
      const commitsAtAnswer: number[] = [];
      const commits = s.ctx.store.stats.commits;
      const ps = [good[0], bad, good[1]].map((c) => input([c], { actor: coordinator, source: 'console' })).map((i) => applyChanges(s.ctx, i).finally(() => commitsAtAnswer.push(s.ctx.store.stats.commits)));
      const [r1, rb, r2] = await Promise.allSettled(ps);
      expect(stats().groups - st.groups).toBe(1);
      expect(stats().fallbacks - st.fallbacks).toBe(1);
      expect(r1).toMatchObject({ status: 'fulfilled', value: { results: [{ outcome: 'accepted', rev: 1 }] } });
      expect(r2).toMatchObject({ status: 'fulfilled', value: { results: [{ outcome: 'accepted', rev: 1 }] } });
      expect(rb.status).toBe('rejected'); // never "accepted": the group's COMMIT failed, so it answered nobody
      expect(String((rb as PromiseRejectedResult).reason)).toMatch(pg() ? /poisoned at commit/ : /FOREIGN KEY constraint failed/);
      expect(s.ctx.store.stats.commits - commits).toBe(2); // the two good batches, each alone
      expect(commitsAtAnswer[0]).toBeGreaterThan(commits); // the first answer came after a COMMIT
      expect(await s.field(e.measureKey, e.unitId, 'progress')).toMatchObject({ value: '好一', rev: 1 });
      expect(await s.field(e.measureKey, e.unitId, 'problems')).toMatchObject({ value: '好二', rev: 1 });
      expect(await s.field(e.measureKey, e.unitId, 'nextSteps')).toBeUndefined();
      expect(await s.ctx.store.changes.get([bad.changeId])).toEqual(new Map());
    } finally {
      if (pg()) {
        await sql(`DROP TRIGGER grp_poison ON history`);
        await sql(`DROP FUNCTION grp_poison()`);
      } else {
        await sql(`DROP TRIGGER grp_poison; DROP TABLE grp_poison; DROP TABLE grp_parent`);
      }
    }
  });

  it('a group whose write fails falls back: the batches apply alone, arrival order kept', async () => {
    if (pg()) {
      await sql(`CREATE FUNCTION grp_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.new_value = '拒' THEN RAISE EXCEPTION 'refused write'; END IF; RETURN NEW; END $$`);
      await sql(`CREATE TRIGGER grp_refuse BEFORE INSERT ON history FOR EACH ROW EXECUTE FUNCTION grp_refuse()`);
    } else {
      await sql(`CREATE TRIGGER grp_refuse BEFORE INSERT ON history WHEN NEW.new_value = '拒' BEGIN SELECT RAISE(ABORT, 'refused write'); END`);
    }
    try {
      const e = others.shift()!;
      const a = change({ ...e, field: 'status', value: '推进中' });
      const bad = change({ ...e, field: 'progress', value: '拒' });
      const b = change({ ...e, field: 'status', baseRev: 1, value: '已完成' }); // needs a first
      const st = { ...stats() };
      const [ra, rbad, rb] = await together([a, bad, b].map((c) => input([c], { actor: coordinator, source: 'console' })));
      expect(stats().fallbacks - st.fallbacks).toBe(1);
      expect(ok(ra).results[0]).toMatchObject({ outcome: 'accepted', rev: 1 });
      expect(String(rbad)).toMatch(/refused write/);
      expect(ok(rb).results[0]).toMatchObject({ outcome: 'accepted', rev: 2, value: '已完成' });
      expect(await s.field(e.measureKey, e.unitId, 'progress')).toBeUndefined();
    } finally {
      await sql(pg() ? `DROP TRIGGER grp_refuse ON history` : `DROP TRIGGER grp_refuse`);
      if (pg()) await sql(`DROP FUNCTION grp_refuse()`);
    }
  });

});
