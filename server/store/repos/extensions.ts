// 延期申请: a request per row, decided once (the decision is a conditional update).
import type { Extension } from '../../../shared/cycle/extension';
import type { RepoEnv } from '../env';
import type { ExtensionDecision, Extensions } from '../types';

const COLS = 'id, period_id, unit_id, requested_deadline, reason, state, requested_at, requested_by, decided_at, decided_by, granted_deadline, note';

function toExt(r: Record<string, unknown>): Extension {
  return {
    id: r.id as string, periodId: r.period_id as string, unitId: r.unit_id as string, requestedDeadline: r.requested_deadline as string,
    reason: r.reason as string, state: r.state as Extension['state'], requestedAt: r.requested_at as string, requestedBy: r.requested_by as string,
    decidedAt: (r.decided_at as string | null) ?? null, decidedBy: (r.decided_by as string | null) ?? null,
    grantedDeadline: (r.granted_deadline as string | null) ?? null, note: r.note as string,
  };
}

export class ExtensionsRepo implements Extensions {
  constructor(private env: RepoEnv) {}

  async insert(e: Extension): Promise<void> {
    await this.env.x.run(
      `INSERT INTO extensions (${COLS}, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM extensions))`,
      [e.id, e.periodId, e.unitId, e.requestedDeadline, e.reason, e.state, e.requestedAt, e.requestedBy, e.decidedAt, e.decidedBy, e.grantedDeadline, e.note],
    );
  }

  async decide(id: string, d: ExtensionDecision): Promise<boolean> {
    const n = await this.env.x.run(
      `UPDATE extensions SET state = ?, decided_at = ?, decided_by = ?, granted_deadline = ?, note = ? WHERE id = ? AND state = 'pending'`,
      [d.state, d.decidedAt, d.decidedBy, d.grantedDeadline, d.note, id],
    );
    return n === 1;
  }

  async get(id: string): Promise<Extension | undefined> {
    const r = await this.env.x.get(`SELECT ${COLS} FROM extensions WHERE id = ?`, [id]);
    return r ? toExt(r) : undefined;
  }

  async list(periodId: string, unitId?: string): Promise<Extension[]> {
    const rows = unitId
      ? await this.env.x.all(`SELECT ${COLS} FROM extensions WHERE period_id = ? AND unit_id = ? ORDER BY ord`, [periodId, unitId])
      : await this.env.x.all(`SELECT ${COLS} FROM extensions WHERE period_id = ? ORDER BY ord`, [periodId]);
    return rows.map(toExt);
  }
}
