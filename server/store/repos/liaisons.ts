// 联络员: one row per unit (a unit without one has no row).
import { isEmptyLiaison } from '../../../shared/cycle/liaison';
import type { RepoEnv } from '../env';
import type { LiaisonRow, Liaisons } from '../types';

const COLS = 'unit_id, name, office_phone, mobile, email, deputy_name, deputy_office_phone, deputy_mobile, updated_at, updated_by';

function toRow(r: Record<string, unknown>): LiaisonRow {
  return {
    unitId: r.unit_id as string, name: r.name as string, officePhone: r.office_phone as string, mobile: r.mobile as string,
    email: r.email as string, deputyName: r.deputy_name as string, deputyOfficePhone: r.deputy_office_phone as string,
    deputyMobile: r.deputy_mobile as string, updatedAt: r.updated_at as string, updatedBy: r.updated_by as string,
  };
}

export class LiaisonsRepo implements Liaisons {
  constructor(private env: RepoEnv) {}

  async set(l: LiaisonRow): Promise<void> {
    if (isEmptyLiaison(l)) {
      await this.env.x.run(`DELETE FROM liaisons WHERE unit_id = ?`, [l.unitId]);
      return;
    }
    await this.env.x.run(
      `INSERT INTO liaisons (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name, office_phone = excluded.office_phone, mobile = excluded.mobile,
         email = excluded.email, deputy_name = excluded.deputy_name, deputy_office_phone = excluded.deputy_office_phone,
         deputy_mobile = excluded.deputy_mobile, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [l.unitId, l.name, l.officePhone, l.mobile, l.email, l.deputyName, l.deputyOfficePhone, l.deputyMobile, l.updatedAt, l.updatedBy],
    );
  }

  async get(unitId: string): Promise<LiaisonRow | undefined> {
    const r = await this.env.x.get(`SELECT ${COLS} FROM liaisons WHERE unit_id = ?`, [unitId]);
    return r ? toRow(r) : undefined;
  }

  async list(): Promise<Map<string, LiaisonRow>> {
    const rows = await this.env.x.all(`SELECT ${COLS} FROM liaisons ORDER BY unit_id`);
    return new Map(rows.map((r) => [r.unit_id as string, toRow(r)]));
  }
}
