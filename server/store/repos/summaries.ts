// 汇总进展: the office's own summary per measure and period, for print.
import type { RepoEnv } from '../env';
import type { Summaries } from '../types';

export class SummariesRepo implements Summaries {
  constructor(private env: RepoEnv) {}

  async set(periodId: string, measureKey: string, text: string, at: string, by: string): Promise<void> {
    await this.env.x.run(
      `INSERT INTO summaries (period_id, measure_key, text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (period_id, measure_key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [periodId, measureKey, text, at, by],
    );
  }

  async list(periodId: string): Promise<Record<string, string>> {
    const rows = await this.env.x.all<{ measure_key: string; text: string }>(`SELECT measure_key, text FROM summaries WHERE period_id = ?`, [periodId]);
    return Object.fromEntries(rows.map((r) => [r.measure_key, r.text]));
  }
}
