// The failed-sign-in limiter's shared state on PostgreSQL (server/auth.ts; docs/deployment.md
// "Sign-in limits"): one bucket per client address and the codes that signed in from it, in two
// UNLOGGED tables — every process sees the same bucket, and nothing here needs the WAL (a crash
// empties them: every bucket full again, which a restart does on SQLite too). Each call is one
// autocommit statement on the pool; only sign-ins the process cannot decide alone reach it (a code
// new to this process at this address, and failures), not the requests of codes already working.
import type { PgDriver } from './pg-driver';
import type { SharedSignInLimits } from './types';

/** Created by migratePg under its lock (so processes starting together create them once). */
export const SIGNIN_TABLES_SQL = `
  CREATE UNLOGGED TABLE IF NOT EXISTS fengong_signin_buckets (address TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at BIGINT NOT NULL);
  CREATE UNLOGGED TABLE IF NOT EXISTS fengong_signin_known (address TEXT NOT NULL, code_hash TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (address, code_hash));`;

const KNOWN_KEPT_MS = 90 * 86_400_000; // a code not seen from an address for 90 days is new there again

export class PgSignInLimits implements SharedSignInLimits {
  private failures = 0;
  constructor(private readonly driver: PgDriver) {}

  async state(address: string, codeHash: string, burst: number, msPerToken: number, now: number) {
    const r = await this.driver.query(
      `SELECT (SELECT LEAST($3::float8, tokens + ($5::bigint - at) / $4::float8) FROM fengong_signin_buckets WHERE address = $1) AS tokens,
        EXISTS (SELECT 1 FROM fengong_signin_known WHERE address = $1 AND code_hash = $2) AS known`,
      [address, codeHash, burst, msPerToken, now],
      { name: 'fgsl1' },
    );
    const row = r.rows[0] as { tokens: number | null; known: boolean };
    return { tokens: row.tokens === null ? burst : Number(row.tokens), known: row.known };
  }

  async failed(address: string, burst: number, msPerToken: number, now: number): Promise<number> {
    const r = await this.driver.query(
      `INSERT INTO fengong_signin_buckets AS b (address, tokens, at) VALUES ($1, $2::float8 - 1, $4)
       ON CONFLICT (address) DO UPDATE SET tokens = GREATEST(0, LEAST($2::float8, b.tokens + ($4::bigint - b.at) / $3::float8) - 1), at = $4
       RETURNING tokens`,
      [address, burst, msPerToken, now],
      { name: 'fgsl2' },
    );
    // now and then, forget buckets full again and codes long unseen (bounded tables)
    if (++this.failures % 100 === 0) {
      await this.driver.query(`DELETE FROM fengong_signin_buckets WHERE at < $1`, [now - burst * msPerToken], {});
      await this.driver.query(`DELETE FROM fengong_signin_known WHERE at < $1`, [now - KNOWN_KEPT_MS], {});
    }
    return Number((r.rows[0] as { tokens: number }).tokens);
  }

  async succeeded(address: string, codeHash: string, now: number): Promise<void> {
    await this.driver.query(
      `INSERT INTO fengong_signin_known (address, code_hash, at) VALUES ($1, $2, $3) ON CONFLICT (address, code_hash) DO UPDATE SET at = EXCLUDED.at`,
      [address, codeHash, now],
      { name: 'fgsl3' },
    );
  }
}
