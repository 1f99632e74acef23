// Plans: imported, versioned (every version kept in plan_versions), several active at once.
import type { Plan } from '../../../shared/model/plan';
import { bool, int } from '../exec';
import type { RepoEnv } from '../env';
import type { PlanListRow, PlanRow, Plans, PlanVersionRow } from '../types';

function rowToListRow(r: Record<string, unknown>): PlanListRow {
  return {
    id: r.id as string,
    title: r.title as string,
    version: Number(r.version),
    active: bool(r.active),
    importedAt: r.imported_at as string,
    updatedAt: r.updated_at as string,
  };
}

export class PlansRepo implements Plans {
  constructor(private env: RepoEnv) {}

  private async addVersion(id: string, version: number, json: string, at: string, by: string, note: string): Promise<void> {
    await this.env.x.run(`INSERT INTO plan_versions (plan_id, version, plan_json, at, by, note) VALUES (?, ?, ?, ?, ?, ?)`, [
      id, version, json, at, by, note,
    ]);
  }

  async insert(row: PlanRow, by: string, note = ''): Promise<void> {
    const json = JSON.stringify(row.plan);
    this.env.memo?.clear();
    await this.env.x.run(
      `INSERT INTO plans (id, title, version, active, imported_at, updated_at, plan_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [row.id, row.title, row.version, int(row.active), row.importedAt, row.updatedAt, json],
    );
    await this.addVersion(row.id, row.version, json, row.updatedAt, by, note);
  }

  async update(id: string, plan: Plan, version: number, at: string, by: string, note = ''): Promise<void> {
    const json = JSON.stringify(plan);
    this.env.memo?.clear();
    await this.env.x.run(`UPDATE plans SET title = ?, version = ?, updated_at = ?, plan_json = ? WHERE id = ?`, [plan.title, version, at, json, id]);
    await this.addVersion(id, version, json, at, by, note);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    this.env.memo?.clear();
    await this.env.x.run(`UPDATE plans SET active = ? WHERE id = ?`, [int(active), id]);
  }

  async get(id: string): Promise<PlanRow | undefined> {
    const r = await this.env.x.get(`SELECT * FROM plans WHERE id = ?`, [id]);
    return r ? { ...rowToListRow(r), plan: JSON.parse(r.plan_json as string) as Plan } : undefined;
  }

  async version(id: string): Promise<number | undefined> {
    const { memo } = this.env;
    const key = `planVersion\u0000${id}`;
    const hit = memo?.lookup<{ v: number }>(key);
    if (hit) return hit.v;
    const gen = memo?.gen ?? 0;
    const r = await this.env.x.get<{ version: number }>(`SELECT version FROM plans WHERE id = ?`, [id]);
    const v = r ? Number(r.version) : undefined;
    memo?.keep(key, v === undefined ? undefined : { v }, gen);
    return v;
  }

  async list(): Promise<PlanListRow[]> {
    return (await this.env.x.all(`SELECT id, title, version, active, imported_at, updated_at FROM plans ORDER BY imported_at, id`)).map(rowToListRow);
  }

  async versions(id: string): Promise<PlanVersionRow[]> {
    const rows = await this.env.x.all(`SELECT * FROM plan_versions WHERE plan_id = ? ORDER BY version`, [id]);
    return rows.map((r) => ({
      planId: r.plan_id as string,
      version: Number(r.version),
      plan: JSON.parse(r.plan_json as string) as Plan,
      at: r.at as string,
      by: r.by as string,
      note: r.note as string,
    }));
  }
}
