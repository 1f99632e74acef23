// Drafts on the fill page: what the person typed and has not saved yet, kept in localStorage so a
// reload (or a crash) loses nothing. Each draft remembers the revision it was typed over (baseRev)
// and the change id to send — a new id whenever the text changes, the same id when a save is retried.
import type { Field } from '../../shared/model/progress';

export interface Draft {
  value: string;
  baseRev: number;
  changeId: string;
  /** Set when the service answered with a conflict for this draft. */
  conflictId?: string;
}

export type DraftMap = Record<string, Partial<Record<Field, Draft>>>; // measureKey → field → draft

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class DraftStore {
  private drafts: DraftMap;
  constructor(
    private readonly storage: KeyValueStore,
    private readonly key: string,
    private readonly newId: () => string,
  ) {
    this.drafts = DraftStore.read(storage, key);
  }

  private static read(storage: KeyValueStore, key: string): DraftMap {
    try {
      const raw = storage.getItem(key);
      const parsed = raw ? (JSON.parse(raw) as unknown) : {};
      return parsed && typeof parsed === 'object' ? (parsed as DraftMap) : {};
    } catch {
      return {};
    }
  }

  private write(): void {
    try {
      if (this.count() === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(this.drafts));
    } catch {
      /* storage full or disabled: the draft stays in memory */
    }
  }

  get(measureKey: string, field: Field): Draft | undefined {
    return this.drafts[measureKey]?.[field];
  }

  /**
   * Record a typed value. `serverValue`/`serverRev` are the field's state as last seen from the service:
   * typing back the saved text drops the draft; the first keystroke fixes the base revision.
   */
  set(measureKey: string, field: Field, value: string, serverValue: string, serverRev: number): void {
    const existing = this.get(measureKey, field);
    if (value === serverValue && !existing?.conflictId) {
      this.remove(measureKey, field);
      return;
    }
    if (existing && existing.value === value) return;
    const draft: Draft = { value, baseRev: existing ? existing.baseRev : serverRev, changeId: this.newId() };
    if (existing?.conflictId) draft.conflictId = existing.conflictId;
    (this.drafts[measureKey] ??= {})[field] = draft;
    this.write();
  }

  markConflict(measureKey: string, field: Field, conflictId: string): void {
    const d = this.get(measureKey, field);
    if (!d) return;
    d.conflictId = conflictId;
    this.write();
  }

  remove(measureKey: string, field: Field): void {
    const m = this.drafts[measureKey];
    if (!m || !(field in m)) return;
    delete m[field];
    if (Object.keys(m).length === 0) delete this.drafts[measureKey];
    this.write();
  }

  /** Drafts ready to send (those waiting on a person's conflict choice stay back). */
  pending(): { measureKey: string; field: Field; draft: Draft }[] {
    const out: { measureKey: string; field: Field; draft: Draft }[] = [];
    for (const [measureKey, fields] of Object.entries(this.drafts)) {
      for (const [field, draft] of Object.entries(fields ?? {})) if (draft && !draft.conflictId) out.push({ measureKey, field: field as Field, draft });
    }
    return out;
  }

  /** Every draft, those waiting on a conflict choice included. */
  all(): { measureKey: string; field: Field; draft: Draft }[] {
    const out: { measureKey: string; field: Field; draft: Draft }[] = [];
    for (const [measureKey, fields] of Object.entries(this.drafts)) {
      for (const [field, draft] of Object.entries(fields ?? {})) if (draft) out.push({ measureKey, field: field as Field, draft });
    }
    return out;
  }

  count(): number {
    return Object.values(this.drafts).reduce((n, f) => n + Object.keys(f ?? {}).length, 0);
  }
}
