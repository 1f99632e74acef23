// The sign-in form both pages use: an access code checked against /api/me.
import { clear, h } from './dom';
import { ApiClient, ApiError, messageOf } from './api';
import type { Me } from '../../shared/api/contract';
import { loadCode, saveCode } from './session';

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

/**
 * Starts a page from a stored code: one the service still accepts, with the page's role, goes
 * straight in; a refused one signs out; a network hiccup says so and offers a retry.
 */
export async function resumeSession(o: {
  app: HTMLElement;
  code: string | null;
  role: Me['role'];
  showSignIn: () => void;
  signOut: () => void;
  start: (code: string, me: Me) => Promise<void>;
}): Promise<void> {
  const { code } = o;
  if (!code) return o.showSignIn();
  let me: Me;
  try {
    me = await new ApiClient(() => code).call('me');
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return o.signOut();
    clear(o.app);
    const retry = h('button', { class: 'primary', onclick: () => void resumeSession(o) }, '重试');
    o.app.append(h('div', { class: 'signin' }, h('div', { class: 'error', role: 'alert' }, messageOf(err)), retry));
    return;
  }
  if (me.role !== o.role) return o.signOut();
  await o.start(code, me);
}

/**
 * A page's sign-in life cycle: the stored code (sessionStorage/localStorage key `codeKey`), the
 * sign-in form with the page's role check, sign-out, and resuming on load.
 */
export function pageSession(o: {
  app: HTMLElement;
  codeKey: string;
  role: Me['role'];
  title: string;
  hint: string;
  /** Shown when a code of the other role is entered. */
  refusal: string;
  /** Anything shown under the form (e.g. a link to the other page). */
  below?: () => Node;
  start: (code: string, me: Me) => Promise<void>;
}): { boot: () => Promise<void>; signOut: () => void } {
  const signOut = () => {
    saveCode(o.codeKey, null);
    showSignIn();
  };
  const showSignIn = () => {
    clear(o.app);
    o.app.append(
      signInForm({
        title: o.title,
        hint: o.hint,
        check: (me) => (me.role === o.role && (o.role !== 'unit' || me.unit) ? null : o.refusal),
        onSignedIn: (code, me) => {
          saveCode(o.codeKey, code);
          void o.start(code, me);
        },
      }),
    );
    if (o.below) o.app.append(o.below());
  };
  const boot = () => resumeSession({ app: o.app, code: loadCode(o.codeKey), role: o.role, showSignIn, signOut, start: o.start });
  return { boot, signOut };
}
