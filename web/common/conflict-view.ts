// One conflict shown and resolved the same way everywhere (console inbox, fill page): both values
// side by side, and the three ways out — keep the current value, take the other one, or edit a new
// text. A resolution names the revision the person saw (docs/rules.md "Resolving a conflict"): if
// a colleague saved again meanwhile, the service answers CONFLICT_MOVED with the newer value, the
// view shows it in place of the old one and the person decides again against it.
import { ConflictMovedDetails, type ResolveConflictResponse } from '../../shared/api/contract';
import { ApiError, type ApiClient } from './api';
import { h } from './dom';
import { newChangeId } from './format';

export interface ConflictChoice {
  conflictId: string;
  /** Label and text of the value now stored on the service, and its revision (what a choice is based on). */
  current: { label: string; value: string; rev: number };
  /** Label and text of the value that could not be applied. */
  other: { label: string; value: string };
  base?: string;
  api: ApiClient;
  onResolved(res: ResolveConflictResponse): void;
  /** A failure other than CONFLICT_MOVED (the view handles that itself). */
  onError(err: unknown): void;
}

export function conflictView(c: ConflictChoice): HTMLElement {
  let current = { ...c.current };
  const currentText = h('div', { class: 'pre' }, current.value || '（空）');
  const moved = h('div', { class: 'error conflict-moved', style: 'display:none; margin-bottom:6px' });
  const pickCurrent = h('button', { class: 'pick-current', onclick: () => void run(current.value) }, `采用${current.label}`);
  const editor = h('textarea', { class: 'conflict-edit', rows: 4, style: 'display:none' }, c.other.value);
  const saveEdit = h('button', { class: 'primary conflict-save', style: 'display:none' }, '保存编辑后的内容');
  const buttons = h('div', { class: 'row', style: 'margin-top:8px' },
    pickCurrent,
    h('button', { class: 'pick-other', onclick: () => void run(c.other.value) }, `采用${c.other.label}`),
    h('button', {
      class: 'pick-edit',
      onclick: () => {
        editor.style.display = '';
        saveEdit.style.display = '';
        editor.focus();
      },
    }, '编辑后采用'),
  );
  saveEdit.addEventListener('click', () => void run(editor.value));
  const el = h('div', { class: 'conflict', 'data-base-rev': String(current.rev) },
    moved,
    h('div', { class: 'side-by-side' },
      h('div', { class: 'pane pane-current' }, h('h4', {}, current.label), currentText),
      h('div', { class: 'pane pane-other' }, h('h4', {}, c.other.label), h('div', { class: 'pre' }, c.other.value || '（空）')),
    ),
    c.base !== undefined ? h('details', { class: 'small muted', style: 'margin-top:6px' }, h('summary', {}, '双方修改前的内容'), h('div', { class: 'pre' }, c.base || '（空）')) : '',
    buttons,
    editor,
    saveEdit,
  );

  /** The field moved: show its newer value as the current one; the next choice is based on it. */
  function showMoved(err: ApiError): void {
    const d = ConflictMovedDetails.parse(err.details);
    current = { ...current, value: d.field.value, rev: d.field.rev };
    currentText.textContent = current.value || '（空）';
    el.dataset.baseRev = String(current.rev);
    moved.textContent = `${err.message}${d.field.updatedBy ? `（${d.field.updatedBy} 刚刚修改）` : ''}`;
    moved.style.display = '';
  }

  // one change id per decision (value, base): pressing again after a lost answer is a retry
  const ids = new Map<string, string>();
  async function run(value: string): Promise<void> {
    el.querySelectorAll('button').forEach((b) => ((b as HTMLButtonElement).disabled = true));
    const key = `${current.rev}\u0000${value}`;
    if (!ids.has(key)) ids.set(key, newChangeId());
    try {
      const res = await c.api.call('resolveConflict', {
        params: { conflictId: c.conflictId },
        body: { value, changeId: ids.get(key)!, baseRev: current.rev },
      });
      c.onResolved(res);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT_MOVED') showMoved(err);
      else c.onError(err);
    } finally {
      el.querySelectorAll('button').forEach((b) => ((b as HTMLButtonElement).disabled = false));
    }
  }
  return el;
}
