// 报送 / 审核 steps, appended in order and never changed (shared/cycle/review.ts folds them).
import type { RepoEnv } from '../env';
import type { NewReviewStep, ReviewStepRow, Reviews } from '../types';

const COLS = 'id, period_id, unit_id, kind, at, by, code_id, signed_by, reason, measure_keys';

function toRow(r: Record<string, unknown>): ReviewStepRow {
  const base = { id: Number(r.id), periodId: r.period_id as string, unitId: r.unit_id as string, codeId: (r.code_id as string | null) ?? null, at: r.at as string, by: r.by as string };
  if (r.kind === 'submit') return { ...base, kind: 'submit', signedBy: (r.signed_by as string | null) ?? '' };
  if (r.kind === 'approve') return { ...base, kind: 'approve' };
  return { ...base, kind: 'return', reason: (r.reason as string | null) ?? '', measureKeys: JSON.parse(r.measure_keys as string) as string[] };
}

export class ReviewsRepo implements Reviews {
  constructor(private env: RepoEnv) {}

  async add(s: NewReviewStep): Promise<number> {
    const r = await this.env.x.get<{ id: number | string }>(
      `INSERT INTO review_steps (period_id, unit_id, kind, at, by, code_id, signed_by, reason, measure_keys)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [s.periodId, s.unitId, s.kind, s.at, s.by, s.codeId, s.kind === 'submit' ? s.signedBy : null, s.kind === 'return' ? s.reason : null,
        JSON.stringify(s.kind === 'return' ? s.measureKeys : [])],
    );
    return Number(r!.id);
  }

  async steps(periodId: string, unitId: string): Promise<ReviewStepRow[]> {
    return (await this.env.x.all(`SELECT ${COLS} FROM review_steps WHERE period_id = ? AND unit_id = ? ORDER BY id`, [periodId, unitId])).map(toRow);
  }

  async all(periodId: string): Promise<Map<string, ReviewStepRow[]>> {
    const out = new Map<string, ReviewStepRow[]>();
    for (const r of await this.env.x.all(`SELECT ${COLS} FROM review_steps WHERE period_id = ? ORDER BY id`, [periodId])) {
      const row = toRow(r);
      const list = out.get(row.unitId);
      if (list) list.push(row);
      else out.set(row.unitId, [row]);
    }
    return out;
  }
}
