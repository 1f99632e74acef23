// Entries and their fields: the current state the merge decides against, and the one write that
// records an accepted value (history row, field state, entry cursor — always together).
//
// The delta cursor must never skip a committed change. An entry carries the position of its last
// write (`entries.seq`); a pull returns the entries above the client's cursor and a new cursor.
//  - SQLite: one writer, so history's AUTOINCREMENT numbers commit in order; the position is the
//    last history seq, the cursor the highest one.
//  - PostgreSQL: numbers taken by concurrent transactions commit in any order (T1 takes 10, T2 takes
//    11 and commits, a client pulls up to 11, T1 commits 10 — never delivered), and making writers
//    take them in commit order serialises them. So the position is the writing transaction's id
//    (`pg_current_xact_id()`, plus a constant `cursor_base`) and the cursor is the horizon of the
//    pull's snapshot: `pg_snapshot_xmin − 1`. Every transaction below xmin has committed or
//    aborted, and any transaction that can still commit has an id ≥ xmin, so no change can later
//    appear at or below a cursor handed out. Writers never wait for each other here; history
//    numbers come from a plain sequence (they order history, they are not the cursor).
//    A pull also returns what is visible above its cursor (committed while an older transaction
//    still runs); the next pull returns it again — harmless, the add-in skips revisions it has.
import { FIELDS, type Entry, type Field } from '../../../shared/model/progress';
import { bool, int, type SqliteExec } from '../exec';
import type { RepoEnv } from '../env';
import { HistoryRepo, PG_CURSOR, PG_POSITION } from './history';
import { entryKeyString, fieldKeyString, type Entries, type FieldKey, type FieldWrite, type StoredField } from '../types';

const FIELD_COLS = 'value, rev, updated_at, updated_by, auto_merged';
type FieldRow = { value: string; rev: number; updated_at: string; updated_by: string; auto_merged: number };

function rowToField(r: FieldRow): StoredField {
  const f: StoredField = { value: r.value, rev: Number(r.rev), updatedAt: r.updated_at, updatedBy: r.updated_by };
  if (bool(r.auto_merged)) f.autoMerged = true;
  return f;
}

/** A LIST_SQL row: the entry's head, then five columns per field (extra columns after them are ignored). */
function rowToEntry(periodId: string, r: unknown[]): Entry {
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
  return { periodId, measureKey: r[0] as string, unitId: r[1] as string, fields, seq: Number(r[2]), changedAfterSubmit: bool(r[3]) };
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

// PostgreSQL: the whole batch in one statement (one round trip). w numbers the history rows in
// batch order (a CTE with a volatile function is evaluated once); every entry touched gets this
// transaction's position. The answer: the history numbers and a cursor (see history.ts).
const PG_WRITE = `WITH w AS (
    SELECT *, nextval('history_seq') AS seq FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
      ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::int[])
      WITH ORDINALITY AS w(measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, role,
        declared_person, source, late, auto_merged, change_id, after_submit, i)
    ORDER BY i
  ), s AS (
    SELECT ${PG_POSITION} AS pos
  ), h AS (
    INSERT INTO history (seq, period_id, measure_key, unit_id, field, old_value, new_value, rev, at, by, code_id, role,
      declared_person, source, late, auto_merged, change_id)
    SELECT w.seq, ?, w.measure_key, w.unit_id, w.field, w.old_value, w.new_value, w.rev, w.at, w.by, w.code_id,
      w.role, w.declared_person, w.source, w.late, w.auto_merged, w.change_id FROM w
  ), f AS (
    INSERT INTO entry_fields (period_id, measure_key, unit_id, field, value, rev, updated_at, updated_by, auto_merged)
    SELECT DISTINCT ON (w.measure_key, w.unit_id, w.field) ?, w.measure_key, w.unit_id, w.field, w.new_value, w.rev, w.at, w.by, w.auto_merged
    FROM w ORDER BY w.measure_key, w.unit_id, w.field, w.i DESC
    ON CONFLICT (period_id, measure_key, unit_id, field) DO UPDATE SET value = excluded.value, rev = excluded.rev,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by, auto_merged = excluded.auto_merged
  ), e AS (
    INSERT INTO entries (period_id, measure_key, unit_id, seq, changed_after_submit)
    SELECT ?, w.measure_key, w.unit_id, s.pos, MAX(w.after_submit) FROM w, s
    GROUP BY w.measure_key, w.unit_id, s.pos ORDER BY w.measure_key, w.unit_id
    ON CONFLICT (period_id, measure_key, unit_id) DO UPDATE SET seq = excluded.seq,
      changed_after_submit = GREATEST(entries.changed_after_submit, excluded.changed_after_submit)
  )
  SELECT (SELECT array_agg(seq ORDER BY i) FROM w) AS seqs, ${PG_CURSOR} AS cursor`;

// PostgreSQL pull: the cursor and the entries in one statement, on one snapshot (one round trip);
// with no entry above `since` the one row carries only the cursor (its last column).
const PG_PULL = `SELECT l.*, c.cursor FROM (SELECT ${PG_CURSOR} AS cursor) c LEFT JOIN LATERAL (${LIST_SQL}) l ON true ORDER BY l.seq`;

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
    return (await this.env.x.arrays(LIST_SQL, [periodId, since])).map((r) => rowToEntry(periodId, r));
  }

  async pull(periodId: string, since: number): Promise<{ cursor: number; entries: Entry[] }> {
    const { x } = this.env;
    if (x.dialect === 'sqlite') {
      const cursor = await this.history.cursor(); // first: everything at or below it is then visible
      return { cursor, entries: await this.list(periodId, since) };
    }
    const rows = await x.arrays(PG_PULL, [periodId, since]);
    const cursor = Number(rows[0][rows[0].length - 1]);
    return { cursor, entries: rows[0][0] === null ? [] : rows.map((r) => rowToEntry(periodId, r)) };
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
    const col = <T>(f: (w: FieldWrite) => T) => writes.map(f);
    const r = await this.env.x.get<{ seqs: (number | string)[]; cursor: number }>(PG_WRITE, [
      col((w) => w.measureKey), col((w) => w.unitId), col((w) => w.field), col((w) => w.oldValue), col((w) => w.value),
      col((w) => w.rev), col((w) => w.at), col((w) => w.by), col((w) => w.actor.codeId), col((w) => w.actor.role),
      col((w) => w.declaredPerson ?? null), col((w) => w.source), col((w) => int(w.late)),
      col((w) => int(w.autoMerged)), col((w) => w.changeId), col((w) => int(w.changedAfterSubmit)),
      periodId, periodId, periodId,
    ]);
    if (!r) throw new Error('entries.write answered nothing');
    return { seqs: r.seqs.map(Number), cursor: Number(r.cursor) };
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
