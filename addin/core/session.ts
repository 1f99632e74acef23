// The add-in's work, independent of the task pane's HTML: connect, lay out, sync, resolve, submit.
// Excel is reached only through `ExcelHost` (Office.js, or the strict fake in tests); the service
// only through ApiClient. Each operation reads the workbook once, does the pure work, and writes
// back in as few requests as the 5 MB limit allows — the request count does not grow with the table.
import type { Conflict, Me } from '../../shared/api/contract';
import type { Field, Period } from '../../shared/model/progress';
import { FIELDS } from '../../shared/model/fields';
import { buildUnitSheet } from '../../shared/layout/unit-sheet';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { encodeRowKey } from '../../shared/layout/keys';
import type { SheetLayout } from '../../shared/layout/model';
import { safeSheetName } from '../../shared/layout/style';
import { pendingChanges } from '../../shared/sync/diff';
import { applyPulled, applyPushResults, applyResolution, type CellWrite } from '../../shared/sync/apply';
import { changeIdFor } from '../../shared/sync/change-id';
import { newClientId, newSyncState, rowId, stateKey, type FieldSnap, type LocalConflict, type SyncState } from '../../shared/sync/state';
import { ApiClient, ApiError, OfflineError } from '../client/api';
import { readSheet, type ReadSheet } from '../sheet/read-sheet';
import { CONFLICT_FILL, layoutOps, splitOps, writeBackOps, REQUEST_BUDGET, type Area, type Features, type SheetOp } from '../sheet/sheet-ops';
import { runBatches } from '../sheet/excel-exec';

/** Excel as the session needs it: Office.js in Excel, the strict fake in tests. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  supports(excelApiVersion: string): boolean;
}

export function officeExcelHost(): ExcelHost {
  return {
    run: (batch) => Excel.run(batch),
    supports: (v) => Office.context.requirements.isSetSupported('ExcelApi', v),
  };
}

/** The requirement set the manifest declares; anything above is feature-detected. */
export const DECLARED_EXCEL_API = '1.7';

export interface LayoutReport {
  sheetName: string;
  rows: number;
  keptEdits: number;
  syncs: number;
  requests: number;
  features: Features;
}

export interface SyncReport {
  offline: boolean;
  pushed: number;
  accepted: number;
  merged: number;
  conflicts: LocalConflict[];
  rejected: { field: Field; measureKey: string; message: string }[];
  pulled: number;
  keptLocal: number;
  pending: number;
  syncs: number;
  lastSyncAt: string | null;
  /** The sheet's assignments changed on the server: lay it out again. */
  needsLayout: boolean;
}

export interface StatusInfo {
  laidOut: boolean;
  sheetName: string | null;
  pending: number;
  conflicts: LocalConflict[];
  lastSyncAt: string | null;
  autoMerged: number;
}

interface DocRead {
  state: SyncState | null;
  sheets: { name: string; exists: boolean; read: ReadSheet | null; extent: Area | null }[];
}

const SERVER_SETTING = 'fengong.server';
/** Where the key header of a laid-out sheet is looked for when not reading the whole sheet. */
const HEAD_ROWS = 12;
const HEAD_COLS = 40;

export class AddinSession {
  /** Last time the service answered (null: not yet) and whether the last call failed to connect. */
  offline = false;
  private constructor(
    readonly host: ExcelHost,
    readonly api: ApiClient,
    readonly me: Me,
    readonly periods: Period[],
    readonly planTitles: Map<string, string>,
    public period: Period,
    private readonly requestBudget: number,
  ) {}

  static async connect(host: ExcelHost, server: string, code: string, opts: { fetch?: typeof fetch; requestBudget?: number } = {}): Promise<AddinSession> {
    const api = new ApiClient(server, code.trim(), opts.fetch);
    const me = await api.me();
    const [{ periods }, { plans }] = await Promise.all([api.periods(), api.plans()]);
    if (!periods.length) throw new Error('服务器上还没有填报期次，请联系协调办公室。');
    const open = periods.filter((p) => p.state === 'open');
    const period = (open.length ? open : periods).slice().sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];
    const s = new AddinSession(host, api, me, periods, new Map(plans.map((p) => [p.id, p.title])), period, opts.requestBudget ?? REQUEST_BUDGET);
    // The server origin is no secret: keep it with the workbook. The access code is never stored there.
    await host.run(async (ctx) => {
      ctx.workbook.settings.add(SERVER_SETTING, server);
      await ctx.sync();
    });
    return s;
  }

  /** The server origin a workbook was last connected to (to prefill the connect screen). */
  static async savedServer(host: ExcelHost): Promise<string | null> {
    return host.run(async (ctx) => {
      const s = ctx.workbook.settings.getItemOrNullObject(SERVER_SETTING);
      s.load('value');
      await ctx.sync();
      return s.isNullObject ? null : String(s.value);
    });
  }

  get isCoordinator(): boolean {
    return this.me.role === 'coordinator';
  }

  selectPeriod(periodId: string): void {
    const p = this.periods.find((x) => x.id === periodId);
    if (p) this.period = p;
  }

  features(): Features {
    return { validation: this.host.supports('1.8'), pageLayout: this.host.supports('1.9') };
  }

  private get unitId(): string {
    return this.me.unit?.id ?? '*';
  }

  private stateKey(): string {
    return stateKey(this.period.id, this.unitId);
  }

  private sheetNames(base: string): string[] {
    return [safeSheetName(base), safeSheetName(`${base}-${this.period.name}`)];
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      this.offline = false;
      return out;
    } catch (err) {
      if (err instanceof OfflineError) this.offline = true;
      throw err;
    }
  }

  // ── reading the workbook: one request ─────────────────────────────────────────────────
  /**
   * One request: the sync state and each candidate sheet. `full` reads every value of the used
   * range (a unit's sheet: needed to find edits); otherwise only the extent and the top rows that
   * hold the key header (the coordinator's big read-only table: keeps the response small).
   */
  private async readDoc(ctx: Excel.RequestContext, names: string[], full = true): Promise<DocRead> {
    const setting = ctx.workbook.settings.getItemOrNullObject(this.stateKey());
    setting.load('value');
    const sheets = names.map((name) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
      const used = ws.getUsedRangeOrNullObject(true);
      used.load(full ? 'values,rowIndex,columnIndex,rowCount,columnCount' : 'rowIndex,columnIndex,rowCount,columnCount');
      const head = full ? null : ws.getRangeByIndexes(0, 0, HEAD_ROWS, HEAD_COLS);
      head?.load('values');
      return { name, ws, used, head };
    });
    await ctx.sync();
    const state = setting.isNullObject ? null : (setting.value as SyncState);
    return {
      state: state && state.periodId === this.period.id && state.unitId === this.unitId ? state : null,
      sheets: sheets.map(({ name, ws, used, head }) => {
        if (ws.isNullObject) return { name, exists: false, read: null, extent: null };
        if (used.isNullObject) return { name, exists: true, read: null, extent: null };
        return {
          name,
          exists: true,
          read: head ? readSheet(head.values) : readSheet(used.values, used.rowIndex, used.columnIndex),
          extent: { r: used.rowIndex, c: used.columnIndex, rows: used.rowCount, cols: used.columnCount },
        };
      }),
    };
  }

  /** Our sheet among the candidates: the one whose key header is this period and unit. */
  private pickSheet(doc: DocRead): DocRead['sheets'][number] | null {
    const unit = this.isCoordinator ? null : this.unitId;
    const mine = (s: DocRead['sheets'][number]) => s.read && s.read.sheetKey.periodId === this.period.id && s.read.sheetKey.unitId === unit;
    if (doc.state) {
      const byState = doc.sheets.find((s) => s.name === doc.state!.sheetName && mine(s));
      if (byState) return byState;
    }
    return doc.sheets.find(mine) ?? null;
  }

  /** Where to lay out: our sheet if there is one, else the first name not taken by someone else's sheet. */
  private targetSheet(doc: DocRead): DocRead['sheets'][number] {
    return this.pickSheet(doc) ?? doc.sheets.find((s) => !s.exists || !s.read) ?? doc.sheets[doc.sheets.length - 1];
  }

  private async write(ctx: Excel.RequestContext, sheet: { name: string; exists: boolean }, ops: SheetOp[]): Promise<{ syncs: number; requests: number }> {
    const batches = splitOps(ops, this.requestBudget);
    let created = false;
    const syncs = await runBatches(ctx, batches, (first) => {
      if (first && !sheet.exists && !created) {
        created = true;
        return ctx.workbook.worksheets.add(sheet.name);
      }
      return ctx.workbook.worksheets.getItem(sheet.name);
    });
    return { syncs, requests: batches.length };
  }

  // ── lay out ──────────────────────────────────────────────────────────────────────────
  async layout(): Promise<LayoutReport> {
    return this.isCoordinator ? this.layoutConsolidated() : this.layoutUnit();
  }

  private async layoutUnit(): Promise<LayoutReport> {
    const unit = this.me.unit!;
    const [assign, pulled] = await this.call(() => Promise.all([this.api.assignments(this.period.id), this.api.entries(this.period.id, 0)]));
    const planTitle = this.planTitles.get(assign.planId) ?? '';
    const layout = buildUnitSheet({ planTitle, period: this.period, unit, assignments: assign.assignments, entries: pulled.entries });
    const features = this.features();
    return this.host.run(async (ctx) => {
      const doc = await this.readDoc(ctx, this.sheetNames(layout.sheetName));
      const target = this.targetSheet(doc);
      layout.sheetName = target.name;
      const existing = target.read && target.read.sheetKey.periodId === this.period.id ? target.read : null;
      const old = doc.state ?? newSyncState(this.period.id, unit.id, target.name, newClientId());
      const orphans = orphanedEdits(layout, existing, doc.state);
      if (orphans) {
        // Never drop typing: those rows would vanish from the new layout.
        throw new Error(`工作表中有 ${orphans} 处未同步的修改属于已调整、不再由本单位负责的举措。请先复制保存这些内容（或联系协调办公室），再重新生成填报表。`);
      }
      const { state, kept } = overlayLocalEdits(layout, existing, old, pulled.entries, unit.id);
      state.sheetName = target.name;
      state.cursor = pulled.cursor;
      state.pending = pendingChanges(layoutRows(layout), state);
      const ops = [...layoutOps(layout, features, target.extent), ...conflictMarks(layout, state)];
      // Conflict marks need the sheet unprotected: put them before the final protect/activate.
      const protectAt = ops.findIndex((o) => o.op === 'protect');
      if (protectAt >= 0) ops.push(...ops.splice(protectAt, 2));
      ops.push({ op: 'setting', key: this.stateKey(), value: state });
      const w = await this.write(ctx, target, ops);
      return { sheetName: target.name, rows: layout.rows.filter((r) => r.kind === 'data').length, keptEdits: kept, syncs: w.syncs + 1, requests: w.requests, features };
    });
  }

  private async layoutConsolidated(): Promise<LayoutReport> {
    const data = await this.call(() => this.api.consolidated(this.period.id));
    const layout = buildConsolidatedSheet({ planTitle: data.planTitle, period: data.period, measures: data.measures });
    const features = this.features();
    return this.host.run(async (ctx) => {
      const doc = await this.readDoc(ctx, this.sheetNames(layout.sheetName), false);
      const target = this.targetSheet(doc);
      const w = await this.write(ctx, target, layoutOps(layout, features, target.extent));
      return { sheetName: target.name, rows: layout.rows.filter((r) => r.kind === 'data').length, keptEdits: 0, syncs: w.syncs + 1, requests: w.requests, features };
    });
  }

  // ── sync ─────────────────────────────────────────────────────────────────────────────
  async sync(): Promise<SyncReport> {
    if (this.isCoordinator) throw new Error('协调办公室的汇总表为只读，无需同步；请重新生成汇总表获取最新内容。');
    const unitName = this.me.unit!.shortName || this.me.unit!.name;
    return this.host.run(async (ctx) => {
      const doc = await this.readDoc(ctx, this.sheetNames(safeSheetName(unitName)));
      const sheet = this.pickSheet(doc);
      if (!sheet?.read || !doc.state) throw new Error('请先点击“生成本单位填报表”。');
      const read = sheet.read;
      let state = doc.state;
      const pending = pendingChanges(read.rows, state);
      state = { ...state, pending };
      const report: SyncReport = {
        offline: false, pushed: pending.length, accepted: 0, merged: 0, conflicts: [], rejected: [], pulled: 0, keptLocal: 0,
        pending: pending.length, syncs: 1, lastSyncAt: state.lastSyncAt, needsLayout: false,
      };
      const writes: CellWrite[] = [];
      const current = new Map(read.rows.map((r) => [rowId(r.measureKey, r.unitId), { ...r.values }]));
      try {
        // 1. push, in chunks the server takes (≤ 1000 changes a request)
        for (let i = 0; i < pending.length; i += 1000) {
          const chunk = pending.slice(i, i + 1000);
          let res;
          try {
            res = await this.call(() => this.api.changes(this.period.id, chunk, this.me.person ?? undefined));
          } catch (err) {
            // The whole batch refused (e.g. the period is closed): keep the edits, say why, still pull.
            if (!(err instanceof ApiError) || err.status === 401) throw err;
            report.rejected.push(...chunk.map((c) => ({ field: c.field, measureKey: c.measureKey, message: err.message })));
            break;
          }
          const out = applyPushResults(state, chunk, res.results);
          state = out.state;
          writes.push(...out.writes);
          report.accepted += out.accepted;
          report.merged += out.merged.length;
          report.conflicts.push(...out.conflicts);
          report.rejected.push(...out.rejected.map((r) => ({ field: r.change.field, measureKey: r.change.measureKey, message: r.message })));
        }
        for (const w of writes) current.get(rowId(w.measureKey, w.unitId))![w.field] = w.value;
        // 2. conflicts someone else resolved meanwhile: the cell follows the server again
        if (state.conflicts.length) {
          const open = new Set((await this.call(() => this.api.conflicts(this.period.id))).conflicts.map((c) => c.id));
          for (const c of state.conflicts.filter((x) => !open.has(x.id))) {
            const snap = state.snapshot[rowId(c.measureKey, c.unitId)]?.[c.field];
            const cells = current.get(rowId(c.measureKey, c.unitId));
            if (snap && cells) cells[c.field] = snap.v;
            if (snap) writes.push({ measureKey: c.measureKey, unitId: c.unitId, field: c.field, value: snap.v });
          }
          state = { ...state, conflicts: state.conflicts.filter((x) => open.has(x.id)) };
        }
        // 3. pull others' changes since the cursor
        const delta = await this.call(() => this.api.entries(this.period.id, state.cursor));
        const pulled = applyPulled(state, delta.entries, current, delta.cursor);
        state = pulled.state;
        writes.push(...pulled.writes);
        report.pulled = pulled.writes.length;
        report.keptLocal = pulled.keptLocal.length;
        report.needsLayout = pulled.missingRows > 0;
        state.lastSyncAt = new Date().toISOString();
      } catch (err) {
        if (!(err instanceof OfflineError)) throw err;
        report.offline = true;
      }
      // What is still pending after this round (offline: everything found; it goes out next time).
      for (const w of writes) {
        const cells = current.get(rowId(w.measureKey, w.unitId));
        if (cells) cells[w.field] = w.value;
      }
      state.pending = pendingChanges(
        [...current].map(([id, values]) => {
          const r = read.rows.find((x) => rowId(x.measureKey, x.unitId) === id)!;
          return { measureKey: r.measureKey, unitId: r.unitId, values };
        }),
        state,
      );
      report.pending = state.pending.length;
      report.lastSyncAt = state.lastSyncAt;
      report.conflicts = state.conflicts;
      const w = await this.write(ctx, sheet, writeBackOps(read, state, dedupeWrites(writes), this.stateKey()));
      report.syncs += w.syncs;
      return report;
    });
  }

  // ── status, conflicts, submit ──────────────────────────────────────────────────────────
  async status(): Promise<StatusInfo> {
    if (this.isCoordinator) return { laidOut: false, sheetName: null, pending: 0, conflicts: [], lastSyncAt: null, autoMerged: 0 };
    const unitName = this.me.unit!.shortName || this.me.unit!.name;
    return this.host.run(async (ctx) => {
      const doc = await this.readDoc(ctx, this.sheetNames(safeSheetName(unitName)));
      const sheet = this.pickSheet(doc);
      if (!sheet?.read || !doc.state) return { laidOut: false, sheetName: null, pending: 0, conflicts: [], lastSyncAt: null, autoMerged: 0 };
      return {
        laidOut: true,
        sheetName: sheet.name,
        pending: pendingChanges(sheet.read.rows, doc.state).length,
        conflicts: doc.state.conflicts,
        lastSyncAt: doc.state.lastSyncAt,
        autoMerged: doc.state.autoMerged.length,
      };
    });
  }

  /** Resolve one of our conflicts with mine, theirs or an edited text. */
  async resolve(conflictId: string, value: string): Promise<void> {
    const unitName = this.me.unit!.shortName || this.me.unit!.name;
    await this.host.run(async (ctx) => {
      const doc = await this.readDoc(ctx, this.sheetNames(safeSheetName(unitName)));
      const sheet = this.pickSheet(doc);
      if (!sheet?.read || !doc.state) throw new Error('请先点击“生成本单位填报表”。');
      const c = doc.state.conflicts.find((x) => x.id === conflictId);
      if (!c) throw new Error('该冲突已处理。');
      const changeId = changeIdFor(doc.state.clientId, { measureKey: c.measureKey, unitId: c.unitId, field: c.field, baseRev: c.serverRev, value: `resolve:${value}` });
      const res = await this.call(() => this.api.resolve(conflictId, value, changeId));
      const { state, write } = applyResolution(doc.state, conflictId, res.field.value, res.field.rev);
      await this.write(ctx, sheet, writeBackOps(sheet.read, state, write ? [write] : [], this.stateKey()));
    });
  }

  /** Open conflicts of this unit on the server (also those another colleague's sync raised). */
  async serverConflicts(): Promise<Conflict[]> {
    return (await this.call(() => this.api.conflicts(this.period.id))).conflicts;
  }

  async submit(): Promise<string> {
    return (await this.call(() => this.api.submit(this.period.id))).submittedAt;
  }
}

// ── pure helpers ───────────────────────────────────────────────────────────────────────
function layoutRows(layout: SheetLayout) {
  const cols = fieldColumns(layout);
  return layout.rows
    .filter((r) => r.kind === 'data' && r.measureKey && r.unitId)
    .map((r) => ({ measureKey: r.measureKey!, unitId: r.unitId!, values: Object.fromEntries(cols.map(([f, c]) => [f, r.cells[c]])) as Partial<Record<Field, string>> }));
}

function fieldColumns(layout: SheetLayout): [Field, number][] {
  return layout.columns.flatMap((c, i) => (c.kind === 'field' && c.field && c.editable ? [[c.field, i] as [Field, number]] : []));
}

/**
 * Put unsynced local edits (and conflict values) into a fresh layout, so laying out again never
 * loses typing. Such a field keeps its old base revision in the snapshot and the key cell; every
 * other field takes the server's value and revision.
 */
export function overlayLocalEdits(
  layout: SheetLayout,
  existing: ReadSheet | null,
  old: SyncState,
  entries: { measureKey: string; unitId: string; fields: Partial<Record<Field, { value: string; rev: number }>> }[],
  unitId: string,
): { state: SyncState; kept: number } {
  const state: SyncState = { ...old, snapshot: {}, conflicts: [...old.conflicts] };
  const server = new Map(entries.filter((e) => e.unitId === unitId).map((e) => [rowId(e.measureKey, e.unitId), e.fields]));
  const local = new Map((existing?.rows ?? []).map((r) => [rowId(r.measureKey, r.unitId), r]));
  const cols = fieldColumns(layout);
  const keyCol = layout.columns.findIndex((c) => c.kind === 'key');
  let kept = 0;
  for (const row of layout.rows) {
    if (row.kind !== 'data' || !row.measureKey || !row.unitId) continue;
    const id = rowId(row.measureKey, row.unitId);
    const snap: Partial<Record<Field, FieldSnap>> = {};
    const fields = server.get(id) ?? {};
    const mine = local.get(id);
    for (const [f, c] of cols) {
      const srv: FieldSnap = { v: fields[f]?.value ?? '', r: fields[f]?.rev ?? 0 };
      const before = old.snapshot[id]?.[f];
      const cell = mine?.values[f];
      const inConflict = old.conflicts.some((x) => x.measureKey === row.measureKey && x.unitId === row.unitId && x.field === f);
      const base: FieldSnap | undefined = before ?? (mine ? { v: srv.v, r: mine.key.baseRevs[f] ?? 0 } : undefined);
      const edited = cell !== undefined && base !== undefined && cell !== base.v;
      if (edited || (inConflict && cell !== undefined)) {
        row.cells[c] = cell!;
        snap[f] = inConflict ? srv : base!;
        if (edited && !inConflict) kept++;
      } else {
        row.cells[c] = srv.v;
        snap[f] = srv;
      }
    }
    state.snapshot[id] = snap;
    if (keyCol >= 0) {
      const baseRevs: Partial<Record<Field, number>> = {};
      for (const f of FIELDS) baseRevs[f] = snap[f]?.r ?? 0;
      row.cells[keyCol] = encodeRowKey({ periodId: state.periodId, measureKey: row.measureKey, unitId: row.unitId, baseRevs });
    }
  }
  // Conflicts of rows no longer laid out are dropped (they stay on the server for the office).
  state.conflicts = state.conflicts.filter((c) => state.snapshot[rowId(c.measureKey, c.unitId)]);
  return { state, kept };
}

/** Unsynced edits on rows the new layout no longer has (the measure left the unit's assignments). */
export function orphanedEdits(layout: SheetLayout, existing: ReadSheet | null, state: SyncState | null): number {
  if (!existing) return 0;
  const kept = new Set(layout.rows.filter((r) => r.measureKey && r.unitId).map((r) => rowId(r.measureKey!, r.unitId!)));
  let n = 0;
  for (const row of existing.rows) {
    const id = rowId(row.measureKey, row.unitId);
    if (kept.has(id)) continue;
    for (const f of FIELDS) {
      const v = row.values[f];
      const base = state?.snapshot[id]?.[f]?.v ?? '';
      if (v !== undefined && v !== base) n++;
    }
  }
  return n;
}

function conflictMarks(layout: SheetLayout, state: SyncState): SheetOp[] {
  const cols = new Map(fieldColumns(layout));
  const ops: SheetOp[] = [];
  layout.rows.forEach((row, r) => {
    for (const c of state.conflicts) {
      if (c.measureKey !== row.measureKey || c.unitId !== row.unitId) continue;
      const col = cols.get(c.field);
      if (col !== undefined) ops.push({ op: 'fill', area: { r, c: col, rows: 1, cols: 1 }, color: CONFLICT_FILL });
    }
  });
  return ops;
}

function dedupeWrites(writes: CellWrite[]): CellWrite[] {
  const m = new Map<string, CellWrite>();
  for (const w of writes) m.set(`${rowId(w.measureKey, w.unitId)}|${w.field}`, w);
  return [...m.values()];
}
