// The pane's 审核与办结 panel: the office's 退回 (reason, whole or which entries) or 审核通过, the
// entries that are 办结, typed text that will not be sent because its entry is 办结 (shown in full
// so it can be copied — never dropped), and each entry's 佐证材料 with download links.
//
// Downloads: the service serves evidence only with the unit's code in the Authorization header
// (routes.ts downloadEvidence is 'signedIn'; there are no signed links), so a plain <a href> cannot
// fetch it. The pane fetches the bytes and saves them through a blob: URL and <a download>, the
// technique Microsoft's file-download sample uses for task panes, where hosts differ in how they
// treat navigation (github.com/OfficeDev/Office-Add-in-JavaScript-FileDownload).
import type { AddinSession, ClosedEdit, CycleInfo } from '../core/session';
import { EVIDENCE_TEXT, CLOSURE_TEXT, CYCLE_TEXT, fileSizeText } from '../../shared/cycle/labels';
import type { Evidence } from '../client/api';
import { CYCLE_PANE_TEXT as T } from '../core/texts';
import { FIELD_LABELS } from '../../shared/model/fields';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

function when(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface CyclePanelDeps {
  session: AddinSession;
  measureNo: (measureKey: string) => string;
  onError: (err: unknown) => void;
}

/** Draw the panel (hidden when there is nothing to say). */
export function renderCyclePanel(info: CycleInfo | null, closedEdits: ClosedEdit[], deps: CyclePanelDeps): void {
  const panel = document.getElementById('cycle-panel')!;
  const notice = document.getElementById('review-notice')!;
  const edits = document.getElementById('closed-edits')!;
  const list = document.getElementById('entry-notices')!;
  notice.innerHTML = '';
  edits.innerHTML = '';
  list.innerHTML = '';
  if (!info) {
    panel.hidden = true;
    return;
  }
  const r = info.review;
  if (info.returned) {
    const box = el('div', 'notice bad');
    box.id = 'return-notice';
    const n = info.entries.filter((e) => e.returnReason).length;
    box.append(el('strong', '', info.returned.whole ? T.returnedWhole : T.returnedEntries(n)));
    box.append(el('div', '', `${CYCLE_TEXT.reason}：${info.returned.reason}`));
    box.append(el('div', 'muted', `${when(info.returned.at)} · ${info.returned.by}。${T.resubmit}`));
    notice.append(box);
  } else if (r.state === 'approved') {
    const box = el('div', 'notice ok', T.approved(when(r.approvedAt)));
    box.id = 'approved-notice';
    notice.append(box);
  } else if (r.state === 'submitted') {
    const box = el('div', 'notice', T.submitted(when(r.submittedAt), r.signedBy));
    box.id = 'submitted-notice';
    notice.append(box);
  }
  if (closedEdits.length) {
    const box = el('div', 'notice bad');
    box.id = 'closed-edits-notice';
    box.append(el('strong', '', T.closedEditsTitle(closedEdits.length)));
    for (const e of closedEdits) {
      box.append(el('div', '', `举措 ${deps.measureNo(e.measureKey)} · ${FIELD_LABELS[e.field]}：`));
      const text = el('div', 'closed-edit', e.value);
      text.dataset.measure = e.measureKey;
      box.append(text);
    }
    edits.append(box);
  }
  for (const e of info.entries) {
    const card = el('div', 'entry-notice');
    card.dataset.measure = e.measureKey;
    const h = el('h3', '', `举措 ${e.measureNo}`);
    if (e.closure) h.append(el('span', 'closed-tag', CLOSURE_TEXT.closedTag));
    card.append(h);
    // (a whole return's one reason is in the notice above, not repeated on every entry)
    if (e.returnReason && !info.returned?.whole) card.append(el('div', 'return-reason', `${CYCLE_TEXT.reason}：${e.returnReason}`));
    if (e.closure) card.append(el('div', 'muted closed-reason', `${CLOSURE_TEXT.closedEntry}（${when(e.closure.at)}，${e.closure.by}${e.closure.note ? `：${e.closure.note}` : ''}）`));
    if (e.evidence.length) {
      card.append(el('div', 'muted', `${EVIDENCE_TEXT.title}：`));
      const ul = el('ul', 'evidence-list');
      for (const f of e.evidence) ul.append(evidenceItem(f, deps));
      card.append(ul);
    }
    list.append(card);
  }
  panel.hidden = !notice.childElementCount && !edits.childElementCount && !list.childElementCount;
}

function evidenceItem(f: Evidence, deps: CyclePanelDeps): HTMLElement {
  const li = el('li');
  li.dataset.evidence = f.id;
  const a = el('a', 'evidence-link', f.name);
  a.href = '#';
  a.title = T.download;
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    void download(f, deps).catch(deps.onError);
  });
  li.append(a, el('span', 'muted', ` ${fileSizeText(f.size)}`));
  return li;
}

async function download(f: Evidence, deps: CyclePanelDeps): Promise<void> {
  const { blob, name } = await deps.session.call(() => deps.session.api.evidenceFile(f.id, f.name));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
