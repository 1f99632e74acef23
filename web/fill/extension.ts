// 延期申请 on the fill page: the unit's requests with their state, the deadline that holds for it
// once one is granted, and a form to ask for a later date with a reason (one pending at a time).
import { h, clear } from '../common/dom';
import { type ApiClient, messageOf } from '../common/api';
import { fmtTime } from '../common/format';
import { toast } from '../common/ui';
import { EXTENSION_LABELS, EXTENSION_TEXT } from '../../shared/cycle/labels';
import { unitDeadline } from '../../shared/cycle/extension';
import { formatDeadline } from '../../shared/model/deadline';
import type { ExtensionSchema } from '../../shared/api/cycle';
import type { Period } from '../../shared/model/progress';
import type { z } from 'zod';

type Extension = z.infer<typeof ExtensionSchema>;

export function extensionPanel(api: ApiClient, period: Period, timeZone: string, initial: Extension[]): HTMLElement {
  let exts = initial;
  const box = h('details', { class: 'extension-panel', id: 'extension' });

  function draw(): void {
    clear(box);
    const granted = exts.some((e) => e.state === 'granted');
    const pending = exts.some((e) => e.state === 'pending');
    const deadline = unitDeadline(period.deadline, exts, timeZone);
    const latest = exts.at(-1);
    // a unit that asked sees the answer without looking for it
    box.open = !!latest || box.open;
    box.append(h('summary', {}, EXTENSION_TEXT.title, latest ? ` · ${EXTENSION_LABELS[latest.state]}` : ''));
    if (granted && deadline) box.append(h('div', { class: 'notice', id: 'unit-deadline' }, EXTENSION_TEXT.yourDeadline(formatDeadline(deadline, timeZone))));
    if (exts.length) {
      box.append(h('table', { class: 'data', id: 'extension-list' },
        h('thead', {}, h('tr', {}, ['申请时间', EXTENSION_TEXT.date, EXTENSION_TEXT.reason, '状态', EXTENSION_TEXT.note].map((t) => h('th', {}, t)))),
        h('tbody', {}, exts.map((e) => h('tr', { 'data-extension': e.id, 'data-state': e.state },
          h('td', {}, fmtTime(e.requestedAt)),
          h('td', {}, formatDeadline(e.grantedDeadline ?? e.requestedDeadline, timeZone)),
          h('td', { class: 'pre' }, e.reason),
          h('td', {}, h('span', { class: `tag ${e.state === 'granted' ? 'ok' : e.state === 'declined' ? 'bad' : 'warn'}` }, EXTENSION_LABELS[e.state])),
          h('td', { class: 'pre' }, e.note),
        ))),
      ));
    }
    if (period.state === 'closed' || pending) return;
    const date = h('input', { type: 'date', id: 'extension-date', 'aria-label': EXTENSION_TEXT.date });
    const reason = h('textarea', { id: 'extension-reason', rows: 2, maxlength: 500, placeholder: EXTENSION_TEXT.reason, style: 'width:100%' });
    const error = h('div', { class: 'error small', role: 'alert', style: 'display:none' });
    const send = h('button', {
      id: 'extension-send',
      onclick: async () => {
        error.style.display = 'none';
        if (!reason.value.trim()) return fail(EXTENSION_TEXT.reasonRequired);
        send.disabled = true;
        try {
          const e = await api.call('requestExtension', { params: { periodId: period.id }, body: { requestedDeadline: date.value, reason: reason.value } });
          exts = [...exts, e];
          toast(EXTENSION_TEXT.sent, 'ok');
          draw();
        } catch (err) {
          fail(messageOf(err));
        } finally {
          send.disabled = false;
        }
      },
    }, EXTENSION_TEXT.ask);
    function fail(text: string): void {
      error.textContent = text;
      error.style.display = '';
    }
    box.append(h('div', { class: 'extension-form', style: 'display:grid; grid-template-columns:auto 1fr auto; gap:8px; align-items:start; margin-top:8px' },
      h('label', {}, `${EXTENSION_TEXT.date} `, date), reason, send), error);
  }

  draw();
  return box;
}
