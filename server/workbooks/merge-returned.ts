// Merging workbooks and Word tables units e-mail back. Each file is read and checked completely
// (format, conversion, file-guard, then grids, then rows and cells decided) before anything is
// written; then its changes go through the one merge path, applyChanges, in one transaction — a
// template's rows with their base revisions, other tables based on the period's start. Each file
// yields a report: the unit and how it was found, what each column was read as and why, merged /
// unchanged / conflicts / unmatched rows, ignored cells with why — nothing filled is dropped silently.
// A file that cannot say whose it is is refused with the candidates, for the office to choose.
import { randomUUID } from 'node:crypto';
import type { FieldChange, MergeFileReport, MergeResponse } from '../../shared/api/contract';
import { AppError, ERRORS } from '../../shared/messages';
import type { Field } from '../../shared/model/progress';
import { decideRow, type BaseValue, type ProposedChange } from '../../shared/workbook/cell-changes';
import { UnitQuestion, type ParsedWorkbook } from '../../shared/workbook/parse-returned';
import { findUnitIn, type UnitRef } from '../../shared/workbook/find-unit';
import { emptyMergeReport } from '../../shared/workbook/merge-report';
import { WHOLE_MEASURE_UNIT } from '../../shared/layout/consolidated-sheet';
import type { AppContext } from '../context';
import type { HistoryFilter, HistoryRow, ReadRepos } from '../store/types';
import type { Actor } from '../services/actor';
import { getPlanIndex, type PlanIndex } from '../services/plans';
import { applyChanges } from '../services/sync';
import { readAndParseReturned } from './read-workbook';
import { returnedContext } from './returned-context';
import { DEFAULT_LIMITS, type GuardLimits } from './file-guard';

export interface ReturnedFile {
  name: string;
  bytes: Uint8Array;
}

export interface MergeInput {
  periodId: string;
  files: ReturnedFile[];
  actor: Actor;
  /** Unit id or name given by the office for files that do not say (or name several units). */
  unit?: string;
  limits?: GuardLimits;
  /** Read, match and decide only; write nothing (benchmarks split the time with it). */
  dryRun?: boolean;
  /** Called after each file (CLI / UI progress). */
  onFile?: (done: number, total: number, report: MergeFileReport) => void;
}

export async function mergeReturnedWorkbooks(ctx: AppContext, input: MergeInput): Promise<MergeResponse> {
  const period = await ctx.store.periods.get(input.periodId);
  if (!period) throw new AppError('UNKNOWN_PERIOD', 404, input.periodId);
  if (input.files.length === 0) throw new AppError('NO_FILES', 400);
  const chosen = input.unit ? await chosenUnit(ctx, input.unit) : undefined;
  const out: MergeFileReport[] = [];
  for (const f of input.files) {
    const report = await mergeOne(ctx, input, f, chosen);
    out.push(report);
    input.onFile?.(out.length, input.files.length, report);
  }
  return { files: out };
}

/** The unit the office named (id, name or short form); a name that is no unit is refused, not ignored. */
async function chosenUnit(ctx: AppContext, named: string): Promise<UnitRef> {
  const units = await ctx.store.units.list();
  const u = units.find((x) => x.id === named) ?? findUnitIn(named, units);
  if (!u) throw new AppError('UNKNOWN_UNIT', 400, named);
  return u;
}

async function mergeOne(ctx: AppContext, input: MergeInput, file: ReturnedFile, chosen: UnitRef | undefined): Promise<MergeFileReport> {
  const period = (await ctx.store.periods.get(input.periodId))!;
  const late = period.state === 'closed';
  const report = emptyMergeReport(file.name, late);
  try {
    const plan = await getPlanIndex(ctx, period.planId);
    const units = await ctx.store.units.list();
    // Who may have sent it: units with measures in this plan (placeholders such as 省有关部门 cannot).
    const senders = units.filter((u) => u.kind !== 'placeholder_group' && (plan.measuresOfUnit.get(u.id)?.length ?? 0) > 0);
    // read and matched in file-guard's worker (file-jobs.ts): the plan goes there as plain data
    const content = await readAndParseReturned(file.bytes, input.limits ?? DEFAULT_LIMITS, returnedContext(plan, senders, file.name, input.periodId, chosen));
    report.format = content.format;
    if (content.convertedFrom) report.convertedFrom = content.convertedFrom;
    if (content.question) throw new UnitQuestion(content.question.code, content.question.details);
    const parsed = content.parsed!;
    if (parsed.sheets.every((x) => x.kind === 'ignored')) throw new AppError('NO_REPORT_TABLE', 400);
    fillFromParsed(report, parsed, units);
    const { changes, where } = await decideAll(ctx, input.periodId, parsed, report, plan);
    if (changes.length > 0 && !input.dryRun) {
      const res = await applyChanges(ctx, { periodId: input.periodId, changes, actor: input.actor, source: 'workbook', late });
      res.results.forEach((r, i) => {
        const w = where[i];
        const base = { sheet: w.sheet, row: w.row, measureNo: w.measureNo, field: w.change.field };
        if (r.outcome === 'accepted' || r.outcome === 'merged')
          report.merged.push({ ...base, measureKey: w.change.measureKey, unitId: w.change.unitId, outcome: r.outcome, ...(r.cleaned ? { cleaned: true } : {}) });
        else if (r.outcome === 'unchanged') report.counts.unchanged++;
        else if (r.outcome === 'conflict')
          report.conflicts.push({ ...base, conflictId: r.conflict!.id, serverValue: r.conflict!.serverValue, mine: r.conflict!.mine });
        else report.rejected.push({ ...base, code: r.reason?.code ?? 'INTERNAL', message: r.reason?.message ?? '' });
      });
    }
    report.ok = true;
  } catch (e) {
    if (e instanceof UnitQuestion) report.error = { code: e.code, message: ERRORS[e.code], status: 400, details: e.details };
    else if (e instanceof AppError) report.error = { code: e.code, message: e.message, status: e.status };
    else {
      ctx.logger.error({ err: e, file: file.name }, 'merge failed');
      report.error = { code: 'INTERNAL', message: ERRORS.INTERNAL, status: 500 };
    }
    // Nothing of this file was written: clear anything collected before the failure.
    const clean = emptyMergeReport(file.name, late);
    clean.error = report.error;
    clean.unitId = report.unitId;
    clean.unitName = report.unitName;
    clean.format = report.format;
    clean.convertedFrom = report.convertedFrom;
    return finish(clean);
  }
  return finish(report);
}

function finish(r: MergeFileReport): MergeFileReport {
  r.counts = {
    merged: r.merged.length,
    unchanged: r.counts.unchanged,
    conflicts: r.conflicts.length,
    unmatchedRows: r.unmatchedRows.length,
    ignoredCells: r.ignoredCells.length,
    rejected: r.rejected.length,
    formulaCells: r.formulaCells.length,
  };
  return r;
}

function fillFromParsed(report: MergeFileReport, parsed: ParsedWorkbook, units: { id: string; name: string }[]) {
  report.kind = parsed.kind;
  if (parsed.unit) {
    report.unitId = parsed.unit.id;
    report.unitName = units.find((u) => u.id === parsed.unit!.id)?.name ?? parsed.unit.id;
    report.unitFrom = parsed.unit.from;
    report.unitEvidence = parsed.unit.evidence;
  }
  report.sheets = parsed.sheets;
  report.unmatchedRows = parsed.unmatchedRows;
  report.ignoredCells = parsed.ignoredCells.map((c) => ({ ...c }));
  report.formulaCells = parsed.formulaCells;
  report.links = parsed.links;
}

interface Where {
  sheet: string;
  row: number;
  measureNo: string;
  change: ProposedChange;
}

/** Per row and cell: what changed against its base (template revision, else the period's start). */
async function decideAll(ctx: AppContext, periodId: string, parsed: ParsedWorkbook, report: MergeFileReport, plan: PlanIndex) {
  // Each unit's history is read for the measures its rows name only: an index seek per measure
  // instead of a scan of the whole period's history per file.
  const keysByUnit = new Map<string, Set<string>>();
  for (const row of parsed.rows) {
    if (row.unitId === WHOLE_MEASURE_UNIT) continue;
    let keys = keysByUnit.get(row.unitId);
    if (!keys) keysByUnit.set(row.unitId, (keys = new Set()));
    keys.add(row.measureKey);
  }
  const history = await unitHistory(ctx, periodId, keysByUnit);
  const changes: FieldChange[] = [];
  const where: Where[] = [];
  for (const row of parsed.rows) {
    const measureNo = plan.measures.get(row.measureKey)?.measure.no ?? '';
    if (row.method !== 'key') report.matches.push({ sheet: row.sheet, row: row.row, measureNo, method: row.method, confidence: row.confidence });
    if (row.unitId === WHOLE_MEASURE_UNIT) {
      for (const c of row.cells) {
        if (c.text.trim()) report.ignoredCells.push({ sheet: row.sheet, cell: c.cell, row: row.row, field: c.field, text: c.text.slice(0, 500), reason: '汇总行不对应具体单位，请在单位行或汇总进展中修改' });
      }
      continue;
    }
    const h = history.get(row.unitId) ?? EMPTY_HISTORY;
    const base = (field: Field): BaseValue => {
      if (row.baseRevs) {
        const rev = row.baseRevs[field] ?? 0;
        const v = h.valueAt(row.measureKey, field, rev);
        // Unknown history for that revision: never treat the cell as unchanged; let the merge rule judge.
        return { rev, value: v ?? '\u0000unknown' };
      }
      const rev = h.startRev(row.measureKey, field);
      return { rev, value: h.valueAt(row.measureKey, field, rev) ?? '' };
    };
    const d = decideRow(row.measureKey, row.unitId, row.cells, base);
    report.counts.unchanged += d.unchanged;
    for (const ig of d.ignored) report.ignoredCells.push({ sheet: row.sheet, cell: ig.cell, row: row.row, field: ig.field, text: ig.text, reason: ig.reason });
    for (const c of d.changes) {
      changes.push({ changeId: `wb-${randomUUID()}`, measureKey: c.measureKey, unitId: c.unitId, field: c.field, baseRev: c.baseRev, value: c.value });
      where.push({ sheet: row.sheet, row: row.row, measureNo, change: c });
    }
  }
  return { changes, where };
}

interface UnitHistory {
  valueAt(m: string, f: Field, rev: number): string | null;
  startRev(m: string, f: Field): number;
}
const EMPTY_HISTORY: UnitHistory = { valueAt: (_m, _f, rev) => (rev === 0 ? '' : null), startRev: () => 0 };

/**
 * The units' history in this period for the measures of the file's rows, read once per file (a
 * few pages per unit instead of one query per cell):
 * the value each field had at each revision (as history.valueAt gives it), and the revision a
 * hand-made table is based on — the period's start: the text carried over into the period (or
 * imported), 0 when the field started empty.
 */
async function unitHistory(ctx: AppContext, periodId: string, keysByUnit: Map<string, Set<string>>): Promise<Map<string, UnitHistory>> {
  const out = new Map<string, UnitHistory>();
  for (const [unitId, keys] of keysByUnit) {
    const at = new Map<string, string>();
    const start = new Map<string, number>();
    for await (const row of historyRows(ctx.store, periodId, { unitId, measureKeys: [...keys] })) {
      const k = `${row.measureKey}\u0000${row.field}`;
      at.set(`${k}\u0000${row.rev}`, row.newValue); // seq order: the latest write of a revision wins
      if (row.source === 'carryover' || row.source === 'import') start.set(k, Math.max(start.get(k) ?? 0, row.rev));
    }
    out.set(unitId, {
      valueAt: (m, f, rev) => (rev === 0 ? '' : (at.get(`${m}\u0000${f}\u0000${rev}`) ?? null)),
      startRev: (m, f) => start.get(`${m}\u0000${f}`) ?? 0,
    });
  }
  return out;
}

/** Every history row matching the filter, in seq order, read page by page. */
async function* historyRows(db: ReadRepos, periodId: string, filter: HistoryFilter): AsyncGenerator<HistoryRow> {
  let after = 0;
  for (;;) {
    const page = await db.history.page(periodId, filter, { after, limit: 5000 });
    yield* page.items;
    if (page.next === null) return;
    after = page.next;
  }
}
