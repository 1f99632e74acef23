// Periods (填报期次) with their open/close/reopen events and the snapshot frozen at closing.
import type { Period } from '../../../shared/model/progress';
import type { RepoEnv } from '../env';
import type { PeriodEvent, PeriodEventKind, PeriodPatch, Periods } from '../types';

// a period's columns without its (large) closing snapshot
const COLS = 'id, plan_id, name, deadline, state, opened_at, closed_at, carried_from';

function rowToPeriod(r: Record<string, unknown>): Period {
  return {
    id: r.id as string,
    planId: r.plan_id as string,
    name: r.name as string,
    deadline: (r.deadline as string | null) ?? null,
    state: r.state as Period['state'],
    openedAt: r.opened_at as string,
    closedAt: (r.closed_at as string | null) ?? null,
    carriedFrom: (r.carried_from as string | null) ?? null,
  };
}

export class PeriodsRepo implements Periods {
  constructor(private env: RepoEnv) {}

  async insert(p: Period): Promise<void> {
    this.env.memo?.clear();
    await this.env.x.run(
      `INSERT INTO periods (id, plan_id, name, deadline, state, opened_at, closed_at, carried_from, ord)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM periods))`,
      [p.id, p.planId, p.name, p.deadline, p.state, p.openedAt, p.closedAt, p.carriedFrom],
    );
  }

  async get(id: string): Promise<Period | undefined> {
    const { memo } = this.env;
    const key = `period\u0000${id}`;
    const hit = memo?.lookup<Period>(key);
    if (hit) return hit;
    const gen = memo?.gen ?? 0;
    const r = await this.env.x.get(`SELECT ${COLS} FROM periods WHERE id = ?`, [id]);
    const period = r ? rowToPeriod(r) : undefined;
    memo?.keep(key, period, gen);
    return period;
  }

  async list(): Promise<Period[]> {
    return (await this.env.x.all(`SELECT ${COLS} FROM periods ORDER BY opened_at, ord`)).map(rowToPeriod);
  }

  async lastOfPlan(planId: string): Promise<Period | undefined> {
    const r = await this.env.x.get(`SELECT ${COLS} FROM periods WHERE plan_id = ? ORDER BY opened_at DESC, ord DESC LIMIT 1`, [planId]);
    return r ? rowToPeriod(r) : undefined;
  }

  async update(id: string, patch: PeriodPatch): Promise<void> {
    // only the given columns change (a patch of another process's column is kept)
    const sets: string[] = [];
    const args: unknown[] = [];
    const col = (name: string, v: unknown) => (sets.push(`${name} = ?`), args.push(v));
    if (patch.name !== undefined) col('name', patch.name);
    if (patch.deadline !== undefined) col('deadline', patch.deadline);
    if (patch.state !== undefined) col('state', patch.state);
    if (patch.closedAt !== undefined) col('closed_at', patch.closedAt);
    if (sets.length === 0) return;
    this.env.memo?.clear();
    await this.env.x.run(`UPDATE periods SET ${sets.join(', ')} WHERE id = ?`, [...args, id]);
  }

  async setSnapshot(id: string, snapshot: unknown): Promise<void> {
    this.env.memo?.clear();
    await this.env.x.run(`UPDATE periods SET snapshot_json = ? WHERE id = ?`, [JSON.stringify(snapshot), id]);
  }

  async snapshot<T>(id: string): Promise<T | null> {
    const r = await this.env.x.get<{ snapshot_json: string | null }>(`SELECT snapshot_json FROM periods WHERE id = ?`, [id]);
    return r?.snapshot_json ? (JSON.parse(r.snapshot_json) as T) : null;
  }

  async addEvent(periodId: string, kind: PeriodEventKind, at: string, by: string): Promise<void> {
    await this.env.x.run(`INSERT INTO period_events (period_id, kind, at, by) VALUES (?, ?, ?, ?)`, [periodId, kind, at, by]);
  }

  async events(periodId: string): Promise<PeriodEvent[]> {
    return this.env.x.all<PeriodEvent>(`SELECT kind, at, by FROM period_events WHERE period_id = ? ORDER BY id`, [periodId]);
  }
}
