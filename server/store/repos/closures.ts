// 办结: the closures in force per plan (measure, or one unit's part: unit_id ''), and the log of
// every close and reopen — a reopened item leaves its row, the log keeps that it was closed.
import type { Closure } from '../../../shared/cycle/closure';
import type { RepoEnv } from '../env';
import type { ClosureEvent, Closures } from '../types';

export class ClosuresRepo implements Closures {
  constructor(private env: RepoEnv) {}

  private async log(e: ClosureEvent): Promise<void> {
    await this.env.x.run(
      `INSERT INTO closure_events (plan_id, measure_key, unit_id, period_id, kind, at, by, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.planId, e.measureKey, e.unitId, e.periodId, e.kind, e.at, e.by, e.note],
    );
  }

  async close(c: Closure): Promise<void> {
    this.env.memo?.clear();
    await this.env.x.run(
      `INSERT INTO closures (plan_id, measure_key, unit_id, period_id, at, by, note) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (plan_id, measure_key, unit_id) DO UPDATE SET period_id = excluded.period_id, at = excluded.at, by = excluded.by, note = excluded.note`,
      [c.planId, c.measureKey, c.unitId, c.periodId, c.at, c.by, c.note],
    );
    await this.log({ ...c, kind: 'close' });
  }

  async reopen(e: Omit<ClosureEvent, 'kind'>): Promise<boolean> {
    this.env.memo?.clear();
    const n = await this.env.x.run(`DELETE FROM closures WHERE plan_id = ? AND measure_key = ? AND unit_id = ?`, [e.planId, e.measureKey, e.unitId]);
    if (n === 0) return false;
    await this.log({ ...e, kind: 'reopen' });
    return true;
  }

  async list(planId: string): Promise<Closure[]> {
    // memoized on SQLite like the period (env.ts ReadMemo): every sync batch asks
    const { memo } = this.env;
    const key = `closures\u0000${planId}`;
    const hit = memo?.lookup<{ list: Closure[] }>(key);
    if (hit) return hit.list.map((c) => ({ ...c }));
    const gen = memo?.gen ?? 0;
    const rows = await this.env.x.all(`SELECT * FROM closures WHERE plan_id = ? ORDER BY measure_key, unit_id`, [planId]);
    const list: Closure[] = rows.map((r) => ({
      planId: r.plan_id as string, measureKey: r.measure_key as string, unitId: r.unit_id as string, periodId: r.period_id as string,
      at: r.at as string, by: r.by as string, note: r.note as string,
    }));
    memo?.keep(key, { list: list.map((c) => ({ ...c })) }, gen);
    return list;
  }

  async events(planId: string, measureKey?: string): Promise<ClosureEvent[]> {
    const rows = measureKey
      ? await this.env.x.all(`SELECT * FROM closure_events WHERE plan_id = ? AND measure_key = ? ORDER BY id`, [planId, measureKey])
      : await this.env.x.all(`SELECT * FROM closure_events WHERE plan_id = ? ORDER BY id`, [planId]);
    return rows.map((r) => ({
      planId: r.plan_id as string, measureKey: r.measure_key as string, unitId: r.unit_id as string, periodId: r.period_id as string,
      kind: r.kind as ClosureEvent['kind'], at: r.at as string, by: r.by as string, note: r.note as string,
    }));
  }
}
