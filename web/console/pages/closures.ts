// 办结 (console): the office confirms a measure — or one unit's part of it — finished, with a note,
// and reopens it. A closure holds for the plan's later periods (no 催报, read-only on the fill page,
// printed with its status). The close/reopen log is kept and shown below.
import { h } from '../../common/dom';
import { fmtTime } from '../../common/format';
import { busy, toast } from '../../common/ui';
import { CLOSURE_TEXT } from '../../../shared/cycle/labels';
import type { Closure } from '../../../shared/cycle/closure';
import type { Measure } from '../../../shared/model/plan';
import type { Ctx } from '../context';

export async function closuresPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  root.append(h('h2', {}, '举措办结'));
  const period = ctx.period;
  if (!period) {
    root.append(h('div', { class: 'notice' }, '目前没有填报期次。'));
    return;
  }
  const [{ plan }, { closures, events }] = await Promise.all([
    ctx.api.call('plan', { params: { planId: period.planId } }),
    ctx.api.call('closures', { params: { periodId: period.id } }),
  ]);
  root.append(h('div', { class: 'muted small', style: 'margin:-6px 0 12px' }, '办结的举措不再催报，以后各期的填报页显示为“已办结”且不能修改，打印时保留并标注状态；需要时可重新打开。'));
  const measures = plan.tasks.flatMap((t) => t.measures);
  root.append(h('div', { class: 'card' },
    h('table', { class: 'data fit', id: 'closures-table' },
      h('colgroup', {}, ['60px', '40%', '28%', '', '100px'].map((w) => h('col', { style: w ? `width:${w}` : '' }))),
      h('thead', {}, h('tr', {}, ['序号', '举措', '责任单位与办结情况', CLOSURE_TEXT.note, '操作'].map((t) => h('th', {}, t)))),
      h('tbody', {}, measures.map((m) => measureRow(ctx, period.id, m, closures))),
    ),
  ));
  const measureNo = new Map(measures.map((m) => [m.key, m.no]));
  root.append(h('div', { class: 'card', id: 'closure-log' },
    h('h3', {}, CLOSURE_TEXT.log),
    events.length
      ? h('table', { class: 'data' },
          h('thead', {}, h('tr', {}, ['时间', '举措', '范围', '操作', '说明', '操作人'].map((t) => h('th', {}, t)))),
          h('tbody', {}, [...events].reverse().map((e) => h('tr', { 'data-kind': e.kind },
            h('td', {}, fmtTime(e.at)), h('td', {}, measureNo.get(e.measureKey) ?? e.measureKey), h('td', {}, e.unitId ? ctx.unitName(e.unitId) : CLOSURE_TEXT.wholeMeasure),
            h('td', {}, e.kind === 'close' ? CLOSURE_TEXT.close : CLOSURE_TEXT.reopen), h('td', { class: 'pre' }, e.note), h('td', {}, e.by),
          ))))
      : h('div', { class: 'muted small' }, '暂无记录。'),
  ));
}

function measureRow(ctx: Ctx, periodId: string, m: Measure, closures: Closure[]): HTMLElement {
  const mine = closures.filter((c) => c.measureKey === m.key);
  const whole = mine.find((c) => c.unitId === '');
  const note = h('input', { class: 'closure-note', placeholder: CLOSURE_TEXT.note, maxlength: 500, style: 'width:100%' });
  const act = async (button: HTMLButtonElement, kind: 'close' | 'reopen', unitId?: string) => {
    const body = { measureKey: m.key, unitId, note: note.value };
    const ok = await busy(button, async (): Promise<boolean> => {
      if (kind === 'close') await ctx.api.call('closeMeasure', { params: { periodId }, body });
      else await ctx.api.call('reopenMeasure', { params: { periodId }, body });
      return true;
    });
    if (!ok) return;
    toast(kind === 'close' ? CLOSURE_TEXT.done : CLOSURE_TEXT.reopenedDone, 'ok');
    await ctx.refresh();
  };
  const button = (label: string, cls: string, kind: 'close' | 'reopen', unitId?: string): HTMLButtonElement => {
    const b: HTMLButtonElement = h('button', { class: cls, 'data-unit': unitId ?? '', onclick: () => void act(b, kind, unitId) }, label);
    return b;
  };
  const units = m.assignments.map((a) => {
    const own = mine.find((c) => c.unitId === a.unitId);
    return h('div', { class: 'closure-unit', 'data-unit': a.unitId, style: 'display:flex; gap:6px; align-items:center; margin:2px 0' },
      h('span', {}, ctx.unitName(a.unitId)),
      own || whole ? h('span', { class: 'tag light light-closed' }, CLOSURE_TEXT.closedTag) : '',
      own ? button(CLOSURE_TEXT.reopen, 'link reopen-unit', 'reopen', a.unitId) : whole ? '' : button(CLOSURE_TEXT.closeUnit, 'link close-unit', 'close', a.unitId),
    );
  });
  const notes = mine.filter((c) => c.note).map((c) => h('div', { class: 'small' }, `${c.unitId ? ctx.unitName(c.unitId) : CLOSURE_TEXT.wholeMeasure}：${c.note}（${fmtTime(c.at)}）`));
  return h('tr', { 'data-measure': m.key, 'data-closed': whole ? '1' : '' },
    h('td', {}, m.no),
    h('td', { class: 'pre' }, m.text, whole ? h('div', {}, h('span', { class: 'tag light light-closed' }, `${CLOSURE_TEXT.closedTag}（${fmtTime(whole.at)}，${whole.by}）`)) : ''),
    h('td', {}, units),
    h('td', {}, notes, note),
    h('td', {}, whole ? button(CLOSURE_TEXT.reopen, 'reopen-measure', 'reopen') : button(CLOSURE_TEXT.close, 'primary close-measure', 'close')),
  );
}
