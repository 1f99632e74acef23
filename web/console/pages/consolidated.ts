// 汇总表: every (measure, unit) entry of the period, filtered by unit, task and status; an entry's
// history (who, when, source, old → new); the office's 汇总进展 per measure.
import { h, clear } from '../../common/dom';
import { fmtTime } from '../../common/format';
import { dialog, busy, toast } from '../../common/ui';
import type { Ctx } from '../context';
import type { ConsolidatedMeasure, ConsolidatedUnitRow, HistoryItem } from '../../../shared/api/contract';
import { FIELD_LABELS, STATUSES } from '../../../shared/model/progress';

export const SOURCE_LABELS: Record<string, string> = {
  addin: 'Excel 加载项',
  workbook: '回收工作簿',
  console: '协调办公室',
  fill: '网页填报',
  carryover: '上期结转',
  import: '导入',
};

export async function consolidatedPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  if (!ctx.period) {
    root.append(h('div', { class: 'notice' }, '还没有填报期次。'));
    return;
  }
  const period = ctx.period;
  const data = await ctx.api.call('consolidated', { params: { periodId: period.id } });
  const unitSel = h('select', { id: 'f-unit', 'aria-label': '单位' }, h('option', { value: '' }, '全部单位'));
  const unitIds = new Map<string, string>();
  for (const m of data.measures) for (const u of m.units) unitIds.set(u.unitId, u.unitName);
  for (const [id, name] of [...unitIds].sort((a, b) => a[1].localeCompare(b[1], 'zh-Hans-CN'))) unitSel.append(h('option', { value: id }, name));
  const taskSel = h('select', { id: 'f-task', 'aria-label': '任务' }, h('option', { value: '' }, '全部任务'));
  const tasks = new Map<string, string>();
  for (const m of data.measures) tasks.set(m.taskNo, m.taskTitle);
  for (const [no, title] of tasks) taskSel.append(h('option', { value: no }, `${no}. ${title}`));
  const statusSel = h('select', { id: 'f-status', 'aria-label': '完成状态' }, h('option', { value: '' }, '全部状态'), h('option', { value: '-' }, '未填报'), STATUSES.map((s) => h('option', { value: s }, s)));
  const count = h('span', { class: 'muted' });
  const body = h('div', { class: 'scroll' });

  root.append(
    h('h2', {}, `汇总表 · ${data.planTitle} · ${period.name}`),
    h('div', { class: 'card row' }, unitSel, taskSel, statusSel, count),
    body,
  );
  for (const sel of [unitSel, taskSel, statusSel]) sel.addEventListener('change', draw);
  draw();

  function draw(): void {
    const unit = unitSel.value;
    const task = taskSel.value;
    const status = statusSel.value;
    const keep = (u: ConsolidatedUnitRow) => (!unit || u.unitId === unit) && (!status || (status === '-' ? u.status === '' : u.status === status));
    const rows = data.measures.filter((m) => !task || m.taskNo === task).map((m) => ({ m, units: m.units.filter(keep) })).filter((x) => x.units.length > 0);
    count.textContent = `共 ${rows.length} 项举措，${rows.reduce((n, x) => n + x.units.length, 0)} 条填报`;
    clear(body);
    const tbody = h('tbody');
    for (const { m, units } of rows) {
      units.forEach((u, i) => {
        const tr = h('tr', { 'data-measure': m.measureKey, 'data-unit': u.unitId });
        if (i === 0) {
          const span = String(units.length);
          tr.append(
            h('td', { rowspan: span }, m.measureNo),
            h('td', { rowspan: span, style: 'min-width:220px; max-width:340px' }, h('div', { class: 'pre' }, m.measureText), summaryBlock(ctx, period.id, m)),
            h('td', { rowspan: span, class: 'nowrap' }, h('span', { class: `tag s-${m.rollup}` }, m.rollup)),
          );
        }
        tr.append(
          h('td', { style: 'min-width:96px' }, u.unitName, u.role === 'lead' ? h('div', { class: 'muted small' }, '牵头') : ''),
          h('td', { class: 'nowrap' }, u.status ? h('span', { class: `tag s-${u.status}` }, u.status) : h('span', { class: 'muted' }, '—')),
          h('td', { class: 'pre', style: 'min-width:150px' }, u.progress),
          h('td', { class: 'pre', style: 'min-width:150px' }, u.problems),
          h('td', { class: 'pre', style: 'min-width:150px' }, u.nextSteps),
          h('td', {}, u.contact),
          h('td', { class: 'small', style: 'min-width:84px' }, fmtTime(u.updatedAt)),
          h('td', { class: 'nowrap' }, h('button', { class: 'link history', onclick: () => void showHistory(ctx, period.id, m, u) }, '历史')),
        );
        tbody.append(tr);
      });
    }
    const table = h('table', { class: 'data', id: 'consolidated' },
      h('thead', {}, h('tr', {}, ['序号', '具体举措 / 汇总进展', '汇总状态', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划', '联系人/电话', '更新时间', ''].map((t) => h('th', {}, t)))),
      tbody,
    );
    body.append(rows.length ? table : h('div', { class: 'muted', style: 'padding:16px' }, '没有符合条件的填报。'));
  }
}

function summaryBlock(ctx: Ctx, periodId: string, m: ConsolidatedMeasure): HTMLElement {
  const text = h('div', { class: 'pre summary-text' }, m.summary || '');
  const box = h('div', { style: 'margin-top:6px; border-top:1px dashed #ddd; padding-top:4px' },
    h('div', { class: 'muted small' }, '汇总进展（协调办公室）', h('button', { class: 'link edit-summary', onclick: () => edit() }, m.summary ? '修改' : '撰写')),
    text,
  );
  function edit(): void {
    const ta = h('textarea', { id: 'summary-input', rows: 8 }, m.summary);
    dialog(`汇总进展 · ${m.measureNo}`, h('div', {}, h('div', { class: 'muted small pre', style: 'margin-bottom:8px' }, m.measureText), ta), [
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

async function showHistory(ctx: Ctx, periodId: string, m: ConsolidatedMeasure, u: ConsolidatedUnitRow): Promise<void> {
  const res = await busy(null, () => ctx.api.call('history', { params: { periodId }, query: { measure: m.measureKey, unit: u.unitId } }));
  if (!res) return;
  const items = res.items.filter((i) => i.measureKey === m.measureKey && i.unitId === u.unitId).sort((a, b) => b.seq - a.seq);
  dialog(`修改历史 · ${m.measureNo} · ${u.unitName}`, historyTable(items));
}

export function historyTable(items: HistoryItem[]): HTMLElement {
  if (!items.length) return h('div', { class: 'muted' }, '暂无修改记录。');
  return h('table', { class: 'data', id: 'history' },
    h('thead', {}, h('tr', {}, ['时间', '修改人', '来源', '字段', '原内容', '新内容'].map((t) => h('th', {}, t)))),
    h('tbody', {}, items.map((i) =>
      h('tr', {},
        h('td', { class: 'small' }, fmtTime(i.at)),
        h('td', {}, i.by),
        h('td', {}, SOURCE_LABELS[i.source] ?? i.source, i.late ? h('span', { class: 'tag warn', style: 'margin-left:4px' }, '补报') : '', i.autoMerged ? h('span', { class: 'tag warn', style: 'margin-left:4px' }, '自动合并') : ''),
        h('td', {}, FIELD_LABELS[i.field]),
        h('td', { class: 'pre diff-del' }, i.oldValue),
        h('td', { class: 'pre diff-add' }, i.newValue),
      ),
    )),
  );
}

