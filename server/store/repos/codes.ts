// Access codes: stored only as a hash; issue order kept; every change tells the sign-in cache.
import type { RepoEnv } from '../env';
import type { AccessCodeRow, Codes } from '../types';

function rowToCode(r: Record<string, unknown>): AccessCodeRow {
  return {
    id: r.id as string,
    unitId: (r.unit_id as string | null) ?? null,
    role: r.role as AccessCodeRow['role'],
    person: (r.person as string | null) ?? null,
    createdAt: r.created_at as string,
    expiresAt: (r.expires_at as string | null) ?? null,
    revokedAt: (r.revoked_at as string | null) ?? null,
    lastUsedAt: (r.last_used_at as string | null) ?? null,
  };
}

const COLS = 'id, unit_id, role, person, created_at, expires_at, revoked_at, last_used_at';

export class CodesRepo implements Codes {
  constructor(private env: RepoEnv) {}

  async insert(c: AccessCodeRow, hash: string): Promise<void> {
    await this.env.x.run(
      `INSERT INTO access_codes (id, hash, unit_id, role, person, created_at, expires_at, revoked_at, last_used_at, ord)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM access_codes))`,
      [c.id, hash, c.unitId, c.role, c.person, c.createdAt, c.expiresAt, c.revokedAt, c.lastUsedAt],
    );
    await this.env.authChanged();
  }

  async findByHash(hash: string): Promise<AccessCodeRow | undefined> {
    const r = await this.env.x.get(`SELECT ${COLS} FROM access_codes WHERE hash = ?`, [hash]);
    return r ? rowToCode(r) : undefined;
  }

  async get(id: string): Promise<AccessCodeRow | undefined> {
    const r = await this.env.x.get(`SELECT ${COLS} FROM access_codes WHERE id = ?`, [id]);
    return r ? rowToCode(r) : undefined;
  }

  async list(): Promise<AccessCodeRow[]> {
    return (await this.env.x.all(`SELECT ${COLS} FROM access_codes ORDER BY created_at, ord`)).map(rowToCode);
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.env.x.run(`UPDATE access_codes SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`, [at, id]);
    await this.env.authChanged();
  }

  async revokeCoordinators(at: string): Promise<number> {
    const n = await this.env.x.run(`UPDATE access_codes SET revoked_at = ? WHERE role = 'coordinator' AND revoked_at IS NULL`, [at]);
    await this.env.authChanged();
    return n;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.env.x.run(`UPDATE access_codes SET last_used_at = ? WHERE id = ?`, [at, id]);
  }

  async touchMany(uses: readonly (readonly [string, string])[]): Promise<void> {
    if (this.env.x.dialect === 'sqlite' || uses.length === 1) {
      for (const [id, at] of uses) await this.touch(id, at);
      return;
    }
    await this.env.x.run(`UPDATE access_codes a SET last_used_at = v.at FROM unnest(?::text[], ?::text[]) AS v(id, at) WHERE a.id = v.id`, [
      uses.map((u) => u[0]), uses.map((u) => u[1]),
    ]);
  }
}
