// The web fill page for units without the add-in (WPS, 信创 desktops, old Office): sign in with the
// unit's code, fill the same fields, 保存 sends the changes exactly like a sync (baseRev + changeId,
// same merge rules, conflicts shown as 我的 / 已保存的 / 编辑), drafts stay in localStorage until
// saved, and 报送 finishes the period.
import { injectStyles } from '../common/styles';
import { h, clear } from '../common/dom';
import { ApiClient, messageOf } from '../common/api';
import { pageSession } from '../common/signin';
import { fmtTime, newChangeId, useOfficeTimeZone } from '../common/format';
import { DEFAULT_TIME_ZONE, formatDeadline } from '../../shared/model/deadline';
import { toast, showError } from '../common/ui';
import { conflictView } from '../common/conflict-view';
import { autoGrow, refit } from '../common/autogrow';
import { DraftStore } from './drafts';
import { CLOSED_DRAFT_TEXT, closedDraftBox } from './closed-drafts';
import { evidenceBox } from '../common/evidence';
import { extensionPanel } from './extension';
import { closureOf } from '../../shared/cycle/closure';
import { unitDeadline } from '../../shared/cycle/extension';
import { CLOSURE_TEXT } from '../../shared/cycle/labels';
import { changeBatches } from '../../shared/sync/change-batches';
import type { Me, MyAssignment, ChangeResult } from '../../shared/api/contract';
import { FIELDS, FIELD_LABELS, STATUSES, type Field, type FieldState, type Period } from '../../shared/model/progress';

const CODE_KEY = 'fengong.fill.code';
const app = document.getElementById('app')!;
injectStyles();

const session = pageSession({
  app,
  codeKey: CODE_KEY,
  role: 'unit',
  title: '单位填报 · 登录',
  hint: '请输入协调办公室发给本单位的访问码。',
  refusal: '这是协调办公室的访问码，请使用协调办公室控制台。',
  start,
});
const signOut = session.signOut;

interface FieldUi {
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  note: HTMLElement;
  /** Where this field's conflict is shown: the card's full width, under the fields. */
  conflictBox: HTMLElement;
}

async function start(code: string, me: Me): Promise<void> {
  useOfficeTimeZone(me.timeZone);
  const unit = me.unit!;
  const api = new ApiClient(() => code, '', signOut);
  const main = h('main', { id: 'main', style: 'margin:0 auto; max-width:1800px' });
  const periodSel = h('select', { id: 'period-select', 'aria-label': '填报期次' });
  clear(app);
  app.append(
    h('header', { class: 'top' },
      h('h1', {}, `分工表协同填报 · ${unit.name}`),
      h('span', { class: 'spacer' }),
      h('label', {}, '期次 ', periodSel),
      h('button', { id: 'signout', onclick: signOut }, '退出'),
    ),
    main,
  );
  let periods: Period[];
  try {
    periods = (await api.call('periods')).periods;
  } catch (err) {
    return showError(err, main);
  }
  if (!periods.length) {
    main.append(h('div', { class: 'notice' }, '目前没有填报期次。'));
    return;
  }
  const initial = [...periods].reverse().find((p) => p.state === 'open') ?? periods[periods.length - 1];
  for (const p of periods) periodSel.append(h('option', { value: p.id, selected: p.id === initial.id }, `${p.name}${p.state === 'closed' ? '（已关闭）' : ''}`));
  periodSel.addEventListener('change', () => void showPeriod(periods.find((p) => p.id === periodSel.value)!));
  await showPeriod(initial);

  async function showPeriod(period: Period): Promise<void> {
    clear(main);
    main.dataset.ready = '';
    try {
      await fillPeriod(api, me, period, main);
    } catch (err) {
      showError(err, main);
    }
    main.dataset.ready = '1';
  }
}

async function fillPeriod(api: ApiClient, me: Me, period: Period, main: HTMLElement): Promise<void> {
  const unit = me.unit!;
  const [{ assignments, submittedAt }, pulled, review, { closures }, { evidence }, { extensions }] = await Promise.all([
    api.call('assignments', { params: { periodId: period.id } }),
    api.call('entries', { params: { periodId: period.id }, query: { since: 0, unit: unit.id } }),
    api.call('unitReview', { params: { periodId: period.id } }),
    api.call('closures', { params: { periodId: period.id } }),
    api.call('evidence', { params: { periodId: period.id } }),
    api.call('extensions', { params: { periodId: period.id } }),
  ]);
  const tz = me.timeZone ?? DEFAULT_TIME_ZONE;
  /** 办结 entries: shown finished and read-only (the service refuses writes to them too). */
  const isClosed = (mk: string) => closureOf(closures, mk, unit.id);
  /** Entries the service answered MEASURE_CLOSED for since the page loaded (closed meanwhile). */
  const closedNow = new Set<string>();
  const closedEntry = (mk: string) => !!isClosed(mk) || closedNow.has(mk);
  /** Drafts that can still be sent (those on 办结 entries cannot: shown apart, see closed-drafts.ts). */
  const sendable = () => drafts.all().filter((d) => !closedEntry(d.measureKey));
  /** The service's state of each of this unit's fields, as last seen. */
  const server = new Map<string, Partial<Record<Field, FieldState>>>();
  for (const e of pulled.entries) if (e.unitId === unit.id) server.set(e.measureKey, e.fields);
  const serverField = (mk: string, f: Field): FieldState => server.get(mk)?.[f] ?? { value: '', rev: 0 };
  const drafts = new DraftStore(localStorage, `fengong.fill.draft.${period.id}.${unit.id}`, newChangeId);
  const closed = period.state === 'closed';
  const uis = new Map<string, Record<Field, FieldUi>>();
  const cards = new Map<string, HTMLElement>();
  const closedSlots = new Map<string, HTMLElement>();

  main.append(
    h('h2', {}, `${period.name} · 本单位负责的举措（${assignments.length} 项）`),
    h('div', { class: 'muted small', style: 'margin:-6px 0 12px' },
      `截止时间：${formatDeadline(unitDeadline(period.deadline, extensions, tz), tz)}。填写的内容先保存在本浏览器中，按“保存”后提交到协调办公室；全部填好后按“报送”。`),
    closed
      ? h('div', { class: 'notice', id: 'closed-notice' }, '本期填报已关闭，不能再修改。如需补报，请联系协调办公室。',
          drafts.count() > 0 ? h('div', { class: 'small' }, '尚未保存的内容仍保留在本浏览器中（标为“未保存”），可复制后发给协调办公室补报。') : '')
      : '',
  );
  if (review.state === 'returned' && review.lastReturn) {
    const named = review.lastReturn.measureKeys.length;
    main.append(h('div', { class: 'notice bad', id: 'returned-notice' },
      h('strong', {}, `协调办公室已退回本单位的报送${named ? `（${named} 项举措）` : ''}`), `（${fmtTime(review.lastReturn.at)}，${review.lastReturn.by}）。`,
      h('div', {}, `退回意见：${review.lastReturn.reason}`),
      h('div', { class: 'small' }, '请按意见修改后重新报送。'),
    ));
  } else if (review.state === 'approved') {
    main.append(h('div', { class: 'notice', id: 'approved-notice' }, `本单位的报送已由协调办公室审核通过（${fmtTime(review.approvedAt)}）。`));
  }
  main.append(extensionPanel(api, period, tz, extensions));
  if (drafts.count() > 0) main.append(h('div', { class: 'notice', id: 'restored' }, `已恢复 ${drafts.count()} 处尚未保存的填写内容。`));
  const closedN = drafts.all().filter((d) => isClosed(d.measureKey)).length;
  if (closedN) main.append(h('div', { class: 'notice bad', id: 'closed-drafts-notice' }, `其中 ${CLOSED_DRAFT_TEXT.pendingNote(closedN)}，见各举措下的标注。`));

  const pendingLabel = h('span', { id: 'pending', class: 'muted' });
  const saveBtn = h('button', { class: 'primary', id: 'save', disabled: closed, onclick: () => void save() }, '保存');
  const submitBtn = h('button', { id: 'submit', disabled: closed, onclick: () => void submit() }, review.state === 'returned' ? '重新报送' : '报送');
  // 审签: who signed the report off inside the unit, asked at every 报送 (the last one is offered)
  const signer = h('input', { id: 'signed-by', placeholder: '审签人（单位负责人）', maxlength: 50, style: 'width:160px', value: review.signedBy ?? '', disabled: closed });
  const submitState = h('span', { id: 'submit-state', class: 'muted small' });
  const refreshBtn = h('button', { id: 'refresh', onclick: () => void refresh() }, '获取最新内容');
  if (submittedAt) showSubmitted(submittedAt);
  if (review.state === 'submitted' || review.state === 'approved') submitState.textContent += review.signedBy ? `（审签：${review.signedBy}）` : '';

  let lastTask = '';
  for (const a of assignments) {
    if (a.taskNo !== lastTask) {
      main.append(h('h3', {}, `${a.taskNo}. ${a.taskTitle}`));
      lastTask = a.taskNo;
    }
    main.append(measureCard(a));
  }

  main.append(h('div', { class: 'sticky-bar' }, saveBtn, pendingLabel, h('span', { class: 'spacer', style: 'flex:1' }), refreshBtn, submitState, signer, submitBtn));
  updatePending();

  function measureCard(a: MyAssignment): HTMLElement {
    const card = h('div', { class: 'measure', 'data-measure': a.measureKey });
    cards.set(a.measureKey, card);
    const returned = review.returnedEntries?.[a.measureKey];
    if (returned) {
      card.classList.add('returned');
      card.append(h('div', { class: 'notice bad return-reason' }, `退回意见：${returned}`));
    }
    const closure = isClosed(a.measureKey);
    if (closure) {
      card.classList.add('closed-entry');
      card.dataset.closed = '1';
      card.append(h('div', { class: 'notice closed-reason' }, `${CLOSURE_TEXT.closedEntry}（${fmtTime(closure.at)}，${closure.by}${closure.note ? `：${closure.note}` : ''}）`));
    }
    const readOnly = closed || !!closure;
    const fields = {} as Record<Field, FieldUi>;
    const boxes = FIELDS.map((f) => {
      const draft = drafts.get(a.measureKey, f);
      const value = draft ? draft.value : serverField(a.measureKey, f).value;
      let input: FieldUi['input'];
      if (f === 'status') {
        input = h('select', { name: f }, h('option', { value: '' }, '请选择'), STATUSES.map((s) => h('option', { value: s, selected: s === value }, s)));
        if (value && !(STATUSES as readonly string[]).includes(value)) input.append(h('option', { value, selected: true }, value));
      } else if (f === 'contact') {
        input = h('input', { name: f, value, placeholder: '姓名 电话' });
      } else {
        input = autoGrow(h('textarea', { name: f, rows: 4 }, value));
      }
      input.disabled = readOnly;
      input.addEventListener('input', () => {
        const s = serverField(a.measureKey, f);
        drafts.set(a.measureKey, f, input.value, s.value, s.rev);
        markDirty(a.measureKey);
      });
      const note = h('div', { class: 'field-note small' });
      fields[f] = { input, note, conflictBox: h('div', { class: 'field-conflict', 'data-field': f }) };
      return h('label', { class: 'fld', 'data-field': f }, FIELD_LABELS[f], input, note);
    });
    uis.set(a.measureKey, fields);
    card.append(
      h('div', { class: 'mhead' }, h('span', { class: 'mno' }, a.measureNo), h('span', { class: 'pre', style: 'flex:1' }, a.measureText), closure ? h('span', { class: 'tag light light-closed closed-tag' }, CLOSURE_TEXT.closedTag) : '', h('span', { class: `tag ${a.role === 'lead' ? 'ok' : ''}` }, a.role === 'lead' ? '牵头' : '配合')),
      h('div', { class: 'muted small', style: 'margin-bottom:8px' }, `责任单位：${a.unitsText}`),
      h('div', { class: 'fields' }, boxes),
      h('div', { class: 'conflicts' }, FIELDS.map((f) => fields[f].conflictBox)),
      closedSlot(a.measureKey),
      evidenceBox(api, { periodId: period.id, measureKey: a.measureKey, unitId: unit.id, files: evidence.filter((e) => e.measureKey === a.measureKey), readOnly }),
    );
    markDirty(a.measureKey, card);
    return card;
  }

  function markDirty(mk: string, card = cards.get(mk)): void {
    const dirty = FIELDS.some((f) => drafts.get(mk, f));
    card?.classList.toggle('dirty', dirty);
    for (const f of FIELDS) {
      const ui = uis.get(mk)?.[f];
      if (!ui || ui.note.dataset.kind === 'conflict' || ui.note.dataset.kind === 'error') continue;
      ui.note.textContent = drafts.get(mk, f) ? (closedEntry(mk) ? '未保存（已办结，不能提交）' : '未保存') : '';
      ui.note.style.color = 'var(--warn)';
    }
    updatePending();
  }

  /** Where a closed entry's unsent drafts are shown (filled now if it is closed already). */
  function closedSlot(mk: string): HTMLElement {
    const slot = h('div', { class: 'closed-draft-slot' });
    closedSlots.set(mk, slot);
    if (isClosed(mk)) showClosedDrafts(mk);
    return slot;
  }

  function showClosedDrafts(mk: string): void {
    const slot = closedSlots.get(mk);
    if (!slot) return;
    clear(slot);
    const box = closedDraftBox({
      drafts: drafts.all().filter((d) => d.measureKey === mk),
      onDiscard: (f) => {
        drafts.remove(mk, f);
        const ui = uis.get(mk)?.[f];
        if (ui) {
          ui.input.value = serverField(mk, f).value;
          delete ui.note.dataset.kind;
          refit(ui.input);
        }
        markDirty(mk);
      },
    });
    if (box) slot.append(box);
  }

  /** The service said MEASURE_CLOSED: the entry was closed meanwhile — show it read-only, its drafts apart. */
  function closeCard(mk: string): void {
    if (closedNow.has(mk) || isClosed(mk)) return;
    closedNow.add(mk);
    const card = cards.get(mk);
    card?.classList.add('closed-entry');
    if (card) card.dataset.closed = '1';
    for (const f of FIELDS) {
      const ui = uis.get(mk)?.[f];
      if (!ui) continue;
      ui.input.disabled = true;
      if (ui.note.dataset.kind === 'error') delete ui.note.dataset.kind;
    }
    card?.querySelector('.mhead .mno')?.after(h('span', { class: 'tag light light-closed closed-tag' }, CLOSURE_TEXT.closedTag));
    showClosedDrafts(mk);
    markDirty(mk);
  }

  function updatePending(): void {
    const n = sendable().length;
    const stuck = drafts.count() - n;
    const base = n ? `${n} 处未保存` : '全部已保存';
    pendingLabel.textContent = stuck ? `${base}；${CLOSED_DRAFT_TEXT.pendingNote(stuck)}` : base;
  }

  async function save(): Promise<boolean> {
    const pending = drafts.pending().filter((d) => !closedEntry(d.measureKey)); // 办结: not sent (shown apart)
    if (!pending.length) {
      toast('没有需要保存的内容。', 'info');
      return true;
    }
    saveBtn.disabled = true;
    let conflicts = 0;
    let rejected = 0;
    let closedMeanwhile = 0;
    try {
      // in batches the service takes (shared/sync/change-batches.ts); each batch's results are kept
      // as they come, so a failure later leaves only the unsent drafts to save again
      const changes = pending.map((p) => ({ p, changeId: p.draft.changeId, measureKey: p.measureKey, unitId: unit.id, field: p.field, baseRev: p.draft.baseRev, value: p.draft.value }));
      for (const batch of changeBatches(changes)) {
        const res = await api.call('changes', {
          params: { periodId: period.id },
          body: { source: 'fill', person: me.person ?? undefined, changes: batch.map(({ p: _p, ...c }) => c) },
        });
        const byId = new Map(res.results.map((r) => [r.changeId, r]));
        for (const { p } of batch) {
          const r = byId.get(p.draft.changeId);
          if (!r) continue;
          if (r.outcome === 'conflict') conflicts++;
          if (r.outcome === 'rejected' && r.reason?.code === 'MEASURE_CLOSED') closedMeanwhile++;
          else if (r.outcome === 'rejected') rejected++;
          applyResult(p.measureKey, p.field, r);
        }
      }
      if (conflicts) {
        toast(`已保存；有 ${conflicts} 处与他人修改冲突，请逐一选择。`, 'error');
        main.querySelector('.field-conflict:not(:empty)')?.scrollIntoView({ block: 'center' });
      }
      else if (rejected) toast(`有 ${rejected} 处未能保存，请查看标注的原因。`, 'error');
      else if (closedMeanwhile) toast(CLOSED_DRAFT_TEXT.refused(closedMeanwhile), 'error');
      else toast('已保存。', 'ok');
      return conflicts === 0 && rejected === 0; // 办结 drafts do not hold up 报送: they cannot be sent
    } catch (err) {
      showError(err);
      return false;
    } finally {
      saveBtn.disabled = closed;
      updatePending();
    }
  }

  function applyResult(mk: string, f: Field, r: ChangeResult): void {
    const ui = uis.get(mk)?.[f];
    if (r.outcome === 'rejected') {
      if (r.reason?.code === 'MEASURE_CLOSED') return closeCard(mk);
      if (ui) {
        ui.note.dataset.kind = 'error';
        ui.note.textContent = r.reason?.message ?? '未能保存。';
        ui.note.style.color = 'var(--bad)';
      }
      return;
    }
    if (r.outcome === 'conflict' && r.conflict) {
      drafts.markConflict(mk, f, r.conflict.id);
      if (ui) showConflict(mk, f, r.conflict.id, r.conflict.mine, r.conflict.serverValue, r.conflict.serverRev);
      return;
    }
    // accepted / merged / unchanged: the service's value is now the field's value
    const state: FieldState = { value: r.value ?? drafts.get(mk, f)?.value ?? '', rev: r.rev ?? serverField(mk, f).rev };
    setServer(mk, f, state);
    drafts.remove(mk, f);
    if (ui) {
      ui.input.value = state.value;
      refit(ui.input);
      if (r.outcome === 'merged') {
        ui.note.dataset.kind = 'merged';
        ui.note.textContent = '已与他人的修改逐句合并，请核对。';
        ui.note.style.color = 'var(--info)';
      } else delete ui.note.dataset.kind;
    }
    markDirty(mk);
  }

  function setServer(mk: string, f: Field, state: FieldState): void {
    const m = server.get(mk) ?? {};
    m[f] = state;
    server.set(mk, m);
  }

  function showConflict(mk: string, f: Field, conflictId: string, mine: string, theirs: string, theirRev: number): void {
    const ui = uis.get(mk)![f];
    setServer(mk, f, { value: theirs, rev: theirRev });
    ui.note.dataset.kind = 'conflict';
    ui.note.textContent = '与他人的修改冲突，请在下方选择';
    ui.note.style.color = 'var(--bad)';
    clear(ui.conflictBox);
    ui.conflictBox.append(
      h('div', { class: 'error', style: 'margin:10px 0 6px' }, `“${FIELD_LABELS[f]}”已被他人修改，请选择保留哪份内容（也可编辑后保存）：`),
      conflictView({
        conflictId,
        api,
        current: { label: '已保存的内容', value: theirs, rev: theirRev },
        other: { label: '我的内容', value: mine },
        onResolved: (res) => {
          setServer(mk, f, res.field);
          drafts.remove(mk, f);
          ui.input.value = res.field.value;
          delete ui.note.dataset.kind;
          clear(ui.conflictBox);
          markDirty(mk);
          toast('已按您的选择保存。', 'ok');
        },
        onError: (err) => toast(messageOf(err), 'error'),
      }),
    );
    cards.get(mk)?.classList.add('dirty');
  }

  async function refresh(): Promise<void> {
    try {
      const res = await api.call('entries', { params: { periodId: period.id }, query: { since: 0, unit: unit.id } });
      for (const e of res.entries) {
        if (e.unitId !== unit.id) continue;
        server.set(e.measureKey, e.fields);
        for (const f of FIELDS) {
          const ui = uis.get(e.measureKey)?.[f];
          if (ui && !drafts.get(e.measureKey, f)) {
            ui.input.value = e.fields[f]?.value ?? '';
            refit(ui.input);
          }
        }
      }
      toast('已获取最新内容。', 'ok');
    } catch (err) {
      showError(err);
    }
  }

  function showSubmitted(at: string): void {
    submitState.textContent = `已于 ${fmtTime(at)} 报送`;
    submitState.style.color = 'var(--ok)';
  }

  async function submit(): Promise<void> {
    if (sendable().length > 0) {
      const ok = await save();
      if (!ok || sendable().length > 0) {
        toast('还有未保存或有冲突的内容，请处理后再报送。', 'error');
        return;
      }
    }
    const empty = assignments.filter((a) => !isClosed(a.measureKey) && !serverField(a.measureKey, 'status').value).length;
    if (empty && !confirm(`还有 ${empty} 项举措未选择完成状态，仍要报送吗？`)) return;
    if (!signer.value.trim()) {
      toast('请填写审签人（本单位审核签发的负责人）后再报送。', 'error');
      signer.focus();
      return;
    }
    submitBtn.disabled = true;
    try {
      const res = await api.call('submit', { params: { periodId: period.id }, body: { signedBy: signer.value.trim() } });
      showSubmitted(res.submittedAt);
      submitState.textContent += `（审签：${res.signedBy ?? signer.value.trim()}）`;
      document.getElementById('returned-notice')?.remove();
      for (const c of cards.values()) c.querySelector('.return-reason')?.remove();
      submitBtn.textContent = '报送';
      toast('已报送。报送后仍可修改，修改会标注为“报送后有修改”。', 'ok');
    } catch (err) {
      showError(err);
    } finally {
      submitBtn.disabled = closed;
    }
  }
}

void session.boot();
