// The add-in's work, independent of the task pane's HTML and of the host: connect, lay out, sync,
// resolve, submit. The spreadsheet is reached only through a SpreadsheetPort (Office.js in Excel,
// the WPS JS API in WPS 表格, strict fakes in tests); the service only through ApiClient. Each flow
// (flows/*.ts) reads the workbook once, does the pure work, and writes back in as few requests as
// the host allows — the request count does not grow with the table.
import type { Conflict, Me } from '../../shared/api/contract';
import type { Period } from '../../shared/model/progress';
import { safeSheetName } from '../../shared/layout/style';
import { pendingChanges } from '../../shared/sync/diff';
import { packState, stateKey, upgradeState, type LocalConflict, type SyncState } from '../../shared/sync/state';
import { ApiClient, OfflineError } from '../client/api';
import type { DocRead, SheetRead, SpreadsheetPort } from './port';
import { REQUEST_BUDGET, type Features, type SheetOp } from '../sheet/sheet-ops';
import { TEXTS } from './texts';
import { layoutFlow, type LayoutReport } from './flows/layout';
import { syncFlow, type SyncReport } from './flows/sync';
import { resolveFlow, type ResolveOutcome } from './flows/resolve';
import { cycleFlow, type CycleInfo } from './flows/cycle';
import { closureOf, type Closure } from '../../shared/cycle/closure';
import type { Field } from '../../shared/model/progress';

export type { LayoutReport, SyncReport, ResolveOutcome, CycleInfo };

/** Typed text the service will not take because its entry is 办结: kept in the sheet, shown in the pane. */
export interface ClosedEdit {
  measureKey: string;
  field: Field;
  value: string;
}

export interface StatusInfo {
  laidOut: boolean;
  sheetName: string | null;
  pending: number;
  conflicts: LocalConflict[];
  lastSyncAt: string | null;
  autoMerged: number;
  /** Pending edits on 办结 entries (as last known from the service): never sent, never dropped. */
  closedEdits: ClosedEdit[];
}

/** Our state and sheet as read in one round. */
export interface OurDoc {
  state: SyncState | null;
  sheets: SheetRead[];
  /** Our laid-out sheet (key header of this period and unit), if any. */
  mine: SheetRead | null;
}

const SERVER_KEY = 'fengong.server';

/** The unprotect commands before the first protect (later ones follow our own protect). */
function dropUnprotect(ops: SheetOp[]): SheetOp[] {
  const firstProtect = ops.findIndex((o) => o.op === 'protect');
  return ops.filter((o, i) => o.op !== 'unprotect' || (firstProtect >= 0 && i > firstProtect));
}

export class AddinSession {
  /** Whether the last call to the service failed to connect. */
  offline = false;
  /** The plan's 办结 entries as last fetched (layout, 同步, the cycle panel). */
  closures: Closure[] = [];
  private constructor(
    readonly port: SpreadsheetPort,
    readonly api: ApiClient,
    readonly me: Me,
    readonly periods: Period[],
    readonly planTitles: Map<string, string>,
    public period: Period,
    readonly requestBudget: number,
  ) {}

  static async connect(port: SpreadsheetPort, server: string, code: string, opts: { fetch?: typeof fetch; requestBudget?: number } = {}): Promise<AddinSession> {
    const api = new ApiClient(server, code.trim(), opts.fetch);
    const me = await api.me();
    const [{ periods }, { plans }] = await Promise.all([api.periods(), api.plans()]);
    if (!periods.length) throw new Error(TEXTS.noPeriods);
    const open = periods.filter((p) => p.state === 'open');
    const period = (open.length ? open : periods).slice().sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];
    const s = new AddinSession(port, api, me, periods, new Map(plans.map((p) => [p.id, p.title])), period, opts.requestBudget ?? REQUEST_BUDGET);
    // The server origin is no secret: keep it with the workbook. The access code is never stored there.
    await port.setValue(SERVER_KEY, server);
    return s;
  }

  /** The server origin a workbook was last connected to (to prefill the connect screen). */
  static async savedServer(port: SpreadsheetPort): Promise<string | null> {
    const v = await port.getValue(SERVER_KEY);
    return typeof v === 'string' ? v : null;
  }

  get isCoordinator(): boolean {
    return this.me.role === 'coordinator';
  }

  selectPeriod(periodId: string): void {
    const p = this.periods.find((x) => x.id === periodId);
    if (p) this.period = p;
  }

  features(): Features {
    return this.port.features();
  }

  get unitId(): string {
    return this.me.unit?.id ?? '*';
  }

  get stateKey(): string {
    return stateKey(this.period.id, this.unitId);
  }

  /** The sheet names a layout may use: the unit's (or 汇总表), then one qualified by the period. */
  sheetNames(base: string): string[] {
    return [safeSheetName(base), safeSheetName(`${base}-${this.period.name}`)];
  }

  unitSheetNames(): string[] {
    return this.sheetNames(safeSheetName(this.me.unit!.shortName || this.me.unit!.name));
  }

  /** Every service call goes through here: it keeps `offline` up to date. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      this.offline = false;
      return out;
    } catch (err) {
      if (err instanceof OfflineError) this.offline = true;
      throw err;
    }
  }

  /** One read of the workbook: our state (if it is this period's and unit's) and the candidate sheets. */
  async readDoc(names: string[], full = true): Promise<OurDoc> {
    const doc: DocRead = await this.port.read(names, this.stateKey, full);
    const raw = upgradeState(doc.state);
    const state = raw && raw.periodId === this.period.id && raw.unitId === this.unitId ? raw : null;
    const unit = this.isCoordinator ? null : this.unitId;
    const ours = (s: SheetRead) => !!s.read && s.read.sheetKey.periodId === this.period.id && s.read.sheetKey.unitId === unit;
    const mine = (state && doc.sheets.find((s) => s.name === state.sheetName && ours(s))) || doc.sheets.find(ours) || null;
    return { state, sheets: doc.sheets, mine };
  }

  /** Where to lay out: our sheet if there is one, else the first name not taken by someone else's sheet. */
  targetSheet(doc: OurDoc): SheetRead {
    return doc.mine ?? doc.sheets.find((s) => !s.exists || !s.read) ?? doc.sheets[doc.sheets.length - 1];
  }

  /**
   * Write commands; lost guarded writes are the caller's. Excel throws on unprotect() of an
   * unprotected sheet, so an unprotect is sent only to a sheet read as protected.
   */
  write(sheet: { name: string; exists: boolean; protected: boolean }, ops: SheetOp[]) {
    // The sync state goes into the workbook packed (state.ts): far below Excel's settings cap.
    const packed = ops.map((o) => (o.op === 'setting' && o.key === this.stateKey ? { ...o, value: packState(o.value as SyncState) } : o));
    return this.port.write(sheet, sheet.protected ? packed : dropUnprotect(packed));
  }

  // ── the flows ────────────────────────────────────────────────────────────────────────
  layout(): Promise<LayoutReport> {
    return layoutFlow(this);
  }

  sync(): Promise<SyncReport> {
    return syncFlow(this);
  }

  /** Resolve one of our conflicts with mine, theirs or an edited text (decided against `baseRev`). */
  resolve(conflictId: string, value: string): Promise<ResolveOutcome> {
    return resolveFlow(this, conflictId, value);
  }

  /** The 督办 cycle for this unit: return reason, approval, 办结 entries, evidence (remembers the closures). */
  async cycle(): Promise<CycleInfo> {
    const info = await cycleFlow(this);
    this.closures = info.closures;
    return info;
  }

  /** Whether one of this unit's entries is 办结 (as last fetched). */
  isClosed(measureKey: string): boolean {
    return !!closureOf(this.closures, measureKey, this.unitId);
  }

  async status(): Promise<StatusInfo> {
    const none: StatusInfo = { laidOut: false, sheetName: null, pending: 0, conflicts: [], lastSyncAt: null, autoMerged: 0, closedEdits: [] };
    if (this.isCoordinator) return none;
    const doc = await this.readDoc(this.unitSheetNames());
    if (!doc.mine?.read || !doc.state) return none;
    const pending = pendingChanges(doc.mine.read.rows, doc.state);
    return {
      laidOut: true,
      sheetName: doc.mine.name,
      pending: pending.length,
      closedEdits: pending.filter((p) => p.unitId === this.unitId && this.isClosed(p.measureKey)).map((p) => ({ measureKey: p.measureKey, field: p.field, value: p.value })),
      conflicts: doc.state.conflicts,
      lastSyncAt: doc.state.lastSyncAt,
      autoMerged: doc.state.autoMerged.length,
    };
  }

  /** Select the cell a conflict is about (the card's 定位), so the person finds the row. */
  async locate(conflict: { measureKey: string; unitId: string; field: LocalConflict['field'] }): Promise<boolean> {
    const doc = await this.readDoc(this.unitSheetNames());
    const sheet = doc.mine?.read;
    if (!sheet) return false;
    const row = sheet.rows.find((r) => r.measureKey === conflict.measureKey && r.unitId === conflict.unitId);
    const c = sheet.fieldCols[conflict.field];
    if (!row || c === undefined) return false;
    await this.port.select(doc.mine!.name, { r: row.row, c, rows: 1, cols: 1 });
    return true;
  }

  /** Open conflicts of this unit on the server (also those another colleague's sync raised). */
  async serverConflicts(): Promise<Conflict[]> {
    return (await this.call(() => this.api.conflicts(this.period.id))).conflicts;
  }

  /** 报送 with the unit's 审签 (who signed it off); the service refuses an empty name (SIGNOFF_REQUIRED). */
  async submit(signedBy: string): Promise<string> {
    const who = signedBy.trim();
    if (!who) throw new Error(TEXTS.signOffRequired);
    return (await this.call(() => this.api.submit(this.period.id, who))).submittedAt;
  }
}
