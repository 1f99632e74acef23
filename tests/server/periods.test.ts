// Periods: delta pull, 报送 and the 催报 list, closing (snapshot, late merges), reopening, carry-over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let jt: string; // 省交通运输厅
let mks: string[];
const JT = '省交通运输厅';
let n = 0;
const cid = () => `p-${++n}-${Math.random().toString(36).slice(2, 8)}`;
const put = (code: string, periodId: string, changes: [string, string, number, string][], q = '') =>
  api(s.url, code, 'POST', `/api/periods/${periodId}/changes${q}`, {
    changes: changes.map(([measureKey, field, baseRev, value]) => ({ changeId: cid(), measureKey, unitId: JT, field, baseRev, value })),
  });

beforeAll(async () => {
  s = await startTestServer({ deadline: '2026-12-31' });
  jt = await s.issueUnitCode(JT);
  mks = (await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments.map((a: any) => a.measureKey);
});
afterAll(() => s.close());

describe('delta pull', () => {
  it('returns exactly the entries changed since the cursor', async () => {
    // What a client keeps: each entry as last pulled. On PostgreSQL a pull may hand back an entry it
    // already had, unchanged (committed above the cursor's horizon while another transaction of the
    // database was still open — server/store/repos/entries.ts); the client skips it. On SQLite a
    // pull holds nothing but changes.
    const had = new Map<string, string>();
    const changed = (body: { entries: any[] }) => {
      const fresh = body.entries.filter((e) => had.get(`${e.measureKey}|${e.unitId}`) !== JSON.stringify(e.fields));
      for (const e of body.entries) had.set(`${e.measureKey}|${e.unitId}`, JSON.stringify(e.fields));
      if (s.backend === 'sqlite') expect(fresh).toHaveLength(body.entries.length);
      return fresh;
    };
    const empty = await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    expect(empty.body).toMatchObject({ full: true, entries: [], cursor: expect.any(Number) }); // (SQLite: 0; PostgreSQL: a transaction horizon)
    await put(jt, s.periodId, [[mks[3], 'nextSteps', 0, '年底前开工。']]);
    const full = await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    expect(changed(full.body).map((e: any) => e.measureKey)).toEqual([mks[3]]);
    expect(full.body.entries).toHaveLength(1);
    const c0 = full.body.cursor;
    await put(jt, s.periodId, [[mks[0], 'status', 0, '推进中'], [mks[1], 'status', 0, '未启动']]);
    const d1 = await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/entries?since=${c0}`);
    expect(d1.body.full).toBe(false);
    expect(changed(d1.body).map((e: any) => e.measureKey).sort()).toEqual([mks[0], mks[1]].sort());
    const c1 = d1.body.cursor;
    expect(c1).toBeGreaterThan(c0);
    const d2 = await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/entries?since=${c1}`);
    expect(changed(d2.body)).toEqual([]);
    expect(d2.body.cursor).toBeGreaterThanOrEqual(c1); // cursors only grow
    await put(jt, s.periodId, [[mks[1], 'progress', 0, '已完成前期工作。']]);
    const d3 = await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/entries?since=${c1}`);
    const d3Changed = changed(d3.body);
    expect(d3Changed).toHaveLength(1);
    expect(d3Changed[0]).toMatchObject({ measureKey: mks[1], fields: { status: { value: '未启动', rev: 1 }, progress: { value: '已完成前期工作。', rev: 1 } } });
    // a conflict does not change the entry: it does not show up in the delta
    await put(jt, s.periodId, [[mks[1], 'status', 0, '滞后']]);
    const d4 = await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/entries?since=${d3.body.cursor}`);
    expect(changed(d4.body)).toEqual([]);
  });
});

describe('报送 and the 催报 list', () => {
  it('lists units not submitted with contacts, then marks edits after submission', async () => {
    await put(jt, s.periodId, [[mks[0], 'contact', 0, '钱七 0531-5555']]);
    let st = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/status`);
    const mine = st.body.units.find((u: any) => u.unitId === JT);
    expect(mine).toMatchObject({ assigned: mks.length, filled: 3, submitted: false, contact: '钱七 0531-5555', overdue: false });
    expect(st.body.chase.some((u: any) => u.unitId === JT)).toBe(true);
    expect(st.body.units.some((u: any) => u.kind === 'placeholder_group')).toBe(false);
    const sub = await api(s.url, jt, 'POST', `/api/periods/${s.periodId}/submit`);
    expect(sub.body).toMatchObject({ unitId: JT, periodId: s.periodId });
    st = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/status`);
    expect(st.body.chase.some((u: any) => u.unitId === JT)).toBe(false);
    expect(st.body.units.find((u: any) => u.unitId === JT)).toMatchObject({ submitted: true, changedAfterSubmit: false });
    await put(jt, s.periodId, [[mks[0], 'status', 1, '已完成']]);
    st = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/status`);
    expect(st.body.units.find((u: any) => u.unitId === JT).changedAfterSubmit).toBe(true);
    const e = await api(s.url, jt, 'GET', `/api/periods/${s.periodId}/entries?since=0`);
    expect(e.body.entries.find((x: any) => x.measureKey === mks[0]).changedAfterSubmit).toBe(true);
  });

  it('marks units overdue once the deadline has passed', async () => {
    const t = await startTestServer({ deadline: '2020-06-30' });
    try {
      const st = await api(t.url, t.coordinatorCode, 'GET', `/api/periods/${t.periodId}/status`);
      expect(st.body.chase.length).toBeGreaterThan(20);
      expect(st.body.chase.every((u: any) => u.overdue)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('closing, late merges, reopening, carry-over', () => {
  it('closing freezes the consolidated table; units are refused; the office merges late', async () => {
    await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/summaries`, { measureKey: mks[0], text: '总体推进顺利。' });
    const closed = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close`);
    expect(closed.body).toMatchObject({ state: 'closed' });
    // a retry of a batch applied before closing still gets its answers
    const applied = { changes: [{ changeId: 'before-close-1', measureKey: mks[4], unitId: JT, field: 'status', baseRev: 0, value: '推进中' }] };
    await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/reopen`);
    const first = await api(s.url, jt, 'POST', `/api/periods/${s.periodId}/changes`, applied);
    await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close`);
    const retried = await api(s.url, jt, 'POST', `/api/periods/${s.periodId}/changes`, applied);
    expect(retried.status).toBe(200);
    expect(retried.body.results).toEqual(first.body.results);
    const refused = await put(jt, s.periodId, [[mks[2], 'status', 0, '推进中']]);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'PERIOD_CLOSED' });
    expect(refused.body.error.message).toContain('已关闭');
    const sub = await api(s.url, jt, 'POST', `/api/periods/${s.periodId}/submit`);
    expect(sub.status).toBe(409);

    const late = await api(s.url, s.coordinatorCode, 'POST', `/api/periods/${s.periodId}/changes`, {
      source: 'workbook',
      changes: [{ changeId: cid(), measureKey: mks[2], unitId: JT, field: 'progress', baseRev: 0, value: '补报：已完成可研。' }],
    });
    expect(late.body.results[0].outcome).toBe('accepted');
    const h = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/history?measure=${mks[2]}`);
    expect(h.body.items.at(-1)).toMatchObject({ late: true, source: 'workbook', newValue: '补报：已完成可研。', by: '协调办公室' });

    const frozen = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/consolidated`);
    const m2 = frozen.body.measures.find((m: any) => m.measureKey === mks[2]);
    expect(m2.units.find((u: any) => u.unitId === JT).progress).toBe(''); // the snapshot, as printed
    const m0 = frozen.body.measures.find((m: any) => m.measureKey === mks[0]);
    expect(m0.summary).toBe('总体推进顺利。');
    expect(m0.units.find((u: any) => u.unitId === JT).status).toBe('已完成');
    const live = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/consolidated?live=1`);
    expect(live.body.measures.find((m: any) => m.measureKey === mks[2]).units.find((u: any) => u.unitId === JT).progress).toBe('补报：已完成可研。');

    const reopened = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/reopen`);
    expect(reopened.body.state).toBe('open');
    const ev = await api(s.url, s.coordinatorCode, 'GET', `/api/admin/periods/${s.periodId}/events`);
    expect(ev.body.events.map((e: any) => e.kind)).toEqual(['open', 'close', 'reopen', 'close', 'reopen']);
    expect(ev.body.events[2].by).toBe('协调办公室');
    expect((await put(jt, s.periodId, [[mks[3], 'status', 0, '推进中']])).status).toBe(200);
    await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close`);
  });

  it('a new period starts from the last one: text carried over, status kept, revisions from 1', async () => {
    const before = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=0`)).body.entries;
    const p = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/periods', { name: '2027年上半年', deadline: '2027-06-30' });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ name: '2027年上半年', state: 'open', carriedFrom: s.periodId });
    const next = (await api(s.url, jt, 'GET', `/api/periods/${p.body.id}/entries?since=0`)).body.entries;
    const prevMine = before.filter((e: any) => e.unitId === JT);
    expect(next.filter((e: any) => e.unitId === JT)).toHaveLength(prevMine.length);
    for (const old of prevMine) {
      const now = next.find((e: any) => e.measureKey === old.measureKey && e.unitId === JT);
      for (const f of ['status', 'progress', 'problems', 'nextSteps', 'contact']) {
        expect(now.fields[f].value).toBe(old.fields[f].value);
        expect(now.fields[f].rev).toBe(old.fields[f].value ? 1 : 0);
      }
    }
    const h = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${p.body.id}/history`);
    expect(h.body.items.every((i: any) => i.source === 'carryover')).toBe(true);
    // nothing submitted yet in the new period, and carried text alone does not count as filled
    const st = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${p.body.id}/status`);
    expect(st.body.units.find((u: any) => u.unitId === JT)).toMatchObject({ submitted: false, filled: 0 });
    // the unit edits from the carried revision
    const r = await put(jt, p.body.id, [[mks[0], 'status', 1, '滞后']]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'accepted', rev: 2 });
    // the old period is untouched
    const old = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=0`)).body.entries;
    expect(old.find((e: any) => e.measureKey === mks[0] && e.unitId === JT).fields.status.value).toBe('已完成');
  });
});
