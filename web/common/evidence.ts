// 佐证材料 under one entry (the fill page, and the console's 汇总表): the files attached (download through the API, which
// needs the code, so not a plain link), an upload button and 删除. A refused file leaves the list
// as it was and shows the service's reason beside the button.
import { h, clear } from './dom';
import { type ApiClient, messageOf } from './api';
import { toast } from './ui';
import { EVIDENCE_TEXT, fileSizeText } from '../../shared/cycle/labels';
import type { EvidenceSchema } from '../../shared/api/cycle';
import type { z } from 'zod';

type Evidence = z.infer<typeof EvidenceSchema>;

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png';

export function evidenceBox(api: ApiClient, opts: { periodId: string; measureKey: string; unitId: string; files: Evidence[]; readOnly: boolean }): HTMLElement {
  let files = opts.files.filter((f) => !f.deletedAt);
  const list = h('ul', { class: 'evidence-list' });
  const error = h('div', { class: 'error small evidence-error', role: 'alert' });
  const input = h('input', { type: 'file', accept: ACCEPT, multiple: true, class: 'evidence-input', 'aria-label': EVIDENCE_TEXT.add, style: 'display:none' });
  const pick = h('button', { class: 'evidence-add', disabled: opts.readOnly, onclick: () => input.click() }, EVIDENCE_TEXT.add);
  input.addEventListener('change', () => void upload([...(input.files ?? [])]));

  function draw(): void {
    clear(list);
    if (!files.length) list.append(h('li', { class: 'muted small' }, EVIDENCE_TEXT.none));
    for (const f of files) {
      list.append(h('li', { 'data-evidence': f.id },
        h('a', { href: '#', class: 'evidence-link', onclick: (ev: Event) => { ev.preventDefault(); void download(f); } }, f.name),
        h('span', { class: 'muted small' }, ` ${fileSizeText(f.size)}`),
        opts.readOnly ? '' : h('button', { class: 'link evidence-remove', title: EVIDENCE_TEXT.remove, onclick: () => void remove(f) }, EVIDENCE_TEXT.remove),
      ));
    }
  }

  async function upload(chosen: File[]): Promise<void> {
    input.value = '';
    error.textContent = '';
    pick.disabled = true;
    const refusals: string[] = [];
    for (const file of chosen) {
      try {
        const row = await api.upload('uploadEvidence', file, { params: { periodId: opts.periodId }, query: { measure: opts.measureKey, unit: opts.unitId, name: file.name } });
        files = [...files, row];
        toast(EVIDENCE_TEXT.uploaded(row.name), 'ok');
      } catch (err) {
        refusals.push(EVIDENCE_TEXT.refused(file.name, messageOf(err)));
      }
    }
    error.textContent = refusals.join('\n');
    pick.disabled = opts.readOnly;
    draw();
  }

  async function download(f: Evidence): Promise<void> {
    try {
      await api.download('downloadEvidence', { params: { evidenceId: f.id } }, f.name);
    } catch (err) {
      toast(messageOf(err), 'error');
    }
  }

  async function remove(f: Evidence): Promise<void> {
    if (!confirm(EVIDENCE_TEXT.confirmRemove(f.name))) return;
    try {
      await api.call('removeEvidence', { params: { evidenceId: f.id } });
      files = files.filter((x) => x.id !== f.id);
      draw();
      toast(EVIDENCE_TEXT.removed, 'ok');
    } catch (err) {
      error.textContent = messageOf(err);
    }
  }

  draw();
  return h('div', { class: 'evidence', 'data-measure': opts.measureKey },
    h('div', { class: 'evidence-head' }, h('strong', {}, EVIDENCE_TEXT.title), ' ', pick, input, opts.readOnly ? '' : h('span', { class: 'muted small' }, ` ${EVIDENCE_TEXT.accept}`)),
    list, error,
  );
}
