// The deadline editor: a date and an optional time, both the office's wall clock (never the
// browser's zone — a unit abroad or a misconfigured PC sees the office's date). What is stored
// comes back unchanged when nothing was edited (shared/model/deadline.ts).
import { deadlineString, formatDeadline, parseDeadline } from '../../shared/model/deadline';
import { h } from './dom';

export interface DeadlineInput {
  el: HTMLElement;
  /** The deadline to store: the original string when unchanged, null when the date is empty. */
  value(): string | null;
}

export function deadlineInput(stored: string | null, timeZone: string, opts: { idPrefix?: string } = {}): DeadlineInput {
  const wall = parseDeadline(stored, timeZone);
  const date = h('input', { type: 'date', class: 'deadline-date', id: opts.idPrefix ? `${opts.idPrefix}-date` : null, value: wall?.date ?? '' });
  const time = h('input', { type: 'time', class: 'deadline-time', id: opts.idPrefix ? `${opts.idPrefix}-time` : null, value: wall?.time ?? '', title: '可不填：不填即当日 24 时截止' });
  const shown = h('span', { class: 'deadline-text small muted', style: 'white-space:nowrap' }, stored ? formatDeadline(stored, timeZone) : '');
  const current = (): string | null => (date.value ? deadlineString({ date: date.value, time: time.value || null }) : null);
  const initial = current();
  const update = () => (shown.textContent = current() ? formatDeadline(current(), timeZone) : '');
  date.addEventListener('input', update);
  time.addEventListener('input', update);
  return {
    el: h('span', { class: 'deadline-input row', style: 'gap:4px; flex-wrap:nowrap; align-items:center' }, date, time, shown),
    value: () => {
      const v = current();
      return v === initial ? stored : v;
    },
  };
}
