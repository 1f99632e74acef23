// One conflict shown the same way everywhere (console inbox, fill page): both values side by side,
// and the three ways out — keep the current value, take the other one, or edit a new text.
import { h } from './dom';

export interface ConflictChoice {
  /** Label and text of the value now stored on the service. */
  current: { label: string; value: string };
  /** Label and text of the value that could not be applied. */
  other: { label: string; value: string };
  base?: string;
  onPick(value: string): Promise<void>;
}

export function conflictView(c: ConflictChoice): HTMLElement {
  const editor = h('textarea', { class: 'conflict-edit', rows: 4, style: 'display:none' }, c.other.value);
  const saveEdit = h('button', { class: 'primary conflict-save', style: 'display:none' }, '保存编辑后的内容');
  const buttons = h('div', { class: 'row', style: 'margin-top:8px' },
    h('button', { class: 'pick-current', onclick: () => run(c.current.value) }, `采用${c.current.label}`),
    h('button', { class: 'pick-other', onclick: () => run(c.other.value) }, `采用${c.other.label}`),
    h('button', {
      class: 'pick-edit',
      onclick: () => {
        editor.style.display = '';
        saveEdit.style.display = '';
        editor.focus();
      },
    }, '编辑后采用'),
  );
  saveEdit.addEventListener('click', () => run(editor.value));
  const el = h('div', { class: 'conflict' },
    h('div', { class: 'side-by-side' },
      h('div', { class: 'pane pane-current' }, h('h4', {}, c.current.label), h('div', { class: 'pre' }, c.current.value || '（空）')),
      h('div', { class: 'pane pane-other' }, h('h4', {}, c.other.label), h('div', { class: 'pre' }, c.other.value || '（空）')),
    ),
    c.base !== undefined ? h('details', { class: 'small muted', style: 'margin-top:6px' }, h('summary', {}, '双方修改前的内容'), h('div', { class: 'pre' }, c.base || '（空）')) : '',
    buttons,
    editor,
    saveEdit,
  );
  async function run(value: string): Promise<void> {
    el.querySelectorAll('button').forEach((b) => ((b as HTMLButtonElement).disabled = true));
    try {
      await c.onPick(value);
    } finally {
      el.querySelectorAll('button').forEach((b) => ((b as HTMLButtonElement).disabled = false));
    }
  }
  return el;
}
