// 冲突处理: every open conflict of the period, both values side by side; the office picks one or
// edits, and the service records the resolution — against the value shown (a colleague's newer save
// is shown in its place and decided again, web/common/conflict-view.ts).
import { h } from '../../common/dom';
import { fmtTime } from '../../common/format';
import { toast, showError } from '../../common/ui';
import { conflictView } from '../../common/conflict-view';
import type { Ctx } from '../context';
import type { Conflict } from '../../../shared/api/contract';
import { FIELD_LABELS } from '../../../shared/model/progress';
import { SOURCE_LABELS } from './consolidated';

export async function conflictsPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  const period = ctx.period;
  if (!period) {
    root.append(h('div', { class: 'notice' }, '还没有填报期次。'));
    return;
  }
  const { conflicts } = await ctx.api.call('conflicts', { params: { periodId: period.id } });
  const open = conflicts.filter((c) => !c.resolvedAt);
  const done = conflicts.filter((c) => c.resolvedAt);
  const list = h('div', { id: 'conflict-list' });
  root.append(h('h2', {}, `冲突处理 · ${period.name}`), h('div', { class: 'muted', style: 'margin-bottom:10px' }, '同一字段被两处同时修改时，两份内容都会保留在这里，由人选择。'), list);
  if (!open.length) list.append(h('div', { class: 'card muted', id: 'no-conflicts' }, '没有待处理的冲突。'));
  for (const c of open) list.append(card(ctx, c));
  if (done.length) {
    root.append(
      h('details', { class: 'card' }, h('summary', {}, `已处理的冲突（${done.length}）`),
        h('table', { class: 'data' },
          h('thead', {}, h('tr', {}, ['举措', '单位', '字段', '处理结果', '处理人', '时间'].map((t) => h('th', {}, t)))),
          h('tbody', {}, done.map((c) => h('tr', {}, h('td', {}, c.measureNo), h('td', {}, ctx.unitName(c.unitId)), h('td', {}, FIELD_LABELS[c.field]), h('td', { class: 'pre' }, c.resolution ?? ''), h('td', {}, c.resolvedBy ?? ''), h('td', {}, fmtTime(c.resolvedAt))))),
        ),
      ),
    );
  }
}

function card(ctx: Ctx, c: Conflict): HTMLElement {
  const el = h('div', { class: 'card conflict-card', 'data-conflict': c.id });
  el.append(
    h('div', { class: 'row', style: 'justify-content:space-between' },
      h('strong', {}, `${c.measureNo} · ${ctx.unitName(c.unitId)} · ${FIELD_LABELS[c.field]}`),
      h('span', { class: 'muted small' }, `${SOURCE_LABELS[c.source] ?? c.source} · ${c.createdBy} · ${fmtTime(c.createdAt)}`),
    ),
    conflictView({
      conflictId: c.id,
      api: ctx.api,
      current: { label: '现有内容', value: c.serverValue, rev: c.serverRev },
      other: { label: '新提交的内容', value: c.theirValue },
      base: c.baseValue,
      onResolved: () => {
        el.replaceWith(h('div', { class: 'card conflict-done', 'data-conflict': c.id }, `已处理：${c.measureNo} · ${ctx.unitName(c.unitId)} · ${FIELD_LABELS[c.field]}`));
        toast('冲突已处理。', 'ok');
        ctx.pendingChanged();
      },
      onError: (err) => showError(err),
    }),
  );
  return el;
}
