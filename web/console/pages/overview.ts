// 报送概况: per unit (assigned, filled, submitted, last update, overdue), the 催报清单 to copy or
// export, per task, the status distribution and the progress across periods as charts.
import { h } from '../../common/dom';
import { fmtTime } from '../../common/format';
import { DEFAULT_TIME_ZONE, formatDeadline } from '../../../shared/model/deadline';
import { sortableTable, type Column } from '../../common/table';
import type { Ctx } from '../context';
import { chaseCard, reviewCard } from './cycle-cards';
import type { UnitReportStatus, ConsolidatedMeasure } from '../../../shared/api/contract';
import { RollupStatus } from '../../../shared/model/progress';
import { REVIEW_LABELS } from '../../../shared/cycle/labels';
import type { ReviewState } from '../../../shared/cycle/review';

const ROLLUPS = RollupStatus.options;

export async function overviewPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  const period = ctx.period;
  if (!period) {
    root.append(h('h2', {}, '报送概况'), h('div', { class: 'notice' }, '还没有填报期次，请先在“填报期次”中开启一期。'));
    return;
  }
  const [status, consolidated, cycle] = await Promise.all([
    ctx.api.call('reportStatus', { params: { periodId: period.id } }),
    ctx.api.call('consolidated', { params: { periodId: period.id } }),
    ctx.api.call('cycleStatus', { params: { periodId: period.id } }),
  ]);
  ctx.pendingChanged(cycle.counts);
  const units = status.units;
  // The review state (cycle status) decides: a returned unit is not 已报送 until it submits again.
  const reviews = new Map(cycle.units.map((u) => [u.unitId, u.state]));
  const submitted = units.filter((u) => isSubmitted(u, reviews.get(u.unitId))).length;
  const assigned = units.reduce((n, u) => n + u.assigned, 0);
  const filled = units.reduce((n, u) => n + u.filled, 0);
  const overdue = units.filter((u) => u.overdue).length;
  // The 汇总表 lists every assigned unit, placeholders (省有关部门 …) too; they cannot report, so they are not 应填.
  const placeholderRows = consolidated.measures.flatMap((m) => m.units).filter((u) => ctx.units.get(u.unitId)?.kind === 'placeholder_group');
  const placeholderNames = [...new Set(placeholderRows.map((u) => u.unitName))];

  root.append(
    h('h2', {}, `报送概况 · ${period.name}`, period.state === 'closed' ? h('span', { class: 'tag bad', style: 'margin-left:8px' }, '已关闭') : ''),
    h('div', { class: 'muted small', style: 'margin:-6px 0 12px' }, `截止时间：${formatDeadline(period.deadline, ctx.me.timeZone ?? DEFAULT_TIME_ZONE)}`),
    h('div', { class: 'stats' },
      stat('stat-units', units.length, '填报单位'),
      stat('stat-submitted', submitted, '已报送'),
      stat('stat-chase', status.chase.length, '未报送'),
      stat('stat-overdue', overdue, '已逾期'),
      stat('stat-unreviewed', cycle.counts.unreviewed, '待审核'),
      stat('stat-returned', cycle.counts.returned, '已退回'),
      stat('stat-conflicts', cycle.counts.openConflicts, '待处理冲突'),
      stat('stat-extensions', cycle.counts.pendingExtensions, '延期待批'),
      stat('stat-filled', `${filled} / ${assigned}`, '已填条目 / 应填条目'),
      stat('stat-measures', consolidated.measures.length, '举措'),
    ),
    placeholderRows.length
      ? h('div', { class: 'muted small', id: 'count-note', style: 'margin:-6px 0 12px' },
          `应填条目 ${assigned} 条不含待落实的占位单位（${placeholderNames.join('、')}）的 ${placeholderRows.length} 条，汇总表中列出共 ${assigned + placeholderRows.length} 条；请在“单位与访问码”中把占位单位落实为具体单位。`)
      : '',
  );

  // charts: this period's status distribution and the progress across periods
  const pieEl = h('div', { class: 'chart', id: 'chart-status' });
  const barEl = h('div', { class: 'chart', id: 'chart-periods' });
  root.append(h('div', { class: 'grid2' }, h('div', { class: 'card' }, pieEl), h('div', { class: 'card' }, barEl)));

  root.append(reviewCard(ctx, cycle, () => ctx.refresh()));
  root.append(chaseCard(ctx, cycle, status.units, period.name));
  root.append(h('div', { class: 'card' }, h('h3', { style: 'margin-top:0' }, '各单位报送情况'), h('div', { class: 'scroll' }, unitTable(units, reviews))));
  root.append(h('div', { class: 'card' }, h('h3', { style: 'margin-top:0' }, '各项任务进展'), h('div', { class: 'scroll' }, taskTable(consolidated.measures))));

  // draw once the elements are on the page (ECharts needs their size)
  // ECharts is a separate chunk, loaded once the numbers are on screen.
  void import(/* webpackChunkName: "charts" */ '../charts').then(({ pieChart, stackedBar }) => {
    const counts = countRollups(consolidated.measures);
    pieChart(pieEl, '本期举措汇总状态', ROLLUPS.map((s) => ({ name: s, value: counts[s] })).filter((d) => d.value > 0));
    void drawAcrossPeriods(ctx, barEl, period.planId, period.id, counts, stackedBar);
  });
}

function stat(id: string, value: string | number, label: string): HTMLElement {
  return h('div', { class: 'stat', id }, h('b', {}, String(value)), h('span', {}, label));
}

function countRollups(measures: ConsolidatedMeasure[]): Record<RollupStatus, number> {
  const counts = Object.fromEntries(ROLLUPS.map((s) => [s, 0])) as Record<RollupStatus, number>;
  for (const m of measures) counts[m.rollup]++;
  return counts;
}

async function drawAcrossPeriods(ctx: Ctx, el: HTMLElement, planId: string, currentId: string, current: Record<RollupStatus, number>, stackedBar: typeof import('../charts').stackedBar): Promise<void> {
  const periods = ctx.periods.filter((p) => p.planId === planId).slice(-8);
  const rows = await Promise.all(
    periods.map(async (p) => {
      if (p.id === currentId) return current;
      try {
        return countRollups((await ctx.api.call('consolidated', { params: { periodId: p.id } })).measures);
      } catch {
        return null;
      }
    }),
  );
  const shown = periods.map((p, i) => ({ p, c: rows[i] })).filter((x) => x.c !== null) as { p: (typeof periods)[number]; c: Record<RollupStatus, number> }[];
  const pct = (c: Record<RollupStatus, number>, s: RollupStatus) => {
    const total = ROLLUPS.reduce((n, k) => n + c[k], 0);
    return total ? Math.round((c[s] / total) * 1000) / 10 : 0;
  };
  stackedBar(
    el,
    '各期举措进展（占比）',
    shown.map((x) => x.p.name),
    ROLLUPS.map((s) => ({ name: s, data: shown.map((x) => pct(x.c, s)) })),
    { percent: true },
  );
}

function isSubmitted(u: UnitReportStatus, review: ReviewState | undefined): boolean {
  return review ? review === 'submitted' || review === 'approved' : u.submitted;
}

/** The 报送 cell: 已报送 (or 已通过) with its time, 已退回 in red, else 未报送. */
function submittedCell(u: UnitReportStatus, review: ReviewState | undefined): HTMLElement {
  if (review === 'returned') return h('span', { class: 'tag bad' }, REVIEW_LABELS.returned);
  if (!isSubmitted(u, review)) return h('span', { class: 'tag' }, '未报送');
  const label = review === 'approved' ? REVIEW_LABELS.approved : '已报送';
  return h('span', {}, h('span', { class: 'tag ok' }, label), ' ', h('span', { class: 'muted small' }, fmtTime(u.submittedAt)), u.changedAfterSubmit ? h('span', { class: 'tag warn', style: 'margin-left:4px' }, '报送后有修改') : '');
}

function unitTable(units: UnitReportStatus[], reviews: ReadonlyMap<string, ReviewState>): HTMLTableElement {
  const cols: Column<UnitReportStatus>[] = [
    { label: '单位', value: (u) => u.unitName },
    { label: '应填', value: (u) => u.assigned, num: true },
    { label: '已填', value: (u) => u.filled, num: true },
    { label: '填报率', value: (u) => (u.assigned ? u.filled / u.assigned : 0), num: true, render: (u) => (u.assigned ? `${Math.round((u.filled / u.assigned) * 100)}%` : '—') },
    {
      label: '报送',
      value: (u) => (isSubmitted(u, reviews.get(u.unitId)) ? 1 : 0),
      render: (u) => submittedCell(u, reviews.get(u.unitId)),
    },
    { label: '最后更新', value: (u) => u.lastUpdate ?? '', render: (u) => fmtTime(u.lastUpdate) },
    { label: '逾期', value: (u) => (u.overdue ? 1 : 0), render: (u) => (u.overdue ? h('span', { class: 'tag bad' }, '逾期') : '') },
    { label: '联系人/电话', value: (u) => u.contact },
  ];
  const table = sortableTable(cols, units, { id: 'unit-status', rowKey: (u) => u.unitId });
  return table;
}

interface TaskRow {
  no: string;
  title: string;
  measures: number;
  entries: number;
  filled: number;
  counts: Record<RollupStatus, number>;
}

function taskTable(measures: ConsolidatedMeasure[]): HTMLTableElement {
  const byTask = new Map<string, TaskRow>();
  for (const m of measures) {
    let t = byTask.get(m.taskNo);
    if (!t) {
      t = { no: m.taskNo, title: m.taskTitle, measures: 0, entries: 0, filled: 0, counts: Object.fromEntries(ROLLUPS.map((s) => [s, 0])) as Record<RollupStatus, number> };
      byTask.set(m.taskNo, t);
    }
    t.measures++;
    t.counts[m.rollup]++;
    for (const u of m.units) {
      t.entries++;
      if (u.status || u.progress || u.problems || u.nextSteps || u.contact) t.filled++;
    }
  }
  const cols: Column<TaskRow>[] = [
    { label: '序号', value: (t) => Number(t.no) || t.no, num: true },
    { label: '主要任务', value: (t) => t.title },
    { label: '举措', value: (t) => t.measures, num: true },
    { label: '已填/应填', value: (t) => (t.entries ? t.filled / t.entries : 0), render: (t) => `${t.filled}/${t.entries}`, num: true },
    ...ROLLUPS.map((s): Column<TaskRow> => ({ label: s, value: (t) => t.counts[s], num: true, render: (t) => (t.counts[s] ? h('span', { class: `tag s-${s}` }, String(t.counts[s])) : '') })),
  ];
  return sortableTable(cols, [...byTask.values()], { id: 'task-status' });
}

