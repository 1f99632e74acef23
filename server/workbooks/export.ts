// Building what the office downloads: the consolidated table (.xlsx streamed with exceljs'
// WorkbookWriter, the HTML print view, its PDF, the .docx), offline templates per unit and as one
// .zip. Every rendering draws the one layout model (shared/layout), built from what /consolidated
// shows: for a closed period the snapshot frozen at closing (what was printed), the current state
// with late merges labelled only when asked for (?live=1).
import type { Writable } from 'node:stream';
import type { ExportQuery } from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import { assignmentsForUnit } from '../../shared/model/unit-assignments';
import type { Entry, Period } from '../../shared/model/progress';
import type { Unit } from '../../shared/model/plan';
import { asOfDate, buildConsolidatedSheet, type ConsolidatedFilter, type ConsolidatedSheetInput } from '../../shared/layout/consolidated-sheet';
import { consolidatedFileName as fileName, officeDate } from '../../shared/layout/file-names';
import { lateEntries } from '../../shared/layout/late-changes';
import { buildUnitSheet, type UnitSheetInput } from '../../shared/layout/unit-sheet';
import { closureOf } from '../../shared/cycle/closure';
import { entryKey } from '../../shared/model/consolidate';
import type { MarkedRun, PageNumbers, PaperSize, SheetLayout } from '../../shared/layout/model';
import { newTextKey } from '../../shared/cycle/new-text';
import { returnedReason, reviewOf } from '../../shared/cycle/review';
import { onlyReviewed } from '../../shared/cycle/reviewed-only';
import { compareWithPrevious } from '../services/cycle/compare';
import { layoutHtml, renderExport, templateXlsxBytes, writeLayoutXlsx, type LayoutSource } from './export-render';
import type { AppContext } from '../context';
import { CONSOLE_ACTOR } from '../services/actor';
import { getPlanIndex } from '../services/plans';
import { consolidatedFor } from '../services/reports';

export interface ExportOptions {
  paper: PaperSize;
  mode: 'rows' | 'summary';
  filter: ConsolidatedFilter;
  /** A closed period: the current state, entries changed since closing labelled (default: the snapshot). */
  live?: boolean;
  attachment?: string;
  pageNumbers?: PageNumbers;
  /** 对比上期: the sentences new since the previous period marked. */
  compare?: boolean;
  /** Only approved (通过) submissions' text; other units' rows kept, marked 未审核 (shared/cycle/reviewed-only.ts). */
  reviewed?: boolean;
}

const yes = (v: string | undefined) => v === '1' || v === 'true';

/** Query (?paper=A4&mode=summary&unit=…&tasks=1,2&lagging=1&live=1&attachment=附件2&pageNumbers=center) → options. */
export function exportOptions(q: Partial<ExportQuery>): ExportOptions {
  const tasks = (q.tasks ?? '')
    .split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    paper: q.paper === 'A4' ? 'A4' : 'A3',
    mode: q.mode === 'summary' ? 'summary' : 'rows',
    filter: {
      unitId: q.unit || undefined,
      taskNos: tasks.length ? tasks : undefined,
      onlyLagging: yes(q.lagging),
    },
    live: yes(q.live),
    attachment: q.attachment?.trim() || undefined,
    pageNumbers: q.pageNumbers,
    compare: yes(q.compare),
    reviewed: yes(q.reviewed),
  };
}

export async function requirePeriodOf(ctx: AppContext, periodId: string): Promise<Period> {
  const p = await ctx.store.periods.get(periodId);
  if (!p) throw new AppError('UNKNOWN_PERIOD', 404, periodId);
  return p;
}

export async function consolidatedLayout(ctx: AppContext, periodId: string, opts: ExportOptions): Promise<SheetLayout> {
  return buildConsolidatedSheet(await consolidatedSheetInput(ctx, periodId, opts));
}

/** What the consolidated layout is built from (read from the store here; laid out in the export worker). */
export async function consolidatedSheetInput(ctx: AppContext, periodId: string, opts: ExportOptions): Promise<ConsolidatedSheetInput> {
  await requirePeriodOf(ctx, periodId);
  if (opts.filter.unitId && !(await ctx.store.units.get(opts.filter.unitId))) throw new AppError('UNKNOWN_UNIT', 400, opts.filter.unitId);
  // The same data /consolidated shows (the office's view): a closed period's snapshot unless live is asked for.
  const shown = await consolidatedFor(ctx, periodId, CONSOLE_ACTOR, { live: opts.live });
  await yieldToOthers(); // the store answers at once: the reads below would run on as one block
  const { period } = shown;
  const late = opts.live && period.state === 'closed' ? lateEntries((await consolidatedFor(ctx, periodId, CONSOLE_ACTOR)).measures, shown.measures) : undefined;
  const closures = await ctx.store.closures.list(period.planId);
  const closed = new Set(shown.measures.flatMap((m) => m.units.filter((u) => closureOf(closures, m.measureKey, u.unitId)).map((u) => entryKey(m.measureKey, u.unitId))));
  const reviewed = opts.reviewed ? onlyReviewed(shown.measures, await approvedUnits(ctx, periodId)) : null;
  return {
    planTitle: shown.planTitle,
    closed,
    period,
    measures: reviewed?.measures ?? shown.measures,
    unreviewed: reviewed?.unreviewed,
    compare: opts.compare ? await comparison(ctx, periodId) : undefined,
    paper: opts.paper,
    mode: opts.mode,
    filter: opts.filter,
    asOf: asOfDate(period, officeDate(ctx.now())),
    attachment: opts.attachment,
    pageNumbers: opts.pageNumbers,
    late,
    // the office's own file: not sheet-protected (only units' templates are)
    protect: false,
  };
}

const yieldToOthers = () => new Promise<void>((r) => setImmediate(r));

/** The units whose submission the office approved (通过). */
async function approvedUnits(ctx: AppContext, periodId: string): Promise<Set<string>> {
  const approved = new Set<string>();
  for (const [unitId, steps] of await ctx.store.reviews.all(periodId)) if (reviewOf(steps).state === 'approved') approved.add(unitId);
  return approved;
}

/** 本期 vs 上期 for the print: every entry field's pieces; with no previous period nothing is marked. */
async function comparison(ctx: AppContext, periodId: string): Promise<{ previousName: string | null; pieces: Map<string, MarkedRun[]> }> {
  const cmp = await compareWithPrevious(ctx, periodId, CONSOLE_ACTOR);
  const pieces = new Map<string, MarkedRun[]>();
  if (cmp.previous) for (const r of cmp.rows) pieces.set(newTextKey(r.measureKey, r.unitId, r.field), r.pieces);
  return { previousName: cmp.previous?.name ?? null, pieces };
}

/** Streams the consolidated .xlsx into `stream` (rows committed as written). */
export async function writeConsolidatedXlsx(ctx: AppContext, periodId: string, opts: ExportOptions, stream: Writable): Promise<void> {
  const layout = await consolidatedLayout(ctx, periodId, opts);
  await writeLayoutXlsx(layout, stream);
}

export { writeLayoutXlsx };

/** The period's name and the office's date of today: 落实情况汇总表-2026年下半年-2026-12-31.xlsx. */
export async function consolidatedFileName(ctx: AppContext, periodId: string, ext: string, opts?: Pick<ExportOptions, 'mode'>): Promise<string> {
  return fileName((await requirePeriodOf(ctx, periodId)).name, ext, officeDate(ctx.now()), opts?.mode);
}

export async function printHtml(ctx: AppContext, periodId: string, opts: ExportOptions): Promise<string> {
  return layoutHtml(await consolidatedLayout(ctx, periodId, opts));
}

// ── offline templates ──────────────────────────────────────────────────────
/** Units that report in this period's plan (placeholder groups still to be resolved cannot). */
export async function reportingUnits(ctx: AppContext, periodId: string): Promise<Unit[]> {
  const period = await requirePeriodOf(ctx, periodId);
  const plan = await getPlanIndex(ctx, period.planId);
  const out: Unit[] = [];
  for (const unitId of plan.measuresOfUnit.keys()) {
    const u = await ctx.store.units.get(unitId);
    if (u && !u.needsResolution && u.kind !== 'placeholder_group') out.push(u);
  }
  return out;
}

/** `entries`: the period's entries when the caller already has them (all templates at once). */
export async function templateLayout(ctx: AppContext, periodId: string, unitId: string, paper: PaperSize = 'A3', entries?: Entry[]): Promise<SheetLayout> {
  return buildUnitSheet(await templateSheetInput(ctx, periodId, unitId, paper, entries));
}

/** What a unit's template is built from (read from the store here; laid out in the export worker). */
export async function templateSheetInput(ctx: AppContext, periodId: string, unitId: string, paper: PaperSize = 'A3', entries?: Entry[]): Promise<UnitSheetInput> {
  const period = await requirePeriodOf(ctx, periodId);
  const plan = await getPlanIndex(ctx, period.planId);
  const unit = await ctx.store.units.get(unitId);
  if (!unit) throw new AppError('UNKNOWN_UNIT', 404, unitId);
  const assignments = assignmentsForUnit(plan.plan, unitId);
  if (assignments.length === 0) throw new AppError('NOT_ASSIGNED', 404, unit.name);
  const mine = (entries ?? (await ctx.store.entries.list(periodId))).filter((e) => e.unitId === unitId);
  const closures = await ctx.store.closures.list(period.planId);
  const closed = new Set(assignments.filter((a) => closureOf(closures, a.measureKey, unitId)).map((a) => a.measureKey));
  // while the office's 退回 is in force the template says what to fix where
  const review = reviewOf(await ctx.store.reviews.steps(periodId, unitId));
  const returned = new Map(assignments.flatMap((a) => {
    const reason = returnedReason(review, a.measureKey);
    return reason ? [[a.measureKey, reason] as const] : [];
  }));
  return { planTitle: plan.title, period, unit, assignments, entries: mine, paper, closed, returned };
}

export async function templateBuffer(ctx: AppContext, periodId: string, unitId: string, paper: PaperSize = 'A3', entries?: Entry[]): Promise<Buffer> {
  return templateXlsxBytes(await templateLayout(ctx, periodId, unitId, paper, entries));
}

export async function templateFileName(ctx: AppContext, periodId: string, unitId: string): Promise<string> {
  const period = await requirePeriodOf(ctx, periodId);
  const unit = await ctx.store.units.get(unitId);
  return `${unit?.name ?? unitId}-${period.name}-填报表.xlsx`;
}

/** Every reporting unit's template layout with its file name: what templates.zip holds (rendered by export-render.ts). */
export async function templatesZipFiles(ctx: AppContext, periodId: string, paper: PaperSize = 'A3'): Promise<{ name: string; source: LayoutSource }[]> {
  const entries = await ctx.store.entries.list(periodId);
  const files: { name: string; source: LayoutSource }[] = [];
  for (const u of await reportingUnits(ctx, periodId)) {
    files.push({ name: await templateFileName(ctx, periodId, u.id), source: { unit: await templateSheetInput(ctx, periodId, u.id, paper, entries) } });
    await yieldToOthers(); // the store answers at once: let other requests in between units
  }
  return files;
}

/** All reporting units' templates in one .zip, rendered here (the service renders in its worker: export-pool.ts). */
export async function templatesZip(ctx: AppContext, periodId: string, paper: PaperSize = 'A3'): Promise<Buffer> {
  return Buffer.from(await renderExport({ kind: 'templates-zip', files: await templatesZipFiles(ctx, periodId, paper) }));
}

/** RFC 5987 Content-Disposition for Chinese file names. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
