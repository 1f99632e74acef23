// 延期申请 (console): every unit's requests of the chosen period; a pending one is granted with the
// new date (the requested one offered) or declined with a reason. Decided requests stay listed.
import { h } from '../../common/dom';
import { fmtTime, officeTimeZone } from '../../common/format';
import { deadlineInput } from '../../common/deadline-input';
import { busy, toast } from '../../common/ui';
import { EXTENSION_LABELS, EXTENSION_TEXT } from '../../../shared/cycle/labels';
import { formatDeadline } from '../../../shared/model/deadline';
import type { ExtensionSchema } from '../../../shared/api/cycle';
import type { Ctx } from '../context';
import type { z } from 'zod';

type Extension = z.infer<typeof ExtensionSchema>;

export async function extensionsPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  root.append(h('h2', {}, EXTENSION_TEXT.title));
  const period = ctx.period;
  if (!period) {
    root.append(h('div', { class: 'notice' }, '目前没有填报期次。'));
    return;
  }
  const { extensions } = await ctx.api.call('extensions', { params: { periodId: period.id } });
  const tz = officeTimeZone();
  root.append(h('div', { class: 'muted small', style: 'margin:-6px 0 12px' }, `${period.name} · 本期截止时间：${formatDeadline(period.deadline, tz)}。同意后，该单位的提醒和逾期标记按批准的日期计算。`));
  if (!extensions.length) {
    root.append(h('div', { class: 'card muted', id: 'extensions-empty' }, EXTENSION_TEXT.none));
    return;
  }
  const pending = extensions.filter((e) => e.state === 'pending');
  const ordered = [...pending, ...extensions.filter((e) => e.state !== 'pending').reverse()];
  root.append(h('div', { class: 'card' },
    h('table', { class: 'data', id: 'extensions-table' },
      h('thead', {}, h('tr', {}, ['单位', '申请时间', EXTENSION_TEXT.date, EXTENSION_TEXT.reason, '状态', '批复'].map((t) => h('th', {}, t)))),
      h('tbody', {}, ordered.map((e) => row(ctx, e, tz))),
    ),
  ));
}

function row(ctx: Ctx, e: Extension, tz: string): HTMLElement {
  const decided = e.state !== 'pending';
  return h('tr', { 'data-extension': e.id, 'data-unit': e.unitId, 'data-state': e.state },
    h('td', {}, ctx.unitName(e.unitId)),
    h('td', {}, fmtTime(e.requestedAt), h('div', { class: 'muted small' }, e.requestedBy)),
    h('td', {}, formatDeadline(e.requestedDeadline, tz)),
    h('td', { class: 'pre', style: 'min-width:240px' }, e.reason),
    h('td', {}, h('span', { class: `tag ${e.state === 'granted' ? 'ok' : e.state === 'declined' ? 'bad' : 'warn'}` }, EXTENSION_LABELS[e.state])),
    h('td', { style: 'width:340px' }, decided ? decidedText(e, tz) : decideForm(ctx, e, tz)),
  );
}

function decidedText(e: Extension, tz: string): HTMLElement {
  return h('div', { class: 'small' },
    e.state === 'granted' && e.grantedDeadline ? h('div', {}, `${EXTENSION_TEXT.newDate}：${formatDeadline(e.grantedDeadline, tz)}`) : '',
    e.note ? h('div', { class: 'pre' }, `${EXTENSION_TEXT.note}：${e.note}`) : '',
    h('div', { class: 'muted' }, `${fmtTime(e.decidedAt)} ${e.decidedBy ?? ''}`),
  );
}

function decideForm(ctx: Ctx, e: Extension, tz: string): HTMLElement {
  const date = deadlineInput(e.requestedDeadline, tz, { idPrefix: `grant-${e.id}` });
  const note = h('input', { class: 'decision-note', placeholder: EXTENSION_TEXT.note, maxlength: 500, style: 'width:100%' });
  const decide = async (button: HTMLButtonElement, grant: boolean) => {
    if (!grant && !note.value.trim()) {
      toast(EXTENSION_TEXT.declineNeedsNote, 'error');
      note.focus();
      return;
    }
    const res = await busy(button, () => ctx.api.call('decideExtension', { params: { extensionId: e.id }, body: { grant, deadline: grant ? date.value() : null, note: note.value } }));
    if (!res) return;
    toast(EXTENSION_TEXT.decided, 'ok');
    await ctx.refresh();
  };
  const grant: HTMLButtonElement = h('button', { class: 'primary grant', onclick: () => void decide(grant, true) }, EXTENSION_TEXT.grant);
  const decline: HTMLButtonElement = h('button', { class: 'decline', onclick: () => void decide(decline, false) }, EXTENSION_TEXT.decline);
  return h('div', { class: 'decide', style: 'display:flex; flex-direction:column; gap:6px' },
    h('label', { class: 'small', style: 'display:flex; flex-direction:column; gap:4px' }, EXTENSION_TEXT.newDate, date.el), note, h('div', { class: 'row', style: 'gap:6px' }, grant, decline));
}
