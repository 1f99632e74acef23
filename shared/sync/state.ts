// The add-in's sync state for one sheet (one period × one unit), kept with the workbook.
// The snapshot — each field's value and revision as last agreed with the server — is the source of
// truth for finding edits: whatever in the sheet differs from it is a pending change.
import type { Field } from '../model/progress';

/** A field as last synced: value and server revision. */
export interface FieldSnap {
  v: string;
  r: number;
}

/** A conflict the server reported for one of our changes: both values kept until a person picks. */
export interface LocalConflict {
  id: string; // server conflict id
  measureKey: string;
  unitId: string;
  field: Field;
  mine: string;
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
  v: 1;
  periodId: string;
  unitId: string;
  sheetName: string;
  /** Random per workbook; part of every change id so ids never collide across copies. */
  clientId: string;
  /** Delta cursor for GET entries?since=. */
  cursor: number;
  /** rowId → field → last synced value and revision. */
  snapshot: Record<string, Partial<Record<Field, FieldSnap>>>;
  conflicts: LocalConflict[];
  /** Changes found but not yet confirmed by the server (kept so an offline workbook shows them). */
  pending: PendingChange[];
  /** Fields the server merged sentence by sentence: a person should look at them. */
  autoMerged: { measureKey: string; unitId: string; field: Field }[];
  lastSyncAt: string | null;
}

export function rowId(measureKey: string, unitId: string): string {
  return `${measureKey}\u001f${unitId}`;
}

export function newSyncState(periodId: string, unitId: string, sheetName: string, clientId: string): SyncState {
  return { v: 1, periodId, unitId, sheetName, clientId, cursor: 0, snapshot: {}, conflicts: [], pending: [], autoMerged: [], lastSyncAt: null };
}

/** A random client id (letters and digits), from crypto when available. */
export function newClientId(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(12);
  if (typeof globalThis.crypto?.getRandomValues === 'function' && random === Math.random) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The settings key a sheet's state is stored under. */
export function stateKey(periodId: string, unitId: string): string {
  return `fengong.sync.${periodId}.${unitId}`;
}
