// Conflicts keep both values until a person decides; listed in the order they were raised.
import type { Field, Source } from '../../../shared/model/progress';
import type { RepoEnv } from '../env';
import type { ConflictRow, Conflicts } from '../types';

const COLS =
  'id, period_id, measure_key, unit_id, field, base_value, server_value, server_rev, their_value, source, change_id, created_at, created_by, resolved_at, resolved_by, resolution';

function rowToConflict(r: Record<string, unknown>): ConflictRow {
  return {
    id: r.id as string,
    periodId: r.period_id as string,
    measureKey: r.measure_key as string,
    unitId: r.unit_id as string,
    field: r.field as Field,
    baseValue: r.base_value as string,
    serverValue: r.server_value as string,
    serverRev: Number(r.server_rev),
    theirValue: r.their_value as string,
    source: r.source as Source,
    changeId: r.change_id as string,
    createdAt: r.created_at as string,
    createdBy: r.created_by as string,
    resolvedAt: (r.resolved_at as string | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolution: (r.resolution as string | null) ?? null,
  };
}

export class ConflictsRepo implements Conflicts {
  constructor(private env: RepoEnv) {}

  async insert(c: ConflictRow): Promise<void> {
    await this.env.x.run(
      `INSERT INTO conflicts (${COLS}, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM conflicts))`,
      [
        c.id, c.periodId, c.measureKey, c.unitId, c.field, c.baseValue, c.serverValue, c.serverRev, c.theirValue, c.source,
        c.changeId, c.createdAt, c.createdBy, c.resolvedAt, c.resolvedBy, c.resolution,
      ],
    );
  }

  async get(id: string): Promise<ConflictRow | undefined> {
    const r = await this.env.x.get(`SELECT ${COLS} FROM conflicts WHERE id = ?`, [id]);
    return r ? rowToConflict(r) : undefined;
  }

  async list(periodId: string, filter: { unitId?: string; open?: boolean } = {}): Promise<ConflictRow[]> {
    const where = ['period_id = ?'];
    const args: unknown[] = [periodId];
    if (filter.unitId) {
      where.push('unit_id = ?');
      args.push(filter.unitId);
    }
    if (filter.open) where.push('resolved_at IS NULL');
    return (await this.env.x.all(`SELECT ${COLS} FROM conflicts WHERE ${where.join(' AND ')} ORDER BY created_at, ord`, args)).map(rowToConflict);
  }

  async refresh(id: string, serverValue: string, serverRev: number): Promise<void> {
    await this.env.x.run(`UPDATE conflicts SET server_value = ?, server_rev = ? WHERE id = ?`, [serverValue, serverRev, id]);
  }

  async resolve(id: string, at: string, by: string, resolution: string): Promise<void> {
    await this.env.x.run(`UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?`, [at, by, resolution, id]);
  }
}
