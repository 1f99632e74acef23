// The office's cycle view of a period: loads what shared/cycle/status.ts decides on (steps,
// legacy submissions, extensions, closures, liaisons), adds names and the open-conflict count,
// and writes the 催报通知 for the units concerned.
import { liaisonLine } from '../../../shared/cycle/liaison';
import { reminderText } from '../../../shared/cycle/reminder';
import { chaseList, cycleStatus, type CycleStatus } from '../../../shared/cycle/status';
import { DEFAULT_WARN_DAYS } from '../../../shared/cycle/lights';
import { isPast } from '../../../shared/model/deadline';
import type { Plan } from '../../../shared/model/plan';
import { AppError } from '../../../shared/messages';
import type { CycleCtx } from './context';
import { periodOf } from './context';

export async function loadCycle(ctx: CycleCtx, periodId: string) {
  const { store } = ctx;
  const period = await periodOf(store, periodId);
  const planRow = await store.plans.get(period.planId);
  if (!planRow) throw new AppError('UNKNOWN_PERIOD', 404);
  const plan = planRow.plan as Plan;
  const units = await store.units.list();
  const names = new Map(units.map((u) => [u.id, u.shortName || u.name]));
  const reporting = units.filter((u) => u.kind !== 'placeholder_group').map((u) => u.id);
  const assigned = new Set(plan.tasks.flatMap((t) => t.measures.flatMap((m) => m.assignments.map((a) => a.unitId))));
  const unitIds = [...reporting.filter((id) => assigned.has(id)), ...[...assigned].filter((id) => !names.has(id))];
  const [steps, submissions, extensions, closures, liaisons, conflicts] = await Promise.all([
    store.reviews.all(periodId), store.submissions.list(periodId), store.extensions.list(periodId), store.closures.list(period.planId),
    store.liaisons.list(), store.conflicts.list(periodId, { open: true }),
  ]);
  const status = cycleStatus({
    plan, period, unitIds, steps, legacySubmissions: submissions, extensions, closures, liaisons, now: ctx.now(), timeZone: ctx.config.timeZone,
  });
  return { period, plan, planTitle: planRow.title, names, status, openConflicts: conflicts.length };
}

/** The office's pending work in the period: the overview's numbers and the console's badges. */
export const pendingCounts = (c: Awaited<ReturnType<typeof loadCycle>>) => ({ ...c.status.counts, openConflicts: c.openConflicts });

export function cycleView(c: Awaited<ReturnType<typeof loadCycle>>) {
  const { status, names } = c;
  return {
    units: status.units.map((u) => ({
      unitId: u.unitId, unitName: names.get(u.unitId) ?? u.unitId, liaison: u.liaison, liaisonLine: liaisonLine(u.liaison),
      state: u.review.state, signedBy: u.review.signedBy || null, submittedAt: u.review.submittedAt,
      returnReason: u.review.state === 'returned' ? (u.review.lastReturn?.reason ?? null) : null,
      deadline: u.deadline, extensionPending: u.extensionPending, light: u.light, measures: u.measures,
    })),
    measures: status.measures,
    counts: pendingCounts(c),
    warnDays: DEFAULT_WARN_DAYS,
  };
}

/** 催报通知 for the given units (default: the 催报 list — not submitted or returned, something open). */
export function reminderFor(ctx: CycleCtx, c: Awaited<ReturnType<typeof loadCycle>>, unitIds?: readonly string[]) {
  const chosen = (unitIds?.length ? c.status.units.filter((u) => unitIds.includes(u.unitId)) : chaseList(c.status as CycleStatus));
  const now = ctx.now();
  const text = reminderText({
    planTitle: c.planTitle, periodName: c.period.name, now, timeZone: ctx.config.timeZone,
    units: chosen.map((u) => ({
      unitName: c.names.get(u.unitId) ?? u.unitId, liaison: u.liaison, deadline: u.deadline,
      overdue: isPast(u.deadline, now, ctx.config.timeZone),
      returned: u.review.state === 'returned' ? { reason: u.review.lastReturn?.reason ?? '' } : null,
      measures: u.measures.filter((m) => !m.closed && (u.review.state !== 'returned' || m.returnedReason !== null)).map((m) => ({ no: m.measureNo, text: m.text })),
    })),
  });
  return { title: text.split('\n')[0], text, units: chosen.map((u) => u.unitId) };
}
