// The append-only history of accepted changes, numbered in the order the numbers were taken (on
// SQLite that is also commit order, and the highest number is the delta cursor; on PostgreSQL the
// cursor is a transaction horizon instead — see repos/entries.ts).
import type { Field, Source } from '../../../shared/model/progress';
import { bool, textIn, type SqliteExec } from '../exec';
import type { RepoEnv } from '../env';
import { valueAtKey, type FieldKey, type HistoryFilter, type HistoryPage, type HistoryRead, type HistoryRow } from '../types';

export const HISTORY_COLS =
  'seq, period_id, measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, role, declared_person, source, late, auto_merged, change_id';

/** A history row read as an array of HISTORY_COLS. */
function arrayToHistory(r: unknown[]): HistoryRow {
  return {
    seq: Number(r[0]),
    periodId: r[1] as string,
    measureKey: r[2] as string,
    unitId: r[3] as string,
    field: r[4] as Field,
    oldValue: r[5] as string,
    newValue: r[6] as string,
    rev: Number(r[7]),
    at: r[8] as string,
    by: r[9] as string,
    codeId: (r[10] as string | null) ?? null,
    role: (r[11] as HistoryRow['role']) ?? null,
    declaredPerson: (r[12] as string | null) ?? null,
    source: r[13] as Source,
    late: bool(r[14]),
    autoMerged: bool(r[15]),
    changeId: r[16] as string,
  };
}

/** PostgreSQL: this transaction's position (its id, from the base past every older cursor). */
export const PG_POSITION = `(pg_current_xact_id()::text::bigint + (SELECT value FROM counters WHERE name = 'cursor_base'))`;
/**
 * PostgreSQL: the delta cursor — one below the oldest transaction still running (as the statement's
 * snapshot sees it, this one included when it has an id): every position at or below it belongs
 * to a transaction that has ended, so whatever it committed is visible.
 */
export const PG_CURSOR = `(LEAST(pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_current_xact_id_if_assigned()::text::bigint) - 1
  + (SELECT value FROM counters WHERE name = 'cursor_base'))`;

const VALUE_AT = `SELECT new_value FROM history WHERE period_id = ? AND measure_key = ? AND unit_id = ? AND field = ? AND rev = ? ORDER BY seq DESC LIMIT 1`;

export class HistoryRepo implements HistoryRead {
  constructor(private env: RepoEnv) {}

  async cursor(): Promise<number> {
    const { x } = this.env;
    const r =
      x.dialect === 'sqlite'
        ? // AUTOINCREMENT's counter too: an import may have set it past every copied position (raw.ts)
          await x.get<{ v: number }>(
            `SELECT MAX(COALESCE((SELECT MAX(seq) FROM history), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'history'), 0)) AS v`,
          )
        : await x.get<{ v: number }>(`SELECT ${PG_CURSOR} AS v`);
    return Number(r?.v ?? 0);
  }

  async valueAt(periodId: string, k: FieldKey, rev: number): Promise<string | null> {
    if (rev === 0) return '';
    const r = await this.env.x.get<{ new_value: string }>(VALUE_AT, [periodId, k.measureKey, k.unitId, k.field, rev]);
    return r ? r.new_value : null;
  }

  async valuesAt(periodId: string, keys: readonly (FieldKey & { rev: number })[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const { x } = this.env;
    const wanted = keys.filter((k) => {
      if (k.rev === 0) out.set(valueAtKey(k, 0), '');
      return k.rev !== 0;
    });
    if (wanted.length === 0) return out;
    if (x.dialect === 'sqlite') {
      const sx = x as SqliteExec;
      for (const k of wanted) {
        const r = sx.getSync<{ new_value: string }>(VALUE_AT, [periodId, k.measureKey, k.unitId, k.field, k.rev]);
        if (r) out.set(valueAtKey(k, k.rev), r.new_value);
      }
      return out;
    }
    const rows = await x.all<{ measure_key: string; unit_id: string; field: Field; rev: number; new_value: string }>(
      `SELECT DISTINCT ON (h.measure_key, h.unit_id, h.field, h.rev) h.measure_key, h.unit_id, h.field, h.rev, h.new_value
       FROM unnest(?::text[], ?::text[], ?::text[], ?::int[]) AS k(m, u, f, r)
       JOIN history h ON h.period_id = ? AND h.measure_key = k.m AND h.unit_id = k.u AND h.field = k.f AND h.rev = k.r
       ORDER BY h.measure_key, h.unit_id, h.field, h.rev, h.seq DESC`,
      [wanted.map((k) => k.measureKey), wanted.map((k) => k.unitId), wanted.map((k) => k.field), wanted.map((k) => k.rev), periodId],
    );
    for (const r of rows) out.set(valueAtKey({ measureKey: r.measure_key, unitId: r.unit_id, field: r.field }, Number(r.rev)), r.new_value);
    return out;
  }

  async page(periodId: string, filter: HistoryFilter, opts: { after?: number; limit: number }): Promise<HistoryPage> {
    const where = ['period_id = ?', 'seq > ?'];
    const args: unknown[] = [periodId, opts.after ?? 0];
    const eq = (col: string, v: string | undefined) => v !== undefined && (where.push(`${col} = ?`), args.push(v));
    eq('measure_key', filter.measureKey);
    eq('unit_id', filter.unitId);
    eq('field', filter.field);
    if (filter.measureKeys) {
      const inList = textIn(this.env.x.dialect, 'measure_key', filter.measureKeys);
      where.push(inList.sql);
      args.push(inList.param);
    }
    const limit = Math.max(1, Math.floor(opts.limit));
    const rows = await this.env.x.arrays(`SELECT ${HISTORY_COLS} FROM history WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`, [...args, limit + 1]);
    const items = rows.slice(0, limit).map(arrayToHistory);
    return { items, next: rows.length > limit ? items[items.length - 1].seq : null };
  }

  async touchedEntries(periodId: string): Promise<Set<string>> {
    const rows = await this.env.x.all<{ measure_key: string; unit_id: string }>(
      `SELECT DISTINCT measure_key, unit_id FROM history WHERE period_id = ? AND source != 'carryover'`, [periodId],
    );
    return new Set(rows.map((r) => `${r.measure_key}\u0000${r.unit_id}`));
  }
}
