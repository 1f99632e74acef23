// 报送: a unit's submission of a period (the latest one counts).
import { textIn } from '../exec';
import type { RepoEnv } from '../env';
import type { Submission, Submissions } from '../types';

interface Row {
  submitted_at: string;
  by: string;
  signed_by: string | null;
}
const toSubmission = (r: Row): Submission => ({ submittedAt: r.submitted_at, by: r.by, signedBy: r.signed_by ?? null });

export class SubmissionsRepo implements Submissions {
  constructor(private env: RepoEnv) {}

  async upsert(periodId: string, unitId: string, at: string, by: string, signedBy: string | null = null): Promise<void> {
    this.env.memo?.clear();
    await this.env.x.run(
      `INSERT INTO submissions (period_id, unit_id, submitted_at, by, signed_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (period_id, unit_id) DO UPDATE SET submitted_at = excluded.submitted_at, by = excluded.by, signed_by = excluded.signed_by`,
      [periodId, unitId, at, by, signedBy],
    );
  }

  async get(periodId: string, unitId: string): Promise<Submission | undefined> {
    // memoized with "none" too: most units have not submitted, and every batch asks
    const { memo } = this.env;
    const key = `submission\u0000${periodId}\u0000${unitId}`;
    const hit = memo?.lookup<{ s: Submission | null }>(key);
    if (hit) return hit.s ? { ...hit.s } : undefined;
    const gen = memo?.gen ?? 0;
    const r = await this.env.x.get<Row>(
      `SELECT submitted_at, by, signed_by FROM submissions WHERE period_id = ? AND unit_id = ?`, [periodId, unitId],
    );
    const s = r ? toSubmission(r) : undefined;
    memo?.keep(key, { s: s ? { ...s } : null }, gen);
    return s;
  }

  async list(periodId: string): Promise<Map<string, string>> {
    const rows = await this.env.x.all<{ unit_id: string; submitted_at: string }>(`SELECT unit_id, submitted_at FROM submissions WHERE period_id = ?`, [periodId]);
    return new Map(rows.map((r) => [r.unit_id, r.submitted_at]));
  }

  async many(periodId: string, unitIds: readonly string[]): Promise<Map<string, Submission>> {
    if (unitIds.length === 0) return new Map();
    if (unitIds.length === 1) {
      const s = await this.get(periodId, unitIds[0]);
      return new Map(s ? [[unitIds[0], s]] : []);
    }
    const inList = textIn(this.env.x.dialect, 'unit_id', unitIds);
    const rows = await this.env.x.all<Row & { unit_id: string }>(
      `SELECT unit_id, submitted_at, by, signed_by FROM submissions WHERE period_id = ? AND ${inList.sql}`, [periodId, inList.param],
    );
    return new Map(rows.map((r) => [r.unit_id, toSubmission(r)]));
  }
}
