// The add-in's sync state for one sheet (one period × one unit), kept with the workbook.
// The snapshot — each field's revision and a fingerprint of its value as last agreed with the
// server — is the source of truth for finding edits: whatever in the sheet differs from it is a
// pending change. It keeps a fingerprint, not the text: the state must stay far below Excel's
// document-settings cap (≈ 2 MB, failures reported near 1 MB) at 100× the reference plan, and
// every full text it would hold is already in the sheet's cells or on the server.
import { FIELDS, type Field } from '../model/fields';
import { cyrb53 } from './hash';

/** A field as last synced: fingerprint of the value (see `fingerprint`) and server revision. */
export interface FieldSnap {
  h: string;
  r: number;
}

/** A conflict the server reported for one of our changes: both values kept until a person picks. */
export interface LocalConflict {
  id: string; // server conflict id
  measureKey: string;
  unitId: string;
  field: Field;
  mine: string;
  /** The server's value, at `serverRev` (kept current by every pull: the card shows the newest). */
  theirs: string;
  base: string;
  serverRev: number;
}

export interface PendingChange {
  changeId: string;
  measureKey: string;
  unitId: string;
  field: Field;
  baseRev: number;
  value: string;
}

export interface SyncState {
  v: 2;
  periodId: string;
  unitId: string;
  sheetName: string;
  /** Random per workbook; part of every change id so ids never collide across copies. */
  clientId: string;
  /** Delta cursor for GET entries?since=. */
  cursor: number;
  /** rowId → field → last synced fingerprint and revision. A missing field is '' at revision 0. */
  snapshot: Record<string, Partial<Record<Field, FieldSnap>>>;
  conflicts: LocalConflict[];
  /** Fields the server merged sentence by sentence: a person should look at them. */
  autoMerged: { measureKey: string; unitId: string; field: Field }[];
  lastSyncAt: string | null;
}

export function rowId(measureKey: string, unitId: string): string {
  return `${measureKey}\u001f${unitId}`;
}

/**
 * The snapshot's stand-in for a value: 53 bits of cyrb53 in base 36 (≤ 11 characters). An edit
 * is missed only if the new text hashes like the old one — 1 in 2^53, far below a typing error.
 */
export function fingerprint(value: string): string {
  return cyrb53(value, 7).toString(36);
}

export function snapOf(value: string, rev: number): FieldSnap {
  return { h: fingerprint(value), r: rev };
}

const EMPTY: FieldSnap = snapOf('', 0);

/** A field's snapshot ('' at revision 0 when it was never synced). */
export function snapAt(state: SyncState, id: string, field: Field): FieldSnap {
  return state.snapshot[id]?.[field] ?? EMPTY;
}

/** Does the cell still hold what was last agreed with the server? */
export function holdsSnap(value: string, snap: FieldSnap): boolean {
  return fingerprint(value) === snap.h;
}

export function newSyncState(periodId: string, unitId: string, sheetName: string, clientId: string): SyncState {
  return { v: 2, periodId, unitId, sheetName, clientId, cursor: 0, snapshot: {}, conflicts: [], autoMerged: [], lastSyncAt: null };
}

/**
 * The state as stored in the workbook: the snapshot packed one string per row — the row's measure
 * key → "fingerprint.rev" per field in FIELDS order, "" for a field never synced — so 2,400 rows with
 * every field filled stay near 200 KB (the object form, field names and all, is about 2.5 times that).
 */
export interface StoredState extends Omit<SyncState, 'snapshot'> {
  snap: Record<string, string>;
}

export function packState(state: SyncState): StoredState {
  const { snapshot, ...rest } = state;
  const snap: Record<string, string> = {};
  for (const [id, fields] of Object.entries(snapshot)) {
    const [measureKey, unitId] = id.split('\u001f');
    if (unitId !== state.unitId) continue; // a unit's state holds that unit's rows only
    snap[measureKey] = FIELDS.map((f) => (fields[f] ? `${fields[f]!.h}.${fields[f]!.r}` : '')).join(',');
  }
  return { ...rest, snap };
}

function unpack(s: StoredState): SyncState {
  const { snap, ...rest } = s;
  const snapshot: SyncState['snapshot'] = {};
  for (const [measureKey, packed] of Object.entries(snap)) {
    const row: Partial<Record<Field, FieldSnap>> = {};
    packed.split(',').forEach((p, i) => {
      if (!p || !FIELDS[i]) return;
      const dot = p.lastIndexOf('.');
      row[FIELDS[i]] = { h: p.slice(0, dot), r: Number(p.slice(dot + 1)) };
    });
    snapshot[rowId(measureKey, s.unitId)] = row;
  }
  return { ...rest, snapshot };
}

/** A state read from a workbook: the stored form unpacked; version 1 (full values, a pending list) upgraded. */
export function upgradeState(raw: unknown): SyncState | null {
  if (!raw || typeof raw !== 'object') return null;
  const s = raw as Record<string, unknown> & { snapshot?: Record<string, Record<string, { v?: string; h?: string; r: number }>> };
  if (s.v === 2 && s.snap && typeof s.snap === 'object') return unpack(s as unknown as StoredState);
  if (s.v === 2) return s as unknown as SyncState;
  if (s.v !== 1 || !s.snapshot) return null;
  const snapshot: SyncState['snapshot'] = {};
  for (const [id, fields] of Object.entries(s.snapshot)) {
    snapshot[id] = {};
    for (const [f, snap] of Object.entries(fields)) snapshot[id][f as Field] = snapOf(snap.v ?? '', snap.r);
  }
  const { pending: _pending, ...rest } = s;
  return { ...(rest as unknown as SyncState), v: 2, snapshot };
}

/**
 * A random client id (letters and digits) from crypto.getRandomValues, or Math.random where a
 * host's WebView lacks it (WPS: no crypto.randomUUID in some builds, reported in issue 12's notes).
 */
export function newClientId(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(12);
  if (typeof globalThis.crypto?.getRandomValues === 'function' && random === Math.random) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The document-state key a sheet's sync state is stored under. */
export function stateKey(periodId: string, unitId: string): string {
  return `fengong.sync.${periodId}.${unitId}`;
}
