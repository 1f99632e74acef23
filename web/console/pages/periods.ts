// 填报期次: open a period (carrying the last one over), set its deadline, close it, reopen it.
// The service records every state change; this page shows when each happened.
import { h } from '../../common/dom';
import { fmtTime } from '../../common/format';
import { deadlineInput } from '../../common/deadline-input';
import { DEFAULT_TIME_ZONE } from '../../../shared/model/deadline';
import { busy, toast } from '../../common/ui';
import type { Ctx } from '../context';
import type { Period } from '../../../shared/model/progress';

const zoneOf = (ctx: Ctx) => ctx.me.timeZone ?? DEFAULT_TIME_ZONE;

export async function periodsPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  root.append(h('h2', {}, '填报期次'));
  root.append(openCard(ctx));
  const rows = [...ctx.periods].reverse().map((p) => periodRow(ctx, p));
  root.append(h('div', { class: 'card' },
    h('table', { class: 'data', id: 'periods-table' },
      h('thead', {}, h('tr', {}, ['期次', '分工方案', '状态', '截止时间', '开启', '关闭', '结转自', '记录', '操作'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows),
    ),
  ));
}

function periodRow(ctx: Ctx, p: Period): HTMLElement {
  const deadline = deadlineInput(p.deadline, zoneOf(ctx));
  const saveDeadline = h('button', {
    class: 'save-deadline',
    onclick: async () => {
      const res = await busy(saveDeadline, () => ctx.api.call('updatePeriod', { params: { periodId: p.id }, body: { deadline: deadline.value() } }));
      if (res) {
        toast('截止时间已保存。', 'ok');
        await ctx.refresh();
      }
    },
  }, '保存');
  const action = p.state === 'open'
    ? h('button', {
        class: 'close-period',
        onclick: async () => {
          if (!confirm(`关闭“${p.name}”后，各单位将不能再修改本期填报（协调办公室仍可合并补报文件）。确定关闭？`)) return;
          const res = await busy(action, () => ctx.api.call('closePeriod', { params: { periodId: p.id } }));
          if (res) {
            toast(`“${p.name}”已关闭。`, 'ok');
            await ctx.refresh();
          }
        },
      }, '关闭本期')
    : h('button', {
        class: 'reopen-period',
        onclick: async () => {
          if (!confirm(`重新开启“${p.name}”？此操作会被记录。`)) return;
          const res = await busy(action, () => ctx.api.call('reopenPeriod', { params: { periodId: p.id } }));
          if (res) {
            toast(`“${p.name}”已重新开启。`, 'ok');
            await ctx.refresh();
          }
        },
      }, '重新开启');
  const planTitle = ctx.plans.find((x) => x.id === p.planId)?.title ?? p.planId;
  const from = p.carriedFrom ? ctx.periods.find((x) => x.id === p.carriedFrom)?.name ?? p.carriedFrom : '—';
  return h('tr', { 'data-period': p.id },
    h('td', {}, h('strong', {}, p.name)),
    h('td', { class: 'small' }, planTitle),
    h('td', {}, p.state === 'open' ? h('span', { class: 'tag ok' }, '填报中') : h('span', { class: 'tag bad' }, '已关闭')),
    h('td', {}, h('div', { class: 'row deadline-cell', style: 'gap:4px; flex-wrap:nowrap' }, deadline.el, saveDeadline)),
    h('td', { class: 'small' }, fmtTime(p.openedAt)),
    h('td', { class: 'small' }, fmtTime(p.closedAt)),
    h('td', { class: 'small' }, from),
    eventsCell(ctx, p),
    h('td', {}, action),
  );
}

const EVENT_LABELS = { open: '开启', close: '关闭', reopen: '重新开启' } as const;

/** Every open / close / reopen of the period, who and when (the service records each). */
function eventsCell(ctx: Ctx, p: Period): HTMLElement {
  const cell = h('td', { class: 'small events' });
  void ctx.api
    .call('periodEvents', { params: { periodId: p.id } })
    .then(({ events }) => cell.append(...events.map((e) => h('div', {}, `${EVENT_LABELS[e.kind]} ${fmtTime(e.at)} · ${e.by}`))))
    .catch(() => cell.append('—'));
  return cell;
}

function openCard(ctx: Ctx): HTMLElement {
  const name = h('input', { id: 'new-period-name', placeholder: '如：2026年下半年', style: 'width:200px' });
  const deadline = deadlineInput(null, zoneOf(ctx), { idPrefix: 'new-period-deadline' });
  const carry = h('input', { id: 'new-period-carry', type: 'checkbox', checked: true });
  const planSel = h('select', { id: 'new-period-plan' }, ctx.plans.map((p) => h('option', { value: p.id, selected: p.active }, `${p.title}（第 ${p.version} 版）`)));
  const open = h('button', {
    class: 'primary',
    id: 'open-period',
    onclick: async () => {
      if (!name.value.trim()) return toast('请填写期次名称。', 'error');
      const res = await busy(open, () => ctx.api.call('openPeriod', { body: { name: name.value.trim(), deadline: deadline.value(), carryOver: carry.checked, planId: planSel.value || undefined } }));
      if (!res) return;
      sessionStorage.setItem('fengong.console.period', res.id);
      toast(`已开启“${res.name}”。`, 'ok');
      await ctx.refresh();
    },
  }, '开启新一期');
  return h('div', { class: 'card', id: 'open-period-card' },
    h('h3', { style: 'margin-top:0' }, '开启新一期'),
    h('div', { class: 'row' },
      h('label', { class: 'fld' }, '期次名称', name),
      h('label', { class: 'fld' }, '截止日期（时间可不填）', deadline.el),
      ctx.plans.length > 1 ? h('label', { class: 'fld' }, '分工方案', planSel) : '',
      h('label', { class: 'small', style: 'align-self:flex-end; padding-bottom:6px' }, carry, ' 以上一期内容为起点（文字结转，状态保留）'),
      h('span', { style: 'align-self:flex-end' }, open),
    ),
  );
}
