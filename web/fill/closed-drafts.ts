// Unsaved text on an entry that is 办结 (closed while the person was typing, or found closed when
// the page came back with a stored draft): the service will not take it (MEASURE_CLOSED), so it is
// neither counted as "未保存" nor sent — and never dropped silently: the card shows each draft in
// full with 复制 (to send it to the office another way) and 放弃 (the person's own choice).
import { h } from '../common/dom';
import { toast } from '../common/ui';
import { FIELD_LABELS, type Field } from '../../shared/model/progress';
import type { Draft } from './drafts';

export const CLOSED_DRAFT_TEXT = {
  title: '以下内容尚未保存，因该举措已办结不能再提交。请复制保存（如需修改，请联系协调办公室重新打开），或放弃：',
  copy: '复制',
  copied: '已复制到剪贴板。',
  copyFailed: '无法访问剪贴板，请选中文字后手动复制。',
  discard: '放弃',
  confirmDiscard: (label: string) => `放弃“${label}”中尚未保存的内容？放弃后无法恢复。`,
  discarded: '已放弃。',
  pendingNote: (n: number) => `${n} 处因已办结不能提交`,
  refused: (n: number) => `${n} 处未能保存：该举措已由协调办公室确认办结，不再填报。内容仍保留在本页，请复制保存。`,
} as const;

export interface ClosedDraftOpts {
  drafts: { measureKey: string; field: Field; draft: Draft }[];
  /** The person chose 放弃 for one field's draft. */
  onDiscard: (field: Field) => void;
}

/** The box under a closed entry's fields (null when it has no drafts). */
export function closedDraftBox(opts: ClosedDraftOpts): HTMLElement | null {
  if (!opts.drafts.length) return null;
  const box = h('div', { class: 'notice bad closed-drafts', role: 'alert' }, h('div', {}, CLOSED_DRAFT_TEXT.title));
  for (const d of opts.drafts) {
    const label = FIELD_LABELS[d.field];
    const text = h('div', { class: 'pre closed-draft-text', style: 'background:#fff; padding:6px; margin:4px 0; user-select:text' }, d.draft.value);
    const row = h('div', { class: 'closed-draft', 'data-field': d.field },
      h('strong', {}, `${label}：`), text,
      h('button', { class: 'closed-draft-copy', onclick: () => void copy(d.draft.value, text) }, CLOSED_DRAFT_TEXT.copy), ' ',
      h('button', {
        class: 'closed-draft-discard',
        onclick: () => {
          if (!confirm(CLOSED_DRAFT_TEXT.confirmDiscard(label))) return;
          row.remove();
          opts.onDiscard(d.field);
          if (!box.querySelector('.closed-draft')) box.remove();
          toast(CLOSED_DRAFT_TEXT.discarded, 'ok');
        },
      }, CLOSED_DRAFT_TEXT.discard),
    );
    box.append(row);
  }
  return box;
}

async function copy(value: string, el: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(value);
    toast(CLOSED_DRAFT_TEXT.copied, 'ok');
  } catch {
    // no clipboard permission (plain http on an intranet): select the text for Ctrl+C
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    toast(CLOSED_DRAFT_TEXT.copyFailed, 'info');
  }
}
