// The store contract: every method of server/store/types.ts, transactions and rollback, nested
// savepoints, concurrent transactions isolated from each other's failures, migrations, cursor
// semantics and the whole-table copy — the same suite for every backend (SQLite, PGlite, the
// real PostgreSQL server). Each backend file calls describeStoreContract with a harness.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Plan, Unit } from '../../shared/model/plan';
import type { Period } from '../../shared/model/progress';
import { SCHEMA_VERSION } from '../../server/store/migrations';
import { fieldKeyString, type ActorStamp, type FieldWrite, type RawRow, type Store, type Tx } from '../../server/store/types';
import { applyBatch } from './helpers/apply-batch';
import { EMPTY_LIAISON } from '../../shared/cycle/liaison';
import { EVIDENCE_CHUNK } from '../../server/store/repos/evidence';
import type { EvidenceRow } from '../../server/store/types';

export interface StoreHarness {
  /** A fresh, empty, migrated store. */
  open(): Promise<Store>;
  /** Another store on the same database as the last one opened (another process), if the backend can. */
  openSibling?(): Promise<Store>;
  /** After all tests of the file. */
  dispose?(): Promise<void>;
  /**
   * false for PGlite: one connection, so a read outside a transaction waits for it to end (a read
   * awaited inside a transaction's callback would wait forever — which is why callbacks await only tx).
   */
  readsBesideTransactions?: boolean;
}

export const ACTOR: ActorStamp = { codeId: 'code-1', role: 'unit' };
export const HOLDER = '省交通运输厅';
const AT = '2026-07-01T08:00:00.000Z';

export const unit = (id: string, name = `单位${id}`): Unit => ({ id, name, shortName: name, aliases: [], kind: 'provincial_department', needsResolution: false });

export function plan(id: string, title = '测试计划'): Plan {
  return {
    title,
    units: [unit('u1'), unit('u2')],
    tasks: [{ key: 't1', no: '1', title: '任务一', measures: [{ key: 'm1', no: '1.1', text: '举措一', assignments: [{ unitId: 'u1', role: 'lead', order: 0, group: 0 }] }] }],
  } as unknown as Plan & { id?: string };
}

export const period = (id: string, planId = 'p1', openedAt = AT): Period => ({
  id, planId, name: `期次${id}`, deadline: '2026-12-31', state: 'open', openedAt, closedAt: null, carriedFrom: null,
});

export function write(o: Partial<FieldWrite> & Pick<FieldWrite, 'measureKey' | 'unitId' | 'field' | 'value' | 'rev'>): FieldWrite {
  return {
    oldValue: '', at: AT, by: HOLDER, actor: ACTOR, declaredPerson: null, source: 'addin', late: false, autoMerged: false,
    changeId: `ch-${o.measureKey}-${o.unitId}-${o.field}-${o.rev}`, changedAfterSubmit: false, ...o,
  };
}

/** A store with a plan p1 and an open period per1. */
export async function seeded(s: Store): Promise<Store> {
  await s.transaction(async (tx) => {
    for (const u of [unit('u1'), unit('u2'), unit('u3')]) await tx.units.upsert(u);
    await tx.plans.insert({ id: 'p1', title: '测试计划', version: 1, active: true, importedAt: AT, updatedAt: AT, plan: plan('p1') }, '导入者', '导入');
    await tx.periods.insert(period('per1'));
  });
  return s;
}

/**
 * The cursor once it has passed `position`: at once on SQLite; on PostgreSQL it waits for every
 * older transaction on the server to end (another suite's, on a shared server) — bounded.
 */
export async function settledCursor(s: Store, position: number, ms = 15_000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const c = await s.history.cursor();
    if (c >= position) return c;
    if (Date.now() > deadline) throw new Error(`cursor ${c} still below ${position} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const fails = (msg: string) => async () => {
  throw new Error(msg);
};

export function describeStoreContract(name: string, h: StoreHarness): void {
  describe(`store contract: ${name}`, () => {
    let s: Store;
    beforeEach(async () => {
      s = await seeded(await h.open());
      return async () => s.close();
    });
    afterAll(async () => h.dispose?.());

    it('is migrated to the current schema', async () => {
      expect(await s.schemaVersion()).toBe(SCHEMA_VERSION);
    });

    it('units: upsert, get, list in registration order, update in place', async () => {
      expect(await s.units.get('u2')).toEqual(unit('u2'));
      expect(await s.units.get('nope')).toBeUndefined();
      await s.transaction(async (tx) => {
        await tx.units.upsert(unit('a0', '后来的'));
        await tx.units.upsert({ ...unit('u1', '改名了'), aliases: ['别名'] });
      });
      expect((await s.units.list()).map((u) => u.id)).toEqual(['u1', 'u2', 'u3', 'a0']);
      expect(await s.units.get('u1')).toMatchObject({ name: '改名了', aliases: ['别名'] }); // not a stale cached copy
    });

    it('plans: insert, get, version, list, update keeps every version, setActive', async () => {
      expect(await s.plans.version('p1')).toBe(1);
      expect((await s.plans.get('p1'))?.plan.title).toBe('测试计划');
      await s.transaction(async (tx) => {
        await tx.plans.update('p1', { ...plan('p1'), title: '修订版' }, 2, '2026-07-02T00:00:00.000Z', '协调办公室', '重新导入');
        await tx.plans.setActive('p1', false);
      });
      expect(await s.plans.list()).toEqual([
        { id: 'p1', title: '修订版', version: 2, active: false, importedAt: AT, updatedAt: '2026-07-02T00:00:00.000Z' },
      ]);
      const versions = await s.plans.versions('p1');
      expect(versions.map((v) => [v.version, v.plan.title, v.by, v.note])).toEqual([
        [1, '测试计划', '导入者', '导入'],
        [2, '修订版', '协调办公室', '重新导入'],
      ]);
      expect(await s.plans.get('nope')).toBeUndefined();
    });

    it('periods: insert, list in opening order, lastOfPlan, patch only named columns, snapshot, events', async () => {
      await s.transaction(async (tx) => {
        await tx.periods.insert(period('per2', 'p1', '2026-08-01T00:00:00.000Z'));
        await tx.periods.insert(period('per0', 'p1', AT)); // same opening time as per1: insertion order breaks the tie
      });
      expect((await s.periods.list()).map((p) => p.id)).toEqual(['per1', 'per0', 'per2']);
      expect((await s.periods.lastOfPlan('p1'))?.id).toBe('per2');
      await s.transaction(async (tx) => {
        await tx.periods.update('per1', { state: 'closed', closedAt: '2026-09-01T00:00:00.000Z' });
        await tx.periods.update('per1', { deadline: null });
        await tx.periods.setSnapshot('per1', { frozen: ['表'] });
        await tx.periods.addEvent('per1', 'close', '2026-09-01T00:00:00.000Z', '协调办公室');
        await tx.periods.addEvent('per1', 'reopen', '2026-09-02T00:00:00.000Z', '协调办公室');
      });
      expect(await s.periods.get('per1')).toEqual({ ...period('per1'), state: 'closed', closedAt: '2026-09-01T00:00:00.000Z', deadline: null });
      expect(await s.periods.snapshot('per1')).toEqual({ frozen: ['表'] });
      expect(await s.periods.snapshot('per2')).toBeNull();
      expect((await s.periods.events('per1')).map((e) => e.kind)).toEqual(['close', 'reopen']);
    });

    it('entries: a write is history + field + entry; the last write of a field in a batch wins', async () => {
      const c0 = await s.history.cursor();
      const out = await s.transaction((tx) =>
        tx.entries.write('per1', [
          write({ measureKey: 'm1', unitId: 'u1', field: 'progress', value: '第一稿', rev: 1 }),
          write({ measureKey: 'm1', unitId: 'u1', field: 'progress', value: '第二稿', rev: 2, oldValue: '第一稿', autoMerged: true }),
          write({ measureKey: 'm1', unitId: 'u2', field: 'status', value: '推进中', rev: 1, changedAfterSubmit: true }),
        ]),
      );
      // history numbers: one per write, increasing in write order, and history reads in that order
      expect(out.seqs).toHaveLength(3);
      expect(out.seqs[0]).toBeLessThan(out.seqs[1]);
      expect(out.seqs[1]).toBeLessThan(out.seqs[2]);
      expect((await s.history.page('per1', {}, { limit: 10 })).items.map((h) => [h.seq, h.newValue])).toEqual([
        [out.seqs[0], '第一稿'], [out.seqs[1], '第二稿'], [out.seqs[2], '推进中'],
      ]);
      expect(out.cursor).toBeGreaterThanOrEqual(c0);
      expect(await s.history.cursor()).toBeGreaterThanOrEqual(out.cursor);
      expect(await s.entries.field('per1', { measureKey: 'm1', unitId: 'u1', field: 'progress' })).toEqual({
        value: '第二稿', rev: 2, updatedAt: AT, updatedBy: HOLDER, autoMerged: true,
      });
      const keys = [
        { measureKey: 'm1', unitId: 'u1', field: 'progress' as const },
        { measureKey: 'm1', unitId: 'u2', field: 'status' as const },
        { measureKey: 'm1', unitId: 'u3', field: 'status' as const },
      ];
      const fields = await s.entries.fields('per1', keys);
      expect([...fields.keys()].sort()).toEqual([fieldKeyString(keys[0]), fieldKeyString(keys[1])].sort());
      const entries = await s.entries.list('per1');
      expect(entries.map((e) => [e.unitId, e.changedAfterSubmit])).toEqual([
        ['u1', false],
        ['u2', true],
      ]);
      // positions: above every cursor handed out before the write, in list order; `since` filters on them
      expect(entries[0].seq).toBeGreaterThan(c0);
      expect(entries[0].seq).toBeLessThanOrEqual(entries[1].seq);
      expect(entries[0].fields.status).toEqual({ value: '', rev: 0 });
      for (const since of [c0, entries[0].seq, entries[1].seq]) {
        expect(await s.entries.list('per1', since)).toEqual(entries.filter((e) => e.seq > since));
      }
      expect(await s.entries.list('other')).toEqual([]);
      await s.transaction(async (tx) => {
        await tx.entries.clearAutoMerged('per1', keys[0]);
        await tx.entries.clearChangedAfterSubmit('per1', 'u2');
      });
      expect((await s.entries.field('per1', keys[0]))?.autoMerged).toBeUndefined();
      expect((await s.entries.list('per1')).every((e) => !e.changedAfterSubmit)).toBe(true);
      // an empty write changes nothing and answers the cursor
      const empty = await s.transaction((tx) => tx.entries.write('per1', []));
      expect(empty.seqs).toEqual([]);
      expect(empty.cursor).toBeGreaterThanOrEqual(out.cursor);
      expect(await s.history.page('per1', {}, { limit: 10 })).toMatchObject({ items: { length: 3 } });
    });

    it('entries: the changed-after-submit flag is ORed, never cleared by a later write', async () => {
      await s.transaction((tx) => tx.entries.write('per1', [write({ measureKey: 'm1', unitId: 'u1', field: 'status', value: '推进中', rev: 1, changedAfterSubmit: true })]));
      await s.transaction((tx) => tx.entries.write('per1', [write({ measureKey: 'm1', unitId: 'u1', field: 'status', value: '已完成', rev: 2 })]));
      expect((await s.entries.list('per1'))[0].changedAfterSubmit).toBe(true);
    });

    it('history: rows with the actor and the declared person kept apart, values at revisions, pages, touched entries', async () => {
      await s.transaction((tx) =>
        tx.entries.write('per1', [
          write({ measureKey: 'm1', unitId: 'u1', field: 'progress', value: '结转', rev: 1, source: 'carryover' }),
          write({ measureKey: 'm1', unitId: 'u1', field: 'progress', value: '新的', rev: 2, oldValue: '结转', declaredPerson: '张三' }),
          write({ measureKey: 'm2', unitId: 'u2', field: 'problems', value: '问题', rev: 1, actor: { codeId: null, role: 'coordinator' }, by: '服务器控制台' }),
          write({ measureKey: 'm1', unitId: 'u1', field: 'problems', value: '引号\'"\\，逗号{}', rev: 1 }),
        ]),
      );
      const k = { measureKey: 'm1', unitId: 'u1', field: 'progress' as const };
      expect(await s.history.valueAt('per1', k, 1)).toBe('结转');
      expect(await s.history.valueAt('per1', k, 0)).toBe('');
      expect(await s.history.valueAt('per1', k, 9)).toBeNull();
      const at = await s.history.valuesAt('per1', [
        { ...k, rev: 2 }, { ...k, rev: 0 }, { ...k, rev: 7 }, { measureKey: 'm1', unitId: 'u1', field: 'problems', rev: 1 },
      ]);
      expect(Object.fromEntries([...at].map(([key, v]) => [key.split('\u0000').slice(2).join('@'), v]))).toEqual({
        'progress@2': '新的', 'progress@0': '', 'problems@1': '引号\'"\\，逗号{}',
      });
      const all = await s.history.page('per1', {}, { limit: 100 });
      expect(all.next).toBeNull();
      expect(all.items.map((h) => h.newValue)).toEqual(['结转', '新的', '问题', '引号\'"\\，逗号{}']);
      expect(all.items[1]).toMatchObject({ codeId: 'code-1', role: 'unit', declaredPerson: '张三', by: HOLDER, rev: 2, oldValue: '结转' });
      expect(all.items[2]).toMatchObject({ codeId: null, role: 'coordinator', by: '服务器控制台', declaredPerson: null });
      const p1 = await s.history.page('per1', { unitId: 'u1' }, { limit: 2 });
      expect(p1.items.map((h) => h.newValue)).toEqual(['结转', '新的']);
      const p2 = await s.history.page('per1', { unitId: 'u1' }, { limit: 2, after: p1.next! });
      expect(p2).toMatchObject({ next: null, items: [{ newValue: '引号\'"\\，逗号{}' }] });
      expect((await s.history.page('per1', { measureKeys: ['m2'] }, { limit: 10 })).items.map((h) => h.unitId)).toEqual(['u2']);
      expect((await s.history.page('per1', { measureKeys: [] }, { limit: 10 })).items).toEqual([]);
      expect((await s.history.page('per1', { measureKey: 'm1', field: 'problems' }, { limit: 10 })).items).toHaveLength(1);
      expect([...(await s.history.touchedEntries('per1'))].sort()).toEqual(['m1\u0000u1', 'm2\u0000u2']);
    });

    it('change results: stored once, read many at a time, missing ids absent', async () => {
      await s.transaction((tx) =>
        tx.changes.put([
          { changeId: 'c-1', kind: 'change', result: { changeId: 'c-1', outcome: 'accepted', rev: 1, value: 'v' }, unitId: 'u1', periodId: 'per1', fingerprint: 'fp1', at: AT },
          { changeId: 'c-2', kind: 'resolve', result: { status: 409, body: { error: 'CONFLICT_MOVED' } }, unitId: null, periodId: null, fingerprint: null, at: AT },
        ]),
      );
      const got = await s.changes.get(['c-2', 'c-1', 'c-3']);
      expect([...got.keys()].sort()).toEqual(['c-1', 'c-2']);
      expect(got.get('c-1')).toEqual({ changeId: 'c-1', kind: 'change', result: { changeId: 'c-1', outcome: 'accepted', rev: 1, value: 'v' }, unitId: 'u1', periodId: 'per1', fingerprint: 'fp1', at: AT });
      expect(got.get('c-2')).toMatchObject({ kind: 'resolve', result: { status: 409 }, unitId: null });
      expect((await s.changes.get([])).size).toBe(0);
      // one id names one change: storing it twice is an error, not a silent overwrite
      await expect(s.transaction((tx) => tx.changes.put([{ ...got.get('c-1')! }]))).rejects.toThrow();
    });

    it('conflicts: insert, list in creation order with filters, refresh, resolve', async () => {
      const c = (id: string, unitId: string, createdAt = AT) => ({
        id, periodId: 'per1', measureKey: 'm1', unitId, field: 'progress' as const, baseValue: '底稿', serverValue: '服务器', serverRev: 2,
        theirValue: '我的', source: 'addin' as const, changeId: `ch-${id}`, createdAt, createdBy: '张三', resolvedAt: null, resolvedBy: null, resolution: null,
      });
      await s.transaction(async (tx) => {
        await tx.conflicts.insert(c('z', 'u1'));
        await tx.conflicts.insert(c('a', 'u2'));
        await tx.conflicts.insert(c('b', 'u1', '2026-06-01T00:00:00.000Z'));
      });
      expect((await s.conflicts.list('per1')).map((x) => x.id)).toEqual(['b', 'z', 'a']);
      expect((await s.conflicts.list('per1', { unitId: 'u1' })).map((x) => x.id)).toEqual(['b', 'z']);
      await s.transaction(async (tx) => {
        await tx.conflicts.refresh('z', '同事又改了', 3);
        await tx.conflicts.resolve('a', '2026-07-03T00:00:00.000Z', '协调办公室', '我的');
      });
      expect(await s.conflicts.get('z')).toEqual({ ...c('z', 'u1'), serverValue: '同事又改了', serverRev: 3 });
      expect(await s.conflicts.get('a')).toMatchObject({ resolvedAt: '2026-07-03T00:00:00.000Z', resolvedBy: '协调办公室', resolution: '我的' });
      expect((await s.conflicts.list('per1', { open: true })).map((x) => x.id)).toEqual(['b', 'z']);
      expect(await s.conflicts.get('nope')).toBeUndefined();
    });

    it('codes: insert, find by hash, list in issue order, revoke once, revoke coordinators, last use', async () => {
      const code = (id: string, role: 'unit' | 'coordinator', unitId: string | null) => ({
        id, unitId, role, person: role === 'unit' ? '李四' : null, createdAt: AT, expiresAt: null, revokedAt: null, lastUsedAt: null,
      });
      const v0 = s.authVersion();
      await s.transaction(async (tx) => {
        await tx.codes.insert(code('k2', 'unit', 'u1'), 'hash-2');
        await tx.codes.insert(code('k1', 'coordinator', null), 'hash-1');
        await tx.codes.insert(code('k3', 'coordinator', null), 'hash-3');
      });
      expect(s.authVersion()).not.toBe(v0);
      expect(await s.codes.findByHash('hash-2')).toEqual(code('k2', 'unit', 'u1'));
      expect(await s.codes.findByHash('nope')).toBeUndefined();
      expect((await s.codes.list()).map((c) => c.id)).toEqual(['k2', 'k1', 'k3']);
      const v1 = s.authVersion();
      await s.transaction(async (tx) => {
        await tx.codes.revoke('k1', '2026-07-05T00:00:00.000Z');
        await tx.codes.revoke('k1', '2026-07-09T00:00:00.000Z'); // the first revocation time stays
      });
      expect(s.authVersion()).not.toBe(v1);
      expect((await s.codes.get('k1'))?.revokedAt).toBe('2026-07-05T00:00:00.000Z');
      expect(await s.transaction((tx) => tx.codes.revokeCoordinators('2026-07-06T00:00:00.000Z'))).toBe(1);
      await s.transaction(async (tx) => {
        await tx.codes.touch('k2', '2026-07-07T00:00:00.000Z');
        await tx.codes.touchMany([['k1', '2026-07-08T00:00:00.000Z'], ['k3', '2026-07-08T01:00:00.000Z']]);
      });
      expect((await s.codes.list()).map((c) => c.lastUsedAt)).toEqual(['2026-07-07T00:00:00.000Z', '2026-07-08T00:00:00.000Z', '2026-07-08T01:00:00.000Z']);
      // a noted use costs no commit of its own: written with the next transaction or at close
      s.noteCodeUse('k2', '2026-07-10T00:00:00.000Z');
      await s.transaction(async () => undefined);
      await s.close();
      s = await (h.openSibling ?? h.open)();
      if (h.openSibling) expect((await s.codes.get('k2'))?.lastUsedAt).toBe('2026-07-10T00:00:00.000Z');
    });

    it('submissions and summaries', async () => {
      await s.transaction(async (tx) => {
        await tx.submissions.upsert('per1', 'u1', AT, '王五');
        await tx.submissions.upsert('per1', 'u1', '2026-07-02T00:00:00.000Z', '赵六', '张副厅长'); // the latest counts
        await tx.submissions.upsert('per1', 'u2', AT, '钱七');
        await tx.summaries.set('per1', 'm1', '汇总一', AT, '协调办公室');
        await tx.summaries.set('per1', 'm1', '汇总二', AT, '协调办公室');
      });
      expect(await s.submissions.get('per1', 'u1')).toEqual({ submittedAt: '2026-07-02T00:00:00.000Z', by: '赵六', signedBy: '张副厅长' });
      expect(await s.submissions.get('per1', 'u3')).toBeUndefined();
      expect(await s.submissions.list('per1')).toEqual(new Map([['u1', '2026-07-02T00:00:00.000Z'], ['u2', AT]]));
      expect([...(await s.submissions.many('per1', ['u2', 'u3', 'u1'])).keys()].sort()).toEqual(['u1', 'u2']);
      expect((await s.submissions.many('per1', ['u2'])).get('u2')).toEqual({ submittedAt: AT, by: '钱七', signedBy: null });
      expect((await s.submissions.many('per1', ['u2', 'u1'])).get('u1')?.signedBy).toBe('张副厅长');
      expect(await s.summaries.list('per1')).toEqual({ m1: '汇总二' });
    });

    it('liaisons: set, get, list, update in place; an empty liaison removes the row', async () => {
      const l = { unitId: 'u1', name: '王工', officePhone: '0531-1111', mobile: '139', email: 'w@x.cn', deputyName: '赵工', deputyOfficePhone: '', deputyMobile: '137', updatedAt: AT, updatedBy: '协调办公室' };
      await s.transaction(async (tx) => {
        await tx.liaisons.set(l);
        await tx.liaisons.set({ ...l, unitId: 'u2', name: '钱工' });
        await tx.liaisons.set({ ...l, mobile: '138' });
      });
      expect(await s.liaisons.get('u1')).toEqual({ ...l, mobile: '138' });
      expect([...(await s.liaisons.list()).keys()]).toEqual(['u1', 'u2']);
      await s.transaction((tx) => tx.liaisons.set({ ...EMPTY_LIAISON, unitId: 'u2', updatedAt: AT, updatedBy: 'x' }));
      expect(await s.liaisons.get('u2')).toBeUndefined();
      expect(await s.liaisons.get('nope')).toBeUndefined();
    });

    it('review steps: appended in order per unit, with who acted; all units of a period in one read', async () => {
      const ids = await s.transaction(async (tx) => [
        await tx.reviews.add({ periodId: 'per1', unitId: 'u1', kind: 'submit', at: AT, by: '单位u1', signedBy: '张副厅长', codeId: 'code-1' }),
        await tx.reviews.add({ periodId: 'per1', unitId: 'u1', kind: 'return', at: AT, by: '协调办公室', reason: '请补充共建实验室名单', measureKeys: ['m1'], codeId: 'coord' }),
        await tx.reviews.add({ periodId: 'per1', unitId: 'u2', kind: 'submit', at: AT, by: '单位u2', signedBy: '李处长', codeId: null }),
        await tx.reviews.add({ periodId: 'per1', unitId: 'u1', kind: 'submit', at: AT, by: '单位u1', signedBy: '张副厅长', codeId: 'code-1' }),
        await tx.reviews.add({ periodId: 'per1', unitId: 'u1', kind: 'approve', at: AT, by: '协调办公室', codeId: 'coord' }),
      ]);
      expect(new Set(ids).size).toBe(5);
      const u1 = await s.reviews.steps('per1', 'u1');
      expect(u1.map((x) => x.kind)).toEqual(['submit', 'return', 'submit', 'approve']);
      expect(u1[1]).toMatchObject({ kind: 'return', reason: '请补充共建实验室名单', measureKeys: ['m1'], by: '协调办公室', codeId: 'coord' });
      expect(u1[0]).toMatchObject({ kind: 'submit', signedBy: '张副厅长' });
      const all = await s.reviews.all('per1');
      expect([...all.keys()].sort()).toEqual(['u1', 'u2']);
      expect(all.get('u1')!.map((x) => x.id)).toEqual(u1.map((x) => x.id));
      expect(await s.reviews.steps('per1', 'u3')).toEqual([]);
    });

    it('extensions: insert, list in request order, decided once', async () => {
      const e = { id: 'e1', periodId: 'per1', unitId: 'u1', requestedDeadline: '2027-01-10', reason: '统计数据未发布', state: 'pending' as const, requestedAt: AT, requestedBy: '单位u1', decidedAt: null, decidedBy: null, grantedDeadline: null, note: '' };
      await s.transaction(async (tx) => {
        await tx.extensions.insert(e);
        await tx.extensions.insert({ ...e, id: 'e0', unitId: 'u2' });
      });
      expect((await s.extensions.list('per1')).map((x) => x.id)).toEqual(['e1', 'e0']);
      expect((await s.extensions.list('per1', 'u2')).map((x) => x.id)).toEqual(['e0']);
      const d = { state: 'granted' as const, decidedAt: AT, decidedBy: '协调办公室', grantedDeadline: '2027-01-08', note: '同意延期至1月8日' };
      expect(await s.transaction((tx) => tx.extensions.decide('e1', d))).toBe(true);
      expect(await s.transaction((tx) => tx.extensions.decide('e1', { ...d, state: 'declined' }))).toBe(false);
      expect(await s.extensions.get('e1')).toEqual({ ...e, ...d });
      expect(await s.extensions.get('nope')).toBeUndefined();
    });

    it('closures: close a measure or a unit part, reopen, the log keeps both', async () => {
      const c = { planId: 'p1', measureKey: 'm1', unitId: '', periodId: 'per1', at: AT, by: '协调办公室', note: '已完成验收' };
      await s.transaction(async (tx) => {
        await tx.closures.close(c);
        await tx.closures.close({ ...c, measureKey: 'm2', unitId: 'u1', note: '' });
      });
      expect(await s.closures.list('p1')).toEqual([c, { ...c, measureKey: 'm2', unitId: 'u1', note: '' }]);
      expect(await s.transaction((tx) => tx.closures.reopen({ planId: 'p1', measureKey: 'm1', unitId: '', periodId: 'per1', at: AT, by: '协调办公室', note: '发现遗留问题' }))).toBe(true);
      expect(await s.transaction((tx) => tx.closures.reopen({ planId: 'p1', measureKey: 'm1', unitId: '', periodId: 'per1', at: AT, by: 'x', note: '' }))).toBe(false);
      expect((await s.closures.list('p1')).map((x) => x.measureKey)).toEqual(['m2']);
      expect((await s.closures.events('p1', 'm1')).map((x) => [x.kind, x.note])).toEqual([['close', '已完成验收'], ['reopen', '发现遗留问题']]);
      expect(await s.closures.events('p1')).toHaveLength(3);
    });

    it('evidence: metadata and content (chunked, byte-exact), listed by entry, removal keeps the record', async () => {
      const big = new Uint8Array(EVIDENCE_CHUNK * 2 + 17).map((_, i) => (i * 31) % 256);
      const row = (id: string, o: Partial<EvidenceRow> = {}): EvidenceRow => ({
        id, periodId: 'per1', measureKey: 'm1', unitId: 'u1', name: '验收报告.pdf', kind: 'pdf', size: big.length, sha256: 'abc', createdAt: AT,
        createdBy: '单位u1', codeId: 'code-1', deletedAt: null, deletedBy: null, ...o,
      });
      await s.transaction(async (tx) => {
        await tx.evidence.insert(row('f1'), big);
        await tx.evidence.insert(row('f2', { unitId: 'u2', name: '照片.png', kind: 'png', size: 0 }), new Uint8Array(0));
      });
      expect(Buffer.from((await s.evidence.content('f1'))!).equals(Buffer.from(big))).toBe(true);
      expect((await s.evidence.content('f2'))!.length).toBe(0);
      expect(await s.evidence.content('nope')).toBeUndefined();
      expect(await s.evidence.get('f1')).toEqual(row('f1'));
      expect((await s.evidence.list('per1')).map((x) => x.id)).toEqual(['f1', 'f2']);
      expect((await s.evidence.list('per1', { unitId: 'u2' })).map((x) => x.id)).toEqual(['f2']);
      expect(await s.transaction((tx) => tx.evidence.remove('f1', AT, '单位u1'))).toBe(true);
      expect(await s.transaction((tx) => tx.evidence.remove('f1', AT, '单位u1'))).toBe(false);
      expect((await s.evidence.list('per1')).map((x) => x.id)).toEqual(['f2']);
      expect((await s.evidence.list('per1', { withDeleted: true, measureKey: 'm1' }))[0]).toMatchObject({ id: 'f1', deletedBy: '单位u1' });
    });

    it('transactions: a failing callback leaves nothing; a nested failure undoes only itself; hooks run only on commit', async () => {
      const hooks: string[] = [];
      await expect(
        s.transaction(async (tx) => {
          await tx.summaries.set('per1', 'm1', '不该留下', AT, 'x');
          tx.afterCommit(() => hooks.push('rolled back'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await s.summaries.list('per1')).toEqual({});
      await s.transaction(async (tx) => {
        await tx.summaries.set('per1', 'm1', '外层', AT, 'x');
        await expect(
          tx.transaction(async (inner) => {
            await inner.summaries.set('per1', 'm2', '内层', AT, 'x');
            inner.afterCommit(() => hooks.push('inner rolled back'));
            throw new Error('inner');
          }),
        ).rejects.toThrow('inner');
        await tx.transaction(async (inner) => {
          await inner.summaries.set('per1', 'm3', '内层二', AT, 'x');
          inner.afterCommit(() => hooks.push('inner committed'));
        });
        tx.afterCommit(() => hooks.push('outer committed'));
      });
      expect(await s.summaries.list('per1')).toEqual({ m1: '外层', m3: '内层二' });
      expect(hooks.sort()).toEqual(['inner committed', 'outer committed']);
    });

    it('transactions: concurrent ones are isolated — one failing does not undo the others; nothing is seen before commit', async () => {
      let seenInside: Record<string, string> | null = null;
      const results = await Promise.allSettled([
        s.transaction(async (tx) => {
          await tx.summaries.set('per1', 'a', '甲', AT, 'x');
          // outside the transaction: not committed yet
          if (h.readsBesideTransactions !== false) seenInside = await s.summaries.list('per1');
          return 'a';
        }),
        s.transaction(async (tx) => {
          await tx.summaries.set('per1', 'b', '乙', AT, 'x');
          throw new Error('b fails');
        }),
        s.transaction(async (tx) => {
          await tx.summaries.set('per1', 'c', '丙', AT, 'x');
          return 'c';
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      if (h.readsBesideTransactions !== false) {
        // its own write is not visible outside before its commit (c, independent, may have committed already)
        expect(seenInside).not.toHaveProperty('a');
        expect(seenInside).not.toHaveProperty('b');
      }
      expect(await s.summaries.list('per1')).toEqual({ a: '甲', c: '丙' });
    });

    it('transactions: statements issued together run in order; commitWithIssued commits them, or nothing when one fails', async () => {
      const rec = (id: string) => ({ changeId: id, kind: 'change' as const, result: { changeId: id, outcome: 'accepted' as const, rev: 1, value: 'v' }, unitId: 'u1', periodId: 'per1', fingerprint: id, at: AT });
      // issued together (pipelined on PostgreSQL): the lock first, reads after it see the writes before them
      const seen = await s.transaction(async (tx) => {
        const [, , summaries, stored] = await Promise.all([
          tx.lock({ names: ['together'] }),
          tx.summaries.set('per1', 'm1', '先写', AT, 'x'),
          tx.summaries.list('per1'),
          tx.changes.get(['none']),
        ]);
        const writing = [tx.changes.put([rec('cw-1')]), tx.summaries.set('per1', 'm2', '后写', AT, 'x')];
        tx.commitWithIssued();
        await Promise.all(writing);
        return { summaries, stored: stored.size };
      });
      expect(seen).toEqual({ summaries: { m1: '先写' }, stored: 0 });
      expect(await s.summaries.list('per1')).toEqual({ m1: '先写', m2: '后写' });
      expect((await s.changes.get(['cw-1'])).size).toBe(1);
      // the COMMIT sent with them must not keep the statements before a failing one
      await expect(
        s.transaction(async (tx) => {
          await tx.summaries.set('per1', 'm3', '不该留下', AT, 'x');
          const writing = [tx.changes.put([rec('cw-2')]), tx.changes.put([rec('cw-1')])]; // cw-1 again: refused
          tx.commitWithIssued();
          await Promise.all(writing);
        }),
      ).rejects.toThrow();
      expect((await s.changes.get(['cw-2'])).size).toBe(0);
      expect(await s.summaries.list('per1')).toEqual({ m1: '先写', m2: '后写' });
      // and the store is usable afterwards
      await s.transaction((tx) => tx.summaries.set('per1', 'm4', '之后', AT, 'x'));
      expect(await s.summaries.list('per1')).toMatchObject({ m4: '之后' });
    });

    it('transactions: a transaction object is unusable after it finished; lock is once per transaction', async () => {
      let leaked: Tx | null = null;
      await s.transaction(async (tx) => {
        leaked = tx;
        await tx.lock({ period: { id: 'per1', mode: 'shared' }, changeIds: ['x'], fields: { periodId: 'per1', keys: [{ measureKey: 'm1', unitId: 'u1', field: 'status' }] } });
        await expect(tx.lock({ names: ['again'] })).rejects.toThrow(/twice/);
      });
      await expect(leaked!.summaries.set('per1', 'late', '太晚', AT, 'x')).rejects.toThrow(/finished/);
      expect(await s.summaries.list('per1')).toEqual({});
    });

    it('lock: hostile keys (quotes, backslashes, NUL, SQL) are only keys; the same key twice at once waits', async () => {
      const evil = ["a'b", 'c\\d', 'e\u0000f', "'); DROP TABLE entries; --", '\\\''];
      const k = { measureKey: evil[3], unitId: evil[1], field: 'progress' as const };
      const order: string[] = [];
      const one = (name: string) =>
        s.transaction(async (tx) => {
          await tx.lock({ period: { id: 'per1', mode: 'shared' }, changeIds: evil, fields: { periodId: 'per1', keys: [k] }, names: evil });
          order.push(`${name}+`);
          await tx.summaries.set('per1', name, name, AT, 'x');
          order.push(`${name}-`);
        });
      await Promise.all([one('甲'), one('乙')]);
      expect(order.join('')).toMatch(/^(甲\+甲-乙\+乙-|乙\+乙-甲\+甲-)$/);
      expect(await s.summaries.list('per1')).toEqual({ 甲: '甲', 乙: '乙' });
      expect(await s.entries.list('per1')).toEqual([]); // the table is still there
    });

    it('cursor: only grows; a rolled-back write leaves nothing; a pull returns every change above `since`', async () => {
      const cursors: number[] = [];
      const cursor = async () => (cursors.push(await s.history.cursor()), cursors.at(-1)!);
      const c0 = await cursor();
      await expect(
        s.transaction(async (tx) => {
          await tx.entries.write('per1', [write({ measureKey: 'm1', unitId: 'u1', field: 'status', value: '滞后', rev: 1 })]);
          await fails('rolled back')();
        }),
      ).rejects.toThrow('rolled back');
      expect(await s.entries.list('per1')).toEqual([]);
      expect((await s.history.page('per1', {}, { limit: 10 })).items).toEqual([]);
      await cursor();
      await s.transaction((tx) => tx.entries.write('per1', [write({ measureKey: 'm1', unitId: 'u1', field: 'status', value: '推进中', rev: 1 })]));
      const first = await s.entries.pull('per1', 0);
      cursors.push(first.cursor);
      expect(first.entries.map((e) => [e.measureKey, e.fields.status.value])).toEqual([['m1', '推进中']]);
      expect(first.entries[0].seq).toBeGreaterThan(c0);
      // once nothing older runs (at once on SQLite; on a shared PostgreSQL server, when other
      // transactions there end), the cursor passes the write and a pull from it returns nothing
      const c1 = await settledCursor(s, first.entries[0].seq);
      cursors.push(c1);
      expect((await s.entries.pull('per1', c1)).entries).toEqual([]);
      await s.transaction((tx) => tx.entries.write('per1', [write({ measureKey: 'm2', unitId: 'u2', field: 'status', value: '推进中', rev: 1 })]));
      const next = await s.entries.pull('per1', c1);
      cursors.push(next.cursor);
      expect(next.entries.map((e) => e.measureKey)).toEqual(['m2']);
      expect(next.entries[0].seq).toBeGreaterThan(c1);
      expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
    });

    it('merge path: concurrent batches on one field — one accepted per revision, the rest conflicts, retries answered the same', async () => {
      const k = { measureKey: 'm1', unitId: 'u1', field: 'progress' as const };
      const batch = (i: number) => applyBatch(s, { periodId: 'per1', actor: ACTOR, changes: [{ ...k, changeId: `race-${i}`, baseRev: 0, value: `第${i}稿` }] });
      const out = await Promise.all([1, 2, 3, 4, 5, 6].map(batch));
      const outcomes = out.map((o) => o.results[0].outcome);
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(5);
      expect((await s.conflicts.list('per1')).length).toBe(5);
      const winner = out.findIndex((o) => o.results[0].outcome === 'accepted') + 1;
      expect(await s.entries.field('per1', k)).toMatchObject({ value: `第${winner}稿`, rev: 1 });
      const again = await batch(winner);
      expect(again.results).toEqual(out[winner - 1].results);
      expect((await s.history.page('per1', {}, { limit: 10 })).items).toHaveLength(1);
    });

    it('raw tables: counts, pages in key order, copy into an empty store keeps every row and the cursor', async () => {
      await applyBatch(s, { periodId: 'per1', actor: ACTOR, changes: [{ measureKey: 'm1', unitId: 'u1', field: 'status', changeId: 'raw-1', baseRev: 0, value: '推进中' }] });
      await s.transaction(async (tx) => {
        await tx.periods.addEvent('per1', 'open', AT, 'x');
        await tx.reviews.add({ periodId: 'per1', unitId: 'u1', kind: 'submit', at: AT, by: 'x', signedBy: '张', codeId: null });
        await tx.closures.close({ planId: 'p1', measureKey: 'm1', unitId: '', periodId: 'per1', at: AT, by: 'x', note: '' });
        await tx.liaisons.set({ ...EMPTY_LIAISON, unitId: 'u1', name: '王工', updatedAt: AT, updatedBy: 'x' });
        await tx.evidence.insert({ id: 'f1', periodId: 'per1', measureKey: 'm1', unitId: 'u1', name: 'a.pdf', kind: 'pdf', size: 3, sha256: 'h', createdAt: AT, createdBy: 'x', codeId: null, deletedAt: null, deletedBy: null }, new Uint8Array([1, 2, 3]));
      });
      expect(await s.raw.count('units')).toBe(3);
      const page1 = await s.raw.read('units', { limit: 2 });
      const page2 = await s.raw.read('units', { limit: 2, after: page1[1] });
      expect([...page1, ...page2].map((r) => r.id)).toEqual(['u1', 'u2', 'u3']);
      await expect(s.raw.count('sqlite_master')).rejects.toThrow(/unknown table/);
      const sourceCursor = await s.history.cursor();
      const copy = await h.open();
      try {
        const rows = new Map<string, RawRow[]>();
        for (const t of s.raw.names) rows.set(t, await s.raw.read(t, { limit: 10_000 }));
        await copy.transaction(async (tx) => {
          for (const t of s.raw.names) await tx.raw.insert(t, rows.get(t)!);
          await tx.raw.afterImport(sourceCursor);
        });
        for (const t of s.raw.names) expect(await copy.raw.read(t, { limit: 10_000 }), t).toEqual(await s.raw.read(t, { limit: 10_000 }));
        // the source's clients keep their cursors: none is ahead of the copy's, and nothing new lands below them
        expect(await copy.history.cursor()).toBeGreaterThanOrEqual(sourceCursor);
        const copied = await copy.entries.list('per1');
        const { seqs } = await copy.transaction((tx) => tx.entries.write('per1', [write({ measureKey: 'm1', unitId: 'u1', field: 'status', value: '已完成', rev: 2 })]));
        expect(seqs[0]).toBeGreaterThan(Math.max(...rows.get('history')!.map((r) => Number(r.seq)))); // numbering continues after the copied rows
        const after = (await copy.entries.pull('per1', sourceCursor)).entries;
        expect(after.map((e) => [e.measureKey, e.fields.status.value])).toEqual([['m1', '已完成']]);
        expect(after[0].seq).toBeGreaterThan(Math.max(sourceCursor, ...copied.map((e) => e.seq)));
        await copy.transaction((tx) => tx.periods.addEvent('per1', 'close', AT, 'x'));
        expect((await copy.periods.events('per1')).map((e) => e.kind)).toEqual(['open', 'close']);
        // identity columns continue too; the evidence bytes came across
        await copy.transaction((tx) => tx.reviews.add({ periodId: 'per1', unitId: 'u1', kind: 'approve', at: AT, by: 'x', codeId: null }));
        expect((await copy.reviews.steps('per1', 'u1')).map((x) => x.kind)).toEqual(['submit', 'approve']);
        await copy.transaction((tx) => tx.closures.reopen({ planId: 'p1', measureKey: 'm1', unitId: '', periodId: 'per1', at: AT, by: 'x', note: '' }));
        expect((await copy.closures.events('p1')).map((x) => x.kind)).toEqual(['close', 'reopen']);
        expect([...(await copy.evidence.content('f1'))!]).toEqual([1, 2, 3]);
      } finally {
        await copy.close();
      }
    });

    if (h.openSibling) {
      it('another process: sees commits, and its sign-in cache is told when codes or units change', async () => {
        const other = await h.openSibling!();
        try {
          const v0 = other.authVersion();
          await s.transaction((tx) => tx.units.upsert(unit('u1', '新名字')));
          expect((await other.units.get('u1'))?.name).toBeDefined();
          const deadline = Date.now() + 10_000;
          while (other.authVersion() === v0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          expect(other.authVersion()).not.toBe(v0);
          expect((await other.units.get('u1'))?.name).toBe('新名字'); // its unit cache was emptied too
        } finally {
          await other.close();
        }
      });
    }
  });
}
