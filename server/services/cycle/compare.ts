// 本期 vs 上期: each entry's long text against the same entry last period (the period this one was
// carried from, else the plan's period opened before it), new sentences marked.
import { markNewText } from '../../../shared/cycle/new-text';
import type { Plan } from '../../../shared/model/plan';
import type { Entry, Field } from '../../../shared/model/progress';
import type { Actor } from '../actor';
import { periodOf, type CycleCtx } from './context';

const LONG: Field[] = ['progress', 'problems', 'nextSteps'];

export async function compareWithPrevious(ctx: CycleCtx, periodId: string, actor: Actor, unitId?: string) {
  const { store } = ctx;
  const period = await periodOf(store, periodId);
  const all = (await store.periods.list()).filter((p) => p.planId === period.planId);
  const idx = all.findIndex((p) => p.id === periodId);
  const previous = (period.carriedFrom ? all.find((p) => p.id === period.carriedFrom) : undefined) ?? (idx > 0 ? all[idx - 1] : undefined) ?? null;
  const only = actor.role === 'unit' ? actor.unitId! : unitId;
  const plan = (await store.plans.get(period.planId))?.plan as Plan;
  const names = new Map((await store.units.list()).map((u) => [u.id, u.shortName || u.name]));
  const key = (e: { measureKey: string; unitId: string }) => `${e.measureKey}\u0000${e.unitId}`;
  const before = new Map<string, Entry>();
  if (previous) for (const e of await store.entries.list(previous.id, 0)) before.set(key(e), e);
  const now = new Map((await store.entries.list(periodId, 0)).map((e) => [key(e), e]));
  const rows = [];
  for (const t of plan.tasks) {
    for (const m of t.measures) {
      for (const a of m.assignments) {
        if (only && a.unitId !== only) continue;
        const cur = now.get(`${m.key}\u0000${a.unitId}`);
        if (!cur) continue;
        const prev = before.get(`${m.key}\u0000${a.unitId}`);
        for (const field of LONG) {
          const text = cur.fields[field]?.value ?? '';
          if (!text) continue;
          const old = prev?.fields[field]?.value ?? '';
          rows.push({ measureKey: m.key, measureNo: m.no, unitId: a.unitId, unitName: names.get(a.unitId) ?? a.unitId, field, pieces: markNewText(old, text), previous: old });
        }
      }
    }
  }
  return { previous: previous ? { id: previous.id, name: previous.name } : null, rows };
}
