// Entries and their fields: the current state the merge decides against, and the one write that
// records an accepted value (history row, field state, entry cursor — always together).
//
// The delta cursor (history.seq, copied to the entry it touched) must never skip a committed
// change. SQLite has one writer, so AUTOINCREMENT numbers commit in order. On PostgreSQL a plain
// sequence would not: T1 takes 10, T2 takes 11 and commits, a client pulls and moves its cursor
// to 11, T1 commits 10 — never delivered. So there the numbers come from the row `counters.seq`,
// incremented in the same statement that writes the rows: its row lock is held until commit, so
// the next writer gets its numbers only after this one is visible (PostgreSQL releases locks
// after marking a transaction committed). Numbers are thus handed out in commit order, gapless
// (a rolled-back transaction's increment is rolled back too), and a reader that sees counter C
// can see every change at or below C. The price: writers serialise from this statement to their
// commit — which is why it is the last statement of a transaction (see types.ts).
import { FIELDS, type Entry, type Field } from '../../../shared/model/progress';
import { bool, int, type SqliteExec } from '../exec';
import type { RepoEnv } from '../env';
import { HistoryRepo } from './history';
import { entryKeyString, fieldKeyString, type Entries, type FieldKey, type FieldWrite, type StoredField } from '../types';

const FIELD_COLS = 'value, rev, updated_at, updated_by, auto_merged';
type FieldRow = { value: string; rev: number; updated_at: string; updated_by: string; auto_merged: number };

function rowToField(r: FieldRow): StoredField {
  const f: StoredField = { value: r.value, rev: Number(r.rev), updatedAt: r.updated_at, updatedBy: r.updated_by };
  if (bool(r.auto_merged)) f.autoMerged = true;
  return f;
}

// an entry's head, then per field (in FIELDS order) value, rev, updated_at, updated_by, auto_merged:
// one row per entry, each field a primary-key lookup (half the time of grouping field rows here)
const LIST_SQL = `SELECT e.measure_key, e.unit_id, e.seq, e.changed_after_submit, ${FIELDS.map(
  (_, i) => `f${i}.value, f${i}.rev, f${i}.updated_at, f${i}.updated_by, f${i}.auto_merged`,
).join(', ')} FROM entries e ${FIELDS.map(
  (f, i) =>
    `LEFT JOIN entry_fields f${i} ON f${i}.period_id = e.period_id AND f${i}.measure_key = e.measure_key AND f${i}.unit_id = e.unit_id AND f${i}.field = '${f}'`,
).join(' ')} WHERE e.period_id = ? AND e.seq > ? ORDER BY e.seq`;

const GET_FIELD = `SELECT ${FIELD_COLS} FROM entry_fields WHERE period_id = ? AND measure_key = ? AND unit_id = ? AND field = ?`;

const SQLITE_HISTORY = `INSERT INTO history (period_id, measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, role, declared_person, source, late, auto_merged, change_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SQLITE_FIELD = `INSERT INTO entry_fields (period_id, measure_key, unit_id, field, value, rev, updated_at, updated_by, auto_merged)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (period_id, measure_key, unit_id, field) DO UPDATE SET value = excluded.value, rev = excluded.rev,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by, auto_merged = excluded.auto_merged`;
const SQLITE_ENTRY = `INSERT INTO entries (period_id, measure_key, unit_id, seq, changed_after_submit) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (period_id, measure_key, unit_id) DO UPDATE SET seq = excluded.seq,
    changed_after_submit = MAX(entries.changed_after_submit, excluded.changed_after_submit)`;

// PostgreSQL: the whole batch in one statement (one round trip), numbers from the counter row.
// Data-modifying CTEs run on one snapshot; f and e read c so the counter is locked before any row.
const PG_WRITE = `WITH c AS (
    UPDATE counters SET value = value + ? WHERE name = 'seq' RETURNING value - ? AS base
  ), w AS (
    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[],
      ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::int[])
      WITH ORDINALITY AS w(measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, role,
        declared_person, source, late, auto_merged, change_id, after_submit, i)
  ), h AS (
    INSERT INTO history (seq, period_id, measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, role,
      declared_person, source, late, auto_merged, change_id)
    SELECT c.base + w.i, ?, w.measure_key, w.unit_id, w.field, w.old_value, w.new_value, w.rev, w.at, w.by, w.code_id,
      w.role, w.declared_person, w.source, w.late, w.auto_merged, w.change_id FROM w, c
  ), f AS (
    INSERT INTO entry_fields (period_id, measure_key, unit_id, field, value, rev, updated_at, updated_by, auto_merged)
    SELECT DISTINCT ON (w.measure_key, w.unit_id, w.field) ?, w.measure_key, w.unit_id, w.field, w.new_value, w.rev, w.at, w.by, w.auto_merged
    FROM w, c ORDER BY w.measure_key, w.unit_id, w.field, w.i DESC
    ON CONFLICT (period_id, measure_key, unit_id, field) DO UPDATE SET value = excluded.value, rev = excluded.rev,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by, auto_merged = excluded.auto_merged
  ), e AS (
    INSERT INTO entries (period_id, measure_key, unit_id, seq, changed_after_submit)
    SELECT ?, w.measure_key, w.unit_id, c.base + MAX(w.i), MAX(w.after_submit) FROM w, c
    GROUP BY w.measure_key, w.unit_id, c.base ORDER BY w.measure_key, w.unit_id
    ON CONFLICT (period_id, measure_key, unit_id) DO UPDATE SET seq = excluded.seq,
      changed_after_submit = GREATEST(entries.changed_after_submit, excluded.changed_after_submit)
  )
  SELECT base FROM c`;

export class EntriesRepo implements Entries {
  private history: HistoryRepo;
  constructor(private env: RepoEnv) {
    this.history = new HistoryRepo(env);
  }

  async field(periodId: string, k: FieldKey): Promise<StoredField | undefined> {
    const r = await this.env.x.get<FieldRow>(GET_FIELD, [periodId, k.measureKey, k.unitId, k.field]);
    return r ? rowToField(r) : undefined;
  }

  async fields(periodId: string, keys: readonly FieldKey[]): Promise<Map<string, StoredField>> {
    const out = new Map<string, StoredField>();
    if (keys.length === 0) return out;
    const { x } = this.env;
    if (x.dialect === 'sqlite') {
      const sx = x as SqliteExec;
      for (const k of keys) {
        const r = sx.getSync<FieldRow>(GET_FIELD, [periodId, k.measureKey, k.unitId, k.field]);
        if (r) out.set(fieldKeyString(k), rowToField(r));
      }
      return out;
    }
    const rows = await x.all<FieldRow & { measure_key: string; unit_id: string; field: Field }>(
      `SELECT f.measure_key, f.unit_id, f.field, f.value, f.rev, f.updated_at, f.updated_by, f.auto_merged
       FROM unnest(?::text[], ?::text[], ?::text[]) AS k(m, u, fl)
       JOIN entry_fields f ON f.period_id = ? AND f.measure_key = k.m AND f.unit_id = k.u AND f.field = k.fl`,
      [keys.map((k) => k.measureKey), keys.map((k) => k.unitId), keys.map((k) => k.field), periodId],
    );
    for (const r of rows) out.set(fieldKeyString({ measureKey: r.measure_key, unitId: r.unit_id, field: r.field }), rowToField(r));
    return out;
  }

  async list(periodId: string, since = 0): Promise<Entry[]> {
    const rows = await this.env.x.arrays(LIST_SQL, [periodId, since]);
    const out: Entry[] = new Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      const fields = {} as Entry['fields'];
      for (let i = 0; i < FIELDS.length; i++) {
        const o = 4 + i * 5;
        if (r[o] === null) {
          fields[FIELDS[i]] = { value: '', rev: 0 };
          continue;
        }
        const f: StoredField = { value: r[o] as string, rev: Number(r[o + 1]), updatedAt: r[o + 2] as string, updatedBy: r[o + 3] as string };
        if (bool(r[o + 4])) f.autoMerged = true;
        fields[FIELDS[i]] = f;
      }
      out[k] = { periodId, measureKey: r[0] as string, unitId: r[1] as string, fields, seq: Number(r[2]), changedAfterSubmit: bool(r[3]) };
    }
    return out;
  }

  async pull(periodId: string, since: number): Promise<{ cursor: number; entries: Entry[] }> {
    const cursor = await this.history.cursor(); // first: everything at or below it is then visible
    return { cursor, entries: await this.list(periodId, since) };
  }

  async write(periodId: string, writes: readonly FieldWrite[]): Promise<{ seqs: number[]; cursor: number }> {
    if (writes.length === 0) return { seqs: [], cursor: await this.history.cursor() };
    return this.env.x.dialect === 'sqlite' ? this.writeSqlite(periodId, writes) : this.writePg(periodId, writes);
  }

  private writeSqlite(periodId: string, writes: readonly FieldWrite[]): { seqs: number[]; cursor: number } {
    const sx = this.env.x as SqliteExec;
    const seqs: number[] = [];
    const touched = new Map<string, { w: FieldWrite; seq: number; after: boolean }>();
    for (const w of writes) {
      const seq = Number(
        sx.runSync(SQLITE_HISTORY, [
          periodId, w.measureKey, w.unitId, w.field, w.oldValue, w.value, w.rev, w.at, w.by, w.actor.codeId, w.actor.role,
          w.declaredPerson ?? null, w.source, int(w.late), int(w.autoMerged), w.changeId,
        ]).lastInsertRowid,
      );
      seqs.push(seq);
      sx.runSync(SQLITE_FIELD, [periodId, w.measureKey, w.unitId, w.field, w.value, w.rev, w.at, w.by, int(w.autoMerged)]);
      const key = entryKeyString(w);
      const t = touched.get(key);
      if (t) {
        t.seq = seq; // seqs only grow: the last write is the entry's cursor
        t.after ||= w.changedAfterSubmit;
      } else touched.set(key, { w, seq, after: w.changedAfterSubmit });
    }
    for (const t of touched.values()) sx.runSync(SQLITE_ENTRY, [periodId, t.w.measureKey, t.w.unitId, t.seq, int(t.after)]);
    return { seqs, cursor: seqs[seqs.length - 1] };
  }

  private async writePg(periodId: string, writes: readonly FieldWrite[]): Promise<{ seqs: number[]; cursor: number }> {
    const n = writes.length;
    const col = <T>(f: (w: FieldWrite) => T) => writes.map(f);
    const r = await this.env.x.get<{ base: number }>(PG_WRITE, [
      n, n,
      col((w) => w.measureKey), col((w) => w.unitId), col((w) => w.field), col((w) => w.oldValue), col((w) => w.value),
      col((w) => w.rev), col((w) => w.at), col((w) => w.by), col((w) => w.actor.codeId), col((w) => w.actor.role),
      col((w) => w.declaredPerson ?? null), col((w) => w.source), col((w) => int(w.late)),
      col((w) => int(w.autoMerged)), col((w) => w.changeId), col((w) => int(w.changedAfterSubmit)),
      periodId, periodId, periodId,
    ]);
    if (!r) throw new Error('counters.seq is missing (schema not migrated?)');
    const base = Number(r.base);
    return { seqs: writes.map((_, i) => base + i + 1), cursor: base + n };
  }

  async clearAutoMerged(periodId: string, k: FieldKey): Promise<void> {
    await this.env.x.run(`UPDATE entry_fields SET auto_merged = 0 WHERE period_id = ? AND measure_key = ? AND unit_id = ? AND field = ?`, [
      periodId, k.measureKey, k.unitId, k.field,
    ]);
  }

  async clearChangedAfterSubmit(periodId: string, unitId: string): Promise<void> {
    await this.env.x.run(`UPDATE entries SET changed_after_submit = 0 WHERE period_id = ? AND unit_id = ?`, [periodId, unitId]);
  }
}
