// 佐证材料: a file's metadata and its content, in the database (base64 chunks, so a row stays
// small for the raw copy and both dialects store the same text). Removal marks the row: the record
// of what was attached, by whom, stays.
import type { RepoEnv } from '../env';
import type { Evidence, EvidenceFilter, EvidenceRow } from '../types';

/** Bytes per stored chunk. */
export const EVIDENCE_CHUNK = 256 * 1024;

const COLS = 'id, period_id, measure_key, unit_id, name, kind, size, sha256, created_at, created_by, code_id, deleted_at, deleted_by';

function toRow(r: Record<string, unknown>): EvidenceRow {
  return {
    id: r.id as string, periodId: r.period_id as string, measureKey: r.measure_key as string, unitId: r.unit_id as string,
    name: r.name as string, kind: r.kind as EvidenceRow['kind'], size: Number(r.size), sha256: r.sha256 as string,
    createdAt: r.created_at as string, createdBy: r.created_by as string, codeId: (r.code_id as string | null) ?? null,
    deletedAt: (r.deleted_at as string | null) ?? null, deletedBy: (r.deleted_by as string | null) ?? null,
  };
}

export class EvidenceRepo implements Evidence {
  constructor(private env: RepoEnv) {}

  async insert(e: EvidenceRow, content: Uint8Array): Promise<void> {
    const { x } = this.env;
    await x.run(
      `INSERT INTO evidence (${COLS}, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM evidence))`,
      [e.id, e.periodId, e.measureKey, e.unitId, e.name, e.kind, e.size, e.sha256, e.createdAt, e.createdBy, e.codeId, e.deletedAt, e.deletedBy],
    );
    const buf = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    for (let n = 0, off = 0; off < buf.length || n === 0; n++, off += EVIDENCE_CHUNK) {
      await x.run(`INSERT INTO evidence_chunks (evidence_id, n, data) VALUES (?, ?, ?)`, [e.id, n, buf.subarray(off, off + EVIDENCE_CHUNK).toString('base64')]);
    }
  }

  async remove(id: string, at: string, by: string): Promise<boolean> {
    return (await this.env.x.run(`UPDATE evidence SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL`, [at, by, id])) === 1;
  }

  async get(id: string): Promise<EvidenceRow | undefined> {
    const r = await this.env.x.get(`SELECT ${COLS} FROM evidence WHERE id = ?`, [id]);
    return r ? toRow(r) : undefined;
  }

  async list(periodId: string, f: EvidenceFilter = {}): Promise<EvidenceRow[]> {
    const where = ['period_id = ?'];
    const args: unknown[] = [periodId];
    if (f.measureKey) where.push('measure_key = ?'), args.push(f.measureKey);
    if (f.unitId) where.push('unit_id = ?'), args.push(f.unitId);
    if (!f.withDeleted) where.push('deleted_at IS NULL');
    return (await this.env.x.all(`SELECT ${COLS} FROM evidence WHERE ${where.join(' AND ')} ORDER BY ord`, args)).map(toRow);
  }

  async content(id: string): Promise<Uint8Array | undefined> {
    const rows = await this.env.x.all<{ data: string }>(`SELECT data FROM evidence_chunks WHERE evidence_id = ? ORDER BY n`, [id]);
    if (rows.length === 0) return undefined;
    return new Uint8Array(Buffer.concat(rows.map((r) => Buffer.from(r.data, 'base64'))));
  }
}
