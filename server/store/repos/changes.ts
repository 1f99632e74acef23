// Change ids: what each client-made change id answered the first time, so a retry — from any
// process — is answered the same, and a reused id with another payload can be refused.
import type { SqliteExec } from '../exec';
import type { RepoEnv } from '../env';
import type { ChangeRecord, Changes } from '../types';

const COLS = 'change_id, kind, result_json, at, unit_id, period_id, fingerprint';
type Row = { change_id: string; kind: ChangeRecord['kind']; result_json: string; at: string; unit_id: string | null; period_id: string | null; fingerprint: string | null };

const toRecord = (r: Row): ChangeRecord => ({
  changeId: r.change_id,
  kind: r.kind ?? null,
  result: JSON.parse(r.result_json) as unknown,
  at: r.at,
  unitId: r.unit_id ?? null,
  periodId: r.period_id ?? null,
  fingerprint: r.fingerprint ?? null,
});

const INSERT = `INSERT INTO change_results (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const params = (c: ChangeRecord) => [c.changeId, c.kind, JSON.stringify(c.result), c.at, c.unitId, c.periodId, c.fingerprint];

export class ChangesRepo implements Changes {
  constructor(private env: RepoEnv) {}

  async get(changeIds: readonly string[]): Promise<Map<string, ChangeRecord>> {
    const out = new Map<string, ChangeRecord>();
    if (changeIds.length === 0) return out;
    const { x } = this.env;
    if (x.dialect === 'sqlite') {
      // in-process: one cached statement per id beats building a list
      const sx = x as SqliteExec;
      for (const id of changeIds) {
        const r = sx.getSync<Row>(`SELECT ${COLS} FROM change_results WHERE change_id = ?`, [id]);
        if (r) out.set(id, toRecord(r));
      }
      return out;
    }
    for (const r of await x.all<Row>(`SELECT ${COLS} FROM change_results WHERE change_id = ANY(?::text[])`, [changeIds])) out.set(r.change_id, toRecord(r));
    return out;
  }

  async put(records: readonly ChangeRecord[]): Promise<void> {
    const { x } = this.env;
    if (records.length === 0) return;
    if (x.dialect === 'sqlite' || records.length === 1) {
      for (const c of records) await x.run(INSERT, params(c));
      return;
    }
    const cols = [0, 1, 2, 3, 4, 5, 6].map((i) => records.map((c) => params(c)[i]));
    await x.run(`INSERT INTO change_results (${COLS}) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])`, cols);
  }
}
