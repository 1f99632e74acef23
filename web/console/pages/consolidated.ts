// 汇总表: every (measure, unit) entry of the period with the printed table's columns (one column
// list, shared/layout/consolidated-columns.ts), tasks as group rows, filtered by unit (full names,
// plan order), task and status; an entry's history (who, when, source, old → new); the office's
// 汇总进展 per measure. Fits 1366 px: fixed column widths in the printed proportions, text wraps.
// A closed period shows what was frozen at closing; late merges only on request, marked 补报.
import type { z } from 'zod';
import { h, clear } from '../../common/dom';
import { fmtTime } from '../../common/format';
import { dialog, busy, toast } from '../../common/ui';
import { autoGrow } from '../../common/autogrow';
import type { Ctx } from '../context';
import type { ConsolidatedMeasure, ConsolidatedResponse, ConsolidatedUnitRow, HistoryItem, HistoryResponse } from '../../../shared/api/contract';
import { FIELD_LABELS, STATUSES } from '../../../shared/model/progress';
import { CONSOLIDATED_COLUMNS, LATE_LABEL, type ConsolidatedColumn } from '../../../shared/layout/consolidated-columns';
import { lateEntries } from '../../../shared/layout/late-changes';
import { entryKey } from '../../../shared/model/consolidate';
import { newTextKey, type Piece } from '../../../shared/cycle/new-text';
import { compareText, CYCLE_TEXT, REVIEW_STEP_LABELS } from '../../../shared/cycle/labels';
import { entryTimeline, type EntryEvent } from '../../../shared/cycle/entry-history';
import type { ReviewStep } from '../../../shared/cycle/review';
import type { UnitReviewResponse } from '../../../shared/api/cycle';
import { entryEvidence, evidenceByEntry, evidenceZipButton, type Evidence } from './entry-evidence';

export const SOURCE_LABELS: Record<string, string> = {
  addin: 'Excel 加载项',
  workbook: '回收工作簿',
  console: '协调办公室',
  fill: '网页填报',
  carryover: '上期结转',
  import: '导入',
};

type UnitReviewStep = z.infer<typeof UnitReviewResponse>['steps'][number];

/** The printed columns the screen shows as columns: 序号/主要任务 become group rows, 汇总进展 sits under the measure. */
const SCREEN_COLUMNS = CONSOLIDATED_COLUMNS.rows.filter((c) => c.spanBy !== 'task' && c.id !== 'summary');
/** Screen-only columns, in the same width units. */
const EXTRA = [
  { label: FIELD_LABELS.contact, width: 13 },
  { label: '更新时间', width: 10 },
];

export async function consolidatedPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  if (!ctx.period) {
    root.append(h('div', { class: 'notice' }, '还没有填报期次。'));
    return;
  }
  const period = ctx.period;
  const closed = period.state === 'closed';
  const [first, evidence] = await Promise.all([ctx.api.call('consolidated', { params: { periodId: period.id } }), evidenceByEntry(ctx, period.id)]);
  let data = first;
  const frozen = data;
  let late = new Set<string>();

  // units by full name, in plan order (first listed first)
  const unitSel = h('select', { id: 'f-unit', 'aria-label': '单位' }, h('option', { value: '' }, '全部单位'));
  const seen = new Set<string>();
  for (const m of data.measures)
    for (const u of m.units) {
      if (seen.has(u.unitId)) continue;
      seen.add(u.unitId);
      unitSel.append(h('option', { value: u.unitId }, ctx.units.get(u.unitId)?.name ?? u.unitName));
    }
  const taskSel = h('select', { id: 'f-task', 'aria-label': '任务' }, h('option', { value: '' }, '全部任务'));
  const tasks = new Map<string, string>();
  for (const m of data.measures) tasks.set(m.taskNo, m.taskTitle);
  for (const [no, title] of tasks) taskSel.append(h('option', { value: no }, `${no}. ${title}`));
  const statusSel = h('select', { id: 'f-status', 'aria-label': '完成状态' }, h('option', { value: '' }, '全部状态'), h('option', { value: '-' }, '未填报'), STATUSES.map((s) => h('option', { value: s }, s)));
  const liveBox = h('input', { type: 'checkbox', id: 'f-live' });
  const compareBox = h('input', { type: 'checkbox', id: 'f-compare' });
  const compareNote = h('span', { class: 'muted small', id: 'f-compare-note' });
  /** 本期 vs 上期 once asked for: each entry field's pieces (newTextKey). */
  let pieces: Map<string, Piece[]> | null = null;
  const count = h('span', { class: 'muted small', id: 'f-count' });
  const body = h('div', { class: 'scroll' });

  root.append(
    h('h2', {}, `汇总表 · ${data.planTitle} · ${period.name}`),
    closed ? h('div', { class: 'muted small', style: 'margin:-6px 0 10px' }, '本期已关闭：显示关闭时的汇总表（与打印、导出一致）。') : '',
    h('div', { class: 'card row' }, unitSel, taskSel, statusSel, closed ? h('label', { class: 'small' }, liveBox, ' 显示关闭后补报的内容') : '', h('label', { class: 'small' }, compareBox, ' 对比上期'), compareNote, count, h('span', { class: 'spacer' }), evidenceZipButton(ctx, period.id, period.name)),
    body,
  );
  for (const sel of [unitSel, taskSel, statusSel]) sel.addEventListener('change', draw);
  liveBox.addEventListener('change', async () => {
    if (liveBox.checked) {
      const live = await busy(null, () => ctx.api.call('consolidated', { params: { periodId: period.id }, query: { live: '1' } }));
      if (!live) return void (liveBox.checked = false);
      data = live;
      late = lateEntries(frozen.measures, live.measures);
    } else {
      data = frozen;
      late = new Set();
    }
    draw();
  });
  compareBox.addEventListener('change', async () => {
    if (compareBox.checked && !pieces) {
      const cmp = await busy(null, () => ctx.api.call('compare', { params: { periodId: period.id } }));
      if (!cmp) return void (compareBox.checked = false);
      pieces = new Map(cmp.previous ? cmp.rows.map((r) => [newTextKey(r.measureKey, r.unitId, r.field), r.pieces]) : []);
      compareNote.dataset.previous = cmp.previous?.name ?? '';
    }
    compareNote.textContent = compareBox.checked ? compareText(compareNote.dataset.previous || null) : '';
    draw();
  });
  draw();

  function draw(): void {
    const unit = unitSel.value;
    const task = taskSel.value;
    const status = statusSel.value;
    const keep = (u: ConsolidatedUnitRow) => (!unit || u.unitId === unit) && (!status || (status === '-' ? u.status === '' : u.status === status));
    const rows = data.measures.filter((m) => !task || m.taskNo === task).map((m) => ({ m, units: m.units.filter(keep) })).filter((x) => x.units.length > 0);
    count.textContent = countText(ctx, rows.map((x) => x.units).flat(), rows.length, late.size);
    clear(body);
    if (!rows.length) return void body.append(h('div', { class: 'muted', style: 'padding:16px' }, '没有符合条件的填报。'));
    body.append(table({ ctx, periodId: period.id, late, pieces: compareBox.checked ? pieces : null, evidence }, data, rows));
  }
}

/** "共 31 项举措，137 条填报（其中 3 条是待落实的占位单位，如“省有关部门”，不计入报送概况的应填条目）". */
function countText(ctx: Ctx, units: ConsolidatedUnitRow[], measures: number, late: number): string {
  const placeholders = units.filter((u) => ctx.units.get(u.unitId)?.kind === 'placeholder_group');
  const names = [...new Set(placeholders.map((u) => u.unitName))];
  const ph = placeholders.length
    ? `（其中 ${placeholders.length} 条属待落实的占位单位“${names.slice(0, 2).join('”“')}”${names.length > 2 ? '等' : ''}，须在“单位与访问码”中落实为具体单位，不计入报送概况的应填条目）`
    : '';
  return `共 ${measures} 项举措，${units.length} 条填报${ph}${late ? `；关闭后补报 ${late} 条（标“补报”）` : ''}`;
}

/** What the table's cells draw from besides the rows. */
interface View {
  ctx: Ctx;
  periodId: string;
  late: Set<string>;
  /** 本期 vs 上期 when shown: each entry field's pieces (newTextKey). */
  pieces: Map<string, Piece[]> | null;
  /** 佐证材料 by entry (entryKey). */
  evidence: Map<string, Evidence[]>;
}

function table(v: View, data: ConsolidatedResponse, rows: { m: ConsolidatedMeasure; units: ConsolidatedUnitRow[] }[]): HTMLElement {
  const widths = [...SCREEN_COLUMNS.map((c) => c.widths.A3), ...EXTRA.map((c) => c.width)];
  const total = widths.reduce((s, w) => s + w, 0);
  const ncol = widths.length;
  const tbody = h('tbody');
  let lastTask = '';
  for (const { m, units } of rows) {
    if (m.taskNo !== lastTask) {
      lastTask = m.taskNo;
      tbody.append(h('tr', { class: 'task-row' }, h('th', { colspan: String(ncol), scope: 'colgroup' }, `${m.taskNo}　${m.taskTitle}`)));
    }
    units.forEach((u, i) => {
      const marks = { late: v.late.has(entryKey(m.measureKey, u.unitId)) };
      const tr = h('tr', { 'data-measure': m.measureKey, 'data-unit': u.unitId, class: marks.late ? 'late' : '' });
      for (const c of SCREEN_COLUMNS) {
        if (c.spanBy === 'measure' && i > 0) continue;
        const attrs = c.spanBy === 'measure' ? { rowspan: String(units.length) } : {};
        tr.append(h('td', { ...attrs, class: [c.align === 'center' ? 'center' : '', `c-${c.id}`].filter(Boolean).join(' ') }, cell(v, c, m, u, marks)));
      }
      tr.append(h('td', {}, u.contact), h('td', { class: 'small' }, fmtTime(u.updatedAt)));
      tbody.append(tr);
    });
  }
  return h('table', { class: 'data fit', id: 'consolidated', 'aria-label': `${data.planTitle}汇总表` },
    h('colgroup', {}, widths.map((w) => h('col', { style: `width:${((w / total) * 100).toFixed(2)}%` }))),
    h('thead', {}, h('tr', {}, [...SCREEN_COLUMNS.map((c) => c.label), ...EXTRA.map((c) => c.label)].map((t) => h('th', {}, t)))),
    tbody,
  );
}

/** One cell: the column's value, with the screen's extras (status tags, 牵头, 历史, the office's summary). */
function cell(v: View, c: ConsolidatedColumn, m: ConsolidatedMeasure, u: ConsolidatedUnitRow, marks: { late: boolean }): Node | string {
  const { ctx, periodId } = v;
  const value = c.value(m, u, marks);
  const marked = c.field && v.pieces?.get(newTextKey(m.measureKey, u.unitId, c.field));
  // the pieces must still spell what is shown (a closed period's snapshot may differ: then unmarked)
  if (marked && marked.some((p) => p.isNew) && marked.map((p) => p.text).join('') === value)
    return h('div', { class: 'pre' }, marked.map((p) => (p.isNew ? h('u', { class: 'new-text' }, p.text) : p.text)));
  switch (c.id) {
    case 'measure':
      return h('div', {}, h('div', { class: 'pre' }, value), summaryBlock(ctx, periodId, m));
    case 'rollup':
      return h('span', { class: `tag s-${m.rollup}` }, value);
    case 'status':
      return value ? h('span', { class: `tag s-${value}` }, value) : h('span', { class: 'muted' }, '—');
    case 'units':
      return h('div', {},
        u.unitName,
        marks.late ? h('span', { class: 'tag warn', style: 'margin-left:4px' }, LATE_LABEL.replace(/[（）]/g, '')) : '',
        h('div', { class: 'muted small' }, u.role === 'lead' ? '牵头 ' : '', h('button', { class: 'link history', onclick: () => void showHistory(ctx, periodId, m, u) }, '历史')),
        entryEvidence(ctx, { periodId, measureKey: m.measureKey, measureNo: m.measureNo, unitId: u.unitId, unitName: u.unitName, files: v.evidence.get(entryKey(m.measureKey, u.unitId)) ?? [] }),
      );
    default:
      return h('div', { class: 'pre' }, value);
  }
}

function summaryBlock(ctx: Ctx, periodId: string, m: ConsolidatedMeasure): HTMLElement {
  const text = h('div', { class: 'pre summary-text' }, m.summary || '');
  const box = h('div', { style: 'margin-top:6px; border-top:1px dashed #ddd; padding-top:4px' },
    h('div', { class: 'muted small' }, '汇总进展（协调办公室）', h('button', { class: 'link edit-summary', onclick: () => edit() }, m.summary ? '修改' : '撰写')),
    text,
  );
  function edit(): void {
    const ta = autoGrow(h('textarea', { id: 'summary-input', rows: 12, style: 'width:100%; min-height:200px' }, m.summary));
    dialog(`汇总进展 · ${m.measureNo}`, h('div', {},
      h('div', { class: 'muted small pre', style: 'margin-bottom:8px' }, m.measureText),
      h('div', { class: 'composer' }, unitEntries(m, ta), h('div', { class: 'composer-box' }, h('h4', {}, '汇总进展（协调办公室）'), ta)),
    ), [
      { label: '取消' },
      {
        label: '保存',
        primary: true,
        onClick: async () => {
          const ok = await busy(null, () => ctx.api.call('summary', { params: { periodId }, body: { measureKey: m.measureKey, text: ta.value } }));
          if (!ok) return true;
          m.summary = ta.value;
          text.textContent = ta.value;
          toast('汇总进展已保存。', 'ok');
        },
      },
    ]);
  }
  return box;
}

/** Beside the 汇总进展 box: what each unit reported for the measure (read-only), each with a button that quotes its 进展情况 into the box. */
function unitEntries(m: ConsolidatedMeasure, ta: HTMLTextAreaElement): HTMLElement {
  const field = (label: string, text: string) => (text ? h('div', { class: 'small' }, h('span', { class: 'muted' }, `${label}：`), h('span', { class: 'pre' }, text)) : '');
  const quote = (u: ConsolidatedUnitRow) => {
    const line = `${u.unitName}：${u.progress}`;
    const at = ta.selectionStart ?? ta.value.length;
    const before = ta.value.slice(0, at);
    const gap = before && !before.endsWith('\n') ? '\n' : '';
    ta.value = `${before}${gap}${line}${ta.value.slice(ta.selectionEnd ?? at)}`;
    ta.dispatchEvent(new Event('input')); // autoGrow
    ta.focus();
    ta.selectionStart = ta.selectionEnd = before.length + gap.length + line.length;
  };
  return h('div', { class: 'composer-units', id: 'summary-units' },
    h('h4', {}, `各单位填报（${m.units.length}）`),
    m.units.map((u) => h('div', { class: 'composer-unit', 'data-unit': u.unitId },
      h('div', { class: 'row', style: 'justify-content:space-between' },
        h('strong', {}, u.unitName, u.role === 'lead' ? h('span', { class: 'muted small' }, '（牵头）') : ''),
        u.status ? h('span', { class: `tag s-${u.status}` }, u.status) : u.progress || u.problems || u.nextSteps ? '' : h('span', { class: 'muted small' }, '未填报'),
      ),
      field(FIELD_LABELS.progress, u.progress),
      field(FIELD_LABELS.problems, u.problems),
      field(FIELD_LABELS.nextSteps, u.nextSteps),
      u.progress ? h('button', { class: 'link quote-unit', title: '把该单位的进展情况引用到汇总进展', onclick: () => quote(u) }, '引用进展') : '',
    )),
  );
}

async function showHistory(ctx: Ctx, periodId: string, m: ConsolidatedMeasure, u: ConsolidatedUnitRow): Promise<void> {
  const res = await busy(null, () => Promise.all([entryChanges(ctx, periodId, m.measureKey, u.unitId), ctx.api.call('unitReview', { params: { periodId }, query: { unit: u.unitId } })]));
  if (!res) return;
  const [history, review] = res;
  const items = history.items.filter((i) => i.measureKey === m.measureKey && i.unitId === u.unitId).sort((a, b) => a.seq - b.seq);
  dialog(`修改历史 · ${m.measureNo} · ${u.unitName}`, h('div', {},
    historyTable(entryTimeline(items, review.steps.map(stepOf), m.measureKey)),
    history.more ? h('div', { class: 'muted small', id: 'history-more' }, `修改记录较多，只显示了最早的 ${items.length} 条。`) : '',
  ));
}

const HISTORY_PAGES = 10;

/** The entry's changes page by page (the service never cuts a page silently: `next`), at most HISTORY_PAGES pages. */
async function entryChanges(ctx: Ctx, periodId: string, measure: string, unit: string): Promise<{ items: HistoryItem[]; more: boolean }> {
  const items: HistoryItem[] = [];
  let after: number | null = null;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const res: HistoryResponse = await ctx.api.call('history', { params: { periodId }, query: { measure, unit, ...(after === null ? {} : { after: String(after) }) } });
    items.push(...res.items);
    if (res.next === null) return { items, more: false };
    after = res.next;
  }
  return { items, more: true };
}

/** A step as the review API sends it, as shared/cycle/review.ts records it. */
function stepOf(s: UnitReviewStep): ReviewStep {
  if (s.kind === 'submit') return { kind: 'submit', at: s.at, by: s.by, signedBy: s.signedBy ?? '' };
  if (s.kind === 'approve') return { kind: 'approve', at: s.at, by: s.by };
  return { kind: 'return', at: s.at, by: s.by, reason: s.reason ?? '', measureKeys: s.measureKeys ?? [] };
}

/** The entry's changes and review steps, newest first (shared/cycle/entry-history.ts). */
export function historyTable(events: EntryEvent<HistoryItem>[]): HTMLElement {
  if (!events.length) return h('div', { class: 'muted' }, '暂无修改记录。');
  return h('table', { class: 'data', id: 'history' },
    h('thead', {}, h('tr', {}, ['时间', '修改人', '来源', '字段', '原内容', '新内容'].map((t) => h('th', {}, t)))),
    h('tbody', {}, events.map((e) => (e.kind === 'change' ? changeRow(e.change) : stepRow(e.step, e.whole)))),
  );
}

function changeRow(i: HistoryItem): HTMLElement {
  return h('tr', { class: 'history-change' },
    h('td', { class: 'small' }, fmtTime(i.at)),
    h('td', {}, i.by),
    h('td', {}, SOURCE_LABELS[i.source] ?? i.source, i.late ? h('span', { class: 'tag warn', style: 'margin-left:4px' }, '补报') : '', i.autoMerged ? h('span', { class: 'tag warn', style: 'margin-left:4px' }, '自动合并') : ''),
    h('td', {}, FIELD_LABELS[i.field]),
    h('td', { class: 'pre diff-del' }, i.oldValue),
    h('td', { class: 'pre diff-add' }, i.newValue),
  );
}

/** 报送 (who signed it off), 通过, 退回 (its reason, whole or this entry): one row across the value columns. */
function stepRow(s: ReviewStep, whole: boolean): HTMLElement {
  const detail = s.kind === 'submit'
    ? `${CYCLE_TEXT.signedBy}：${s.signedBy || '未填'}`
    : s.kind === 'return'
      ? `${CYCLE_TEXT.reason}：${s.reason}（${whole ? CYCLE_TEXT.returnedWhole : CYCLE_TEXT.returnedThisEntry}）`
      : '';
  const tag = s.kind === 'return' ? 'bad' : s.kind === 'approve' ? 'ok' : 'warn';
  return h('tr', { class: 'history-step', 'data-step': s.kind },
    h('td', { class: 'small' }, fmtTime(s.at)),
    h('td', {}, s.by),
    h('td', {}, s.kind === 'submit' ? '填报单位' : CYCLE_TEXT.office),
    h('td', {}, h('span', { class: `tag ${tag}` }, REVIEW_STEP_LABELS[s.kind])),
    h('td', { class: 'pre step-detail', colspan: '2' }, detail),
  );
}
