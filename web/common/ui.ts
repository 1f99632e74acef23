// Shared UI pieces: messages (errors show the service's Chinese text), a modal dialog, a progress bar.
import { h, clear } from './dom';
import { messageOf } from './api';

let toastBox: HTMLElement | null = null;

export function toast(text: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  if (!toastBox) {
    toastBox = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastBox);
  }
  const el = h('div', { class: `toast toast-${kind}` }, text);
  toastBox.append(el);
  // keep the corner readable: at most three messages at a time
  while (toastBox.children.length > 3) toastBox.firstElementChild?.remove();
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 3500);
}

export function showError(err: unknown, where?: HTMLElement): void {
  const text = messageOf(err);
  if (where) {
    clear(where);
    where.append(h('div', { class: 'error', role: 'alert' }, text));
  } else toast(text, 'error');
}

/** Run an action for a button: disable it while running, show the error if it fails. */
export async function busy<T>(button: HTMLButtonElement | null, action: () => Promise<T>): Promise<T | undefined> {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (err) {
    showError(err);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

export function dialog(title: string, body: Node, actions: { label: string; primary?: boolean; onClick?: () => void | boolean | Promise<void | boolean> }[] = [{ label: '关闭' }]): HTMLDialogElement {
  const dlg = h('dialog', { class: 'dlg' });
  const buttons = actions.map((a) =>
    h('button', {
      class: a.primary ? 'primary' : '',
      onclick: async () => {
        const keep = a.onClick ? await a.onClick() : undefined;
        if (keep !== true) {
          dlg.close();
          dlg.remove();
        }
      },
    }, a.label),
  );
  dlg.append(h('h3', {}, title), h('div', { class: 'dlg-body' }, body), h('div', { class: 'dlg-actions' }, buttons));
  dlg.addEventListener('close', () => dlg.remove());
  document.body.append(dlg);
  dlg.showModal();
  return dlg;
}

export class Progress {
  readonly el: HTMLElement;
  private bar: HTMLElement;
  private label: HTMLElement;
  constructor(text = '') {
    this.bar = h('div', { class: 'progress-bar' });
    this.label = h('span', { class: 'progress-label' }, text);
    this.el = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, h('div', { class: 'progress-track' }, this.bar), this.label);
  }
  set(done: number, total: number, text?: string): void {
    const pct = total > 0 ? Math.round((done / total) * 100) : 0;
    this.bar.style.width = `${pct}%`;
    this.el.setAttribute('aria-valuenow', String(pct));
    this.label.textContent = text ?? `${done} / ${total}`;
  }
  /** Unknown length (one big upload): an animated bar. */
  indeterminate(text: string): void {
    this.bar.classList.add('indeterminate');
    this.label.textContent = text;
  }
  done(text: string): void {
    this.bar.classList.remove('indeterminate');
    this.bar.style.width = '100%';
    this.label.textContent = text;
  }
}
