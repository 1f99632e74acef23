// The sign-in form both pages use: an access code checked against /api/me.
import { h } from './dom';
import { ApiClient, messageOf } from './api';
import type { Me } from '../../shared/api/contract';

export function signInForm(opts: { title: string; hint: string; check: (me: Me) => string | null; onSignedIn: (code: string, me: Me) => void }): HTMLElement {
  const input = h('input', { type: 'password', id: 'code', autocomplete: 'off', placeholder: '访问码', 'aria-label': '访问码' });
  const err = h('div', { id: 'signin-error' });
  const button = h('button', { class: 'primary', type: 'submit', id: 'signin' }, '登录');
  const form = h('form', { class: 'signin' }, h('h1', {}, opts.title), h('div', { class: 'muted' }, opts.hint), input, err, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = input.value.trim();
    err.textContent = '';
    if (!code) {
      err.append(h('div', { class: 'error' }, '请输入访问码。'));
      return;
    }
    button.disabled = true;
    try {
      const me = await new ApiClient(() => code).call('me');
      const refusal = opts.check(me);
      if (refusal) err.append(h('div', { class: 'error', role: 'alert' }, refusal));
      else opts.onSignedIn(code, me);
    } catch (e2) {
      err.append(h('div', { class: 'error', role: 'alert' }, messageOf(e2)));
    } finally {
      button.disabled = false;
    }
  });
  setTimeout(() => input.focus(), 0);
  return form;
}
