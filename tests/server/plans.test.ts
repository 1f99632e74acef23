// Plans: re-import keeps keys (entries stay attached), assignment edits, resolving placeholder
// groups, several active plans sharing one unit registry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
const table = readFileSync(join(__dirname, '..', '..', 'shared', 'data', 'lunan-task-division-table.txt'), 'utf8');

async function upload(text: string, query: string) {
  const res = await fetch(`${s.url}/api/admin/plans/import?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.coordinatorCode}`, 'content-type': 'text/plain', 'x-file-name': encodeURIComponent('分工表.txt') },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as any };
}
const plan = async (id = s.planId) => (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${id}`)).body;
const measures = (p: any) => p.plan.tasks.flatMap((t: any) => t.measures);

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('plans', () => {
  it('re-import: preview changes nothing; applying keeps keys so filled entries stay attached', async () => {
    const before = await plan();
    const m = measures(before).find((x: any) => x.no === '1.3');
    const unit = m.assignments[0].unitId;
    const code = await s.issueUnitCode(unit);
    await api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, {
      changes: [{ changeId: 'plan-test-1', measureKey: m.key, unitId: unit, field: 'progress', baseRev: 0, value: '航道升级已完成一期。' }],
    });
    const revised = table.replace('实施京杭运河主航道升级工程。', '全面实施京杭运河主航道升级改造工程。');
    expect(revised).not.toBe(table);
    const pre = await upload(revised, 'preview=1');
    expect(pre.status).toBe(200);
    expect(pre.body).toMatchObject({ preview: true, planId: s.planId, counts: { tasks: 26 } });
    expect(pre.body.diff.changedMeasures).toEqual([expect.objectContaining({ key: m.key, text: '全面实施京杭运河主航道升级改造工程。' })]);
    expect((await plan()).version).toBe(before.version);

    const applied = await upload(revised, 'apply=1');
    expect(applied.body.preview).toBe(false);
    const after = await plan();
    expect(after.version).toBe(before.version + 1);
    expect(measures(after).find((x: any) => x.key === m.key).text).toBe('全面实施京杭运河主航道升级改造工程。');
    const c = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/consolidated`);
    const row = c.body.measures.find((x: any) => x.measureKey === m.key);
    expect(row.measureText).toBe('全面实施京杭运河主航道升级改造工程。');
    expect(row.units.find((u: any) => u.unitId === unit).progress).toBe('航道升级已完成一期。');
  });

  it('edits assignments: add a unit, change the lead, remove a unit', async () => {
    const m = measures(await plan()).find((x: any) => x.no === '1.1');
    const [lead, co] = m.assignments.map((a: any) => a.unitId);
    const r = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/plans/${s.planId}/assignments`, {
      measureKey: m.key, unitIds: [co, lead, '临沂市人民政府'], leads: 1,
    });
    expect(r.status).toBe(200);
    const edited = measures(r.body).find((x: any) => x.key === m.key);
    expect(edited.assignments.map((a: any) => [a.unitId, a.role])).toEqual([[co, 'lead'], [lead, 'co'], ['临沂市人民政府', 'co']]);
    const ly = await s.issueUnitCode('临沂市人民政府');
    const mine = (await api(s.url, ly, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments;
    expect(mine.some((a: any) => a.measureKey === m.key)).toBe(true);
    const removed = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/plans/${s.planId}/assignments`, { measureKey: m.key, unitIds: [co, lead] });
    expect(measures(removed.body).find((x: any) => x.key === m.key).assignments).toHaveLength(2);
    const bad = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/plans/${s.planId}/assignments`, { measureKey: m.key, unitIds: ['不存在的单位'] });
    expect(bad.body.error.code).toBe('UNKNOWN_UNIT');
  });

  it('resolves a placeholder group to concrete units everywhere it stands', async () => {
    const p = await plan();
    const withGroup = measures(p).filter((x: any) => x.assignments.some((a: any) => a.unitId === '省有关部门'));
    expect(withGroup.length).toBeGreaterThan(0);
    const r = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/plans/${s.planId}/resolve-group`, {
      groupUnitId: '省有关部门', unitIds: ['省财政厅', '省科技厅'],
    });
    expect(r.status).toBe(200);
    for (const before of withGroup) {
      const m = measures(r.body).find((x: any) => x.key === before.key);
      const ids = m.assignments.map((a: any) => a.unitId);
      expect(ids).not.toContain('省有关部门');
      expect(ids).toEqual(expect.arrayContaining(['省财政厅', '省科技厅']));
    }
    expect(r.body.plan.units.find((u: any) => u.id === '省有关部门').needsResolution).toBe(false);
  });

  it('imports a second plan beside the first, sharing the unit registry', async () => {
    const second = table.replace('鲁南经济圈一体化发展重点任务分工表', '第二个计划重点任务分工表');
    const r = await upload(second, 'new=1&apply=1');
    expect(r.status).toBe(200);
    expect(r.body.planId).not.toBe(s.planId);
    const plans = (await api(s.url, s.coordinatorCode, 'GET', '/api/plans')).body.plans;
    expect(plans.filter((p: any) => p.active)).toHaveLength(2);
    const units = (await api(s.url, s.coordinatorCode, 'GET', '/api/admin/units')).body.units;
    expect(units.filter((u: any) => u.id === '临沂市人民政府')).toHaveLength(1);
    const p2 = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/periods', { planId: r.body.planId, name: '2026年下半年', deadline: '2026-12-31' });
    expect(p2.body).toMatchObject({ planId: r.body.planId, carriedFrom: null });
    const empty = await upload('', 'preview=1');
    expect(empty.body.error.code).toBe('EMPTY_FILE');
  });
});
