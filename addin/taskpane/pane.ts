// The task pane, the same for Excel and WPS 表格: connect → choose the period → 生成本单位填报表 /
// 同步 / 报送, a conflicts panel (each card can select its cell), a status line, and for the office
// 合并回收的工作簿 with a unit picker. All work is done by AddinSession over the host's port; this
// file only wires the HTML to it. The host entries (addin/excel/main.ts, addin/wps/main.ts) start it.
import { AddinSession, type CycleInfo, type StatusInfo, type SyncReport } from '../core/session';
import { renderCyclePanel } from './cycle-panel';
import type { SpreadsheetPort } from '../core/port';
import { TEXTS } from '../core/texts';
import type { LocalConflict } from '../../shared/sync/state';
import { ApiError, OfflineError } from '../client/api';
import type { MergeFileReport } from '../../shared/api/contract';
import type { Unit } from '../../shared/model/plan';
import { FIELD_LABELS } from '../../shared/model/fields';

/** What a host entry gives the pane: its port, built with the pane's "please finish editing" hook. */
export interface PaneHost {
  makePort(onWait: (message: string | null) => void): SpreadsheetPort;
}

const REMEMBER_KEY = 'fengong.code';
/** The last server address on this PC: the WPS offline package is opened from a file, so its own origin says nothing. */
const SERVER_KEY = 'fengong.server';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let port: SpreadsheetPort;
let session: AddinSession | null = null;
let measureNos = new Map<string, string>();
let lastStatus: StatusInfo | null = null;
/** The 督办 cycle as last fetched (退回 reason, 办结, evidence); null for the office or before sign-in. */
let lastCycle: CycleInfo | null = null;
let busy = false;

function show(text: string, kind: 'ok' | 'error' | 'warn' = 'ok'): void {
  const m = $('message');
  m.textContent = text;
  m.className = `msg ${kind}`;
  m.hidden = !text;
}

function errorText(err: unknown): string {
  if (err instanceof OfflineError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return '操作失败，请重试。';
}

async function guarded(button: HTMLButtonElement | null, work: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  const buttons = [...document.querySelectorAll('button')] as HTMLButtonElement[];
  buttons.forEach((b) => (b.disabled = true));
  const label = button?.textContent ?? '';
  if (button) button.textContent = `${label}…`;
  try {
    await work();
  } catch (err) {
    show(errorText(err), err instanceof OfflineError ? 'warn' : 'error');
  } finally {
    if (button) button.textContent = label;
    buttons.forEach((b) => (b.disabled = false));
    busy = false;
    renderStatus();
  }
}

function time(iso: string | null): string {
  if (!iso) return '尚未同步';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function renderStatus(): void {
  const line = $('status-line');
  if (!session) {
    line.textContent = '未连接';
    return;
  }
  const offline = session.offline || (typeof navigator !== 'undefined' && navigator.onLine === false);
  const parts: string[] = [];
  if (session.isCoordinator) parts.push('协调办公室（只读汇总）');
  else if (lastStatus && !lastStatus.laidOut) parts.push('尚未生成填报表');
  else if (lastStatus) {
    parts.push(`上次同步：${time(lastStatus.lastSyncAt)}`);
    const closedN = lastStatus.closedEdits.length;
    parts.push(`待同步修改：${lastStatus.pending} 处${closedN ? `（其中 ${closedN} 处属已办结举措，不会发送）` : ''}`);
    if (lastStatus.conflicts.length) parts.push(`冲突：${lastStatus.conflicts.length} 处`);
  }
  line.innerHTML = '';
  line.append(parts.join(' · '));
  const net = document.createElement('span');
  net.className = offline ? 'offline' : '';
  net.textContent = offline ? ' · 离线' : ' · 在线';
  line.append(net);
  line.dataset.pending = String(lastStatus?.pending ?? 0);
  // (not while a button shows its "…": `guarded` puts the label back, then calls this)
  if (!busy) $('submit').textContent = lastCycle?.review.state === 'returned' ? '重新报送' : '报送';
  line.dataset.offline = String(offline);
}

async function refreshStatus(): Promise<void> {
  if (!session) return;
  lastStatus = await session.status();
  renderConflicts(lastStatus.conflicts);
  drawCycle();
  renderStatus();
}

/** Fetch the unit's review, 办结 entries and evidence again (sign-in, period change, 同步, 报送). */
async function refreshCycle(): Promise<void> {
  if (!session || session.isCoordinator) {
    lastCycle = null;
    return;
  }
  lastCycle = await session.cycle();
  // the last signer is offered (asked again at every 报送)
  if (lastCycle.review.signedBy && !$<HTMLInputElement>('signed-by').value) $<HTMLInputElement>('signed-by').value = lastCycle.review.signedBy;
}

function drawCycle(): void {
  if (!session) return;
  renderCyclePanel(lastCycle, lastStatus?.closedEdits ?? [], {
    session,
    measureNo: (k) => measureNos.get(k) ?? k,
    onError: (err) => show(errorText(err), err instanceof OfflineError ? 'warn' : 'error'),
  });
}

function renderConflicts(conflicts: LocalConflict[]): void {
  const panel = $('conflicts-panel');
  const list = $('conflicts');
  list.innerHTML = '';
  panel.hidden = conflicts.length === 0;
  for (const c of conflicts) {
    const box = document.createElement('div');
    box.className = 'conflict';
    box.dataset.conflictId = c.id;
    const h = document.createElement('h3');
    h.textContent = `举措 ${measureNos.get(c.measureKey) ?? c.measureKey} · ${FIELD_LABELS[c.field]}`;
    const both = document.createElement('div');
    both.className = 'both';
    const mine = document.createElement('div');
    mine.innerHTML = '<b>我的</b>';
    mine.append(c.mine);
    const theirs = document.createElement('div');
    theirs.innerHTML = '<b>对方的（服务器）</b>';
    theirs.append(c.theirs);
    both.append(mine, theirs);
    const edit = document.createElement('textarea');
    edit.value = c.mine;
    edit.hidden = true;
    edit.setAttribute('aria-label', '编辑后的内容');
    const row = document.createElement('div');
    row.className = 'row';
    const btn = (text: string, cls: string, fn: () => Promise<void>) => {
      const b = document.createElement('button');
      b.textContent = text;
      b.className = cls;
      b.addEventListener('click', () => void guarded(b, fn));
      return b;
    };
    const resolve = async (value: string, what: string) => {
      const out = await session!.resolve(c.id, value);
      if (out.resolved) show(`已处理冲突：${what}。`);
      else show(TEXTS.conflictMoved(out.updatedBy), 'warn');
      await refreshStatus();
    };
    const find = document.createElement('button');
    find.textContent = '定位';
    find.className = 'link';
    find.title = '在工作表中选中这一单元格';
    find.addEventListener('click', () =>
      guarded(null, async () => {
        if (!(await session!.locate(c))) show('工作表中找不到这一行，请重新生成填报表。', 'warn');
      }),
    );
    const editBtn = document.createElement('button');
    editBtn.textContent = '编辑';
    editBtn.addEventListener('click', () => {
      edit.hidden = false;
      save.hidden = false;
      edit.focus();
    });
    const save = btn('提交编辑结果', 'primary', () => resolve(edit.value, '采用编辑后的内容'));
    save.hidden = true;
    row.append(btn('用我的', 'primary', () => resolve(c.mine, '采用我的内容')), btn('用对方的', '', () => resolve(c.theirs, '采用对方的内容')), editBtn, save, find);
    box.append(h, both, edit, row);
    list.append(box);
  }
}

function syncMessage(r: SyncReport): void {
  if (r.offline) return show(`当前离线：${r.pending} 处修改已保存在本工作簿中，联网后再点“同步”。`, 'warn');
  const parts = [`同步完成：上传 ${r.accepted + r.merged} 处`, `收到他人修改 ${r.pulled} 处`];
  if (r.merged) parts.push(`${r.merged} 处已按句自动合并，请核对`);
  if (r.conflicts.length) parts.push(`${r.conflicts.length} 处冲突待处理`);
  const closed = r.rejected.filter((x) => x.code === 'MEASURE_CLOSED');
  const other = r.rejected.filter((x) => x.code !== 'MEASURE_CLOSED');
  if (closed.length) parts.push(TEXTS.closedNotSent(closed.length, [...new Set(closed.map((x) => measureNos.get(x.measureKey) ?? x.measureKey))].join('、')).replace(/。$/, ''));
  if (other.length) parts.push(`${other.length} 处未被接受：${other[0].message}`);
  if (r.keptLocal) parts.push(`${r.keptLocal} 处保留了您未同步的修改`);
  if (r.needsLayout) parts.push('分工有调整，请重新生成填报表');
  show(parts.join('；') + '。', r.conflicts.length || r.rejected.length ? 'warn' : 'ok');
}

/** Coordinator: each picked workbook goes to the service one after another; a compact report per file. */
async function mergeFiles(files: File[]): Promise<void> {
  const s = session!;
  const progress = $('merge-progress');
  const list = $('merge-reports');
  const pick = $('merge-pick');
  const input = $<HTMLInputElement>('merge-files');
  list.innerHTML = '';
  progress.hidden = false;
  pick.classList.add('disabled');
  input.disabled = true;
  let ok = 0;
  try {
    for (const [i, file] of files.entries()) {
      progress.textContent = `正在合并 ${i + 1}/${files.length}：${file.name}`;
      const report = await mergeOne(file);
      if (report.ok) ok++;
      const card = mergeCard(report);
      list.append(card);
      if (needsUnit(report)) card.append(unitPicker(file, report, card));
    }
  } finally {
    pick.classList.remove('disabled');
    input.disabled = false;
  }
  progress.textContent = `已处理 ${files.length} 个文件：${ok} 个已合并${ok < files.length ? `，${files.length - ok} 个未合并` : ''}。`;
}

type FileReport = MergeFileReport | { file: string; ok: false; error: { code?: string; message: string; details?: unknown } };

async function mergeOne(file: File, unit?: string): Promise<FileReport> {
  const s = session!;
  try {
    return (await s.api.merge(s.period.id, file, unit)).files[0] ?? { file: file.name, ok: false, error: { message: '服务没有返回合并报告。' } };
  } catch (err) {
    if (err instanceof ApiError) return { file: file.name, ok: false, error: { code: err.code, message: err.message, details: err.details } };
    const message = err instanceof OfflineError ? '无法连接服务器（离线），文件未合并。' : errorText(err);
    return { file: file.name, ok: false, error: { message } };
  }
}

/** The service could not tell whose file it is (UNIT_UNKNOWN_IN_FILE), or several units fit. */
function needsUnit(r: FileReport): boolean {
  if (r.ok || !r.error) return false;
  const e = r.error as { code?: string; details?: { candidates?: unknown } };
  return e.code === 'UNIT_UNKNOWN_IN_FILE' || Array.isArray(e.details?.candidates);
}

let planUnits: Unit[] | null = null;

/** Offer the plan's units (the service's candidates first) and send the file again with ?unit=. */
function unitPicker(file: File, r: FileReport, card: HTMLElement): HTMLElement {
  const box = document.createElement('div');
  box.className = 'row unit-pick';
  const sel = document.createElement('select');
  sel.setAttribute('aria-label', '选择填报单位');
  sel.innerHTML = '<option value="">请选择该文件的填报单位…</option>';
  const again = document.createElement('button');
  again.textContent = '按所选单位合并';
  again.className = 'primary';
  box.append(sel, again);
  const candidates = ((r.error as { details?: { candidates?: string[] } }).details?.candidates ?? []).map(String);
  // (not `guarded`: the merge that shows this picker is still running)
  const fill = async () => {
    planUnits ??= (await session!.api.plan(session!.period.planId)).plan.units;
    const byId = new Map(planUnits.map((u) => [u.id, u]));
    const first = candidates.map((id) => byId.get(id)).filter((u): u is Unit => !!u);
    for (const u of [...first, ...planUnits.filter((x) => !candidates.includes(x.id))]) {
      const o = document.createElement('option');
      o.value = u.id;
      o.textContent = u.name;
      sel.append(o);
    }
  };
  fill().catch((err) => show(errorText(err), 'error'));
  again.addEventListener('click', () =>
    guarded(again, async () => {
      if (!sel.value) throw new Error('请先选择填报单位。');
      const report = await mergeOne(file, sel.value);
      const next = mergeCard(report);
      card.replaceWith(next);
      if (needsUnit(report)) next.append(unitPicker(file, report, next));
    }),
  );
  return box;
}

function mergeCard(r: FileReport): HTMLElement {
  const card = document.createElement('div');
  card.className = 'merge-report';
  card.dataset.file = r.file;
  const name = document.createElement('div');
  name.className = 'name';
  const tag = document.createElement('span');
  tag.className = `tag ${r.ok ? 'ok' : 'bad'}`;
  tag.textContent = r.ok ? '已合并' : '未合并';
  name.append(r.file, tag);
  card.append(name);
  if (!('counts' in r) || !r.ok) {
    const e = document.createElement('div');
    e.className = 'error';
    e.textContent = r.error?.message ?? '文件未能合并。';
    card.append(e);
    return card;
  }
  const unit = document.createElement('div');
  unit.className = 'muted';
  unit.textContent = `填报单位：${r.unitName ?? '未识别'}${r.late ? ' · 补报（本期已关闭）' : ''}`;
  const c = r.counts;
  const counts = document.createElement('div');
  counts.className = 'counts';
  const items: [string, number, string][] = [
    ['merged', c.merged, '已合并字段'],
    ['unchanged', c.unchanged, '无变化'],
    ['conflicts', c.conflicts, '冲突'],
    ['unmatched', c.unmatchedRows, '未匹配行'],
    ['ignored', c.ignoredCells, '忽略的单元格'],
  ];
  if (c.rejected) items.push(['rejected', c.rejected, '被拒绝']);
  for (const [id, n, label] of items) {
    const span = document.createElement('span');
    span.dataset.count = id;
    const b = document.createElement('b');
    b.textContent = String(n);
    span.append(`${label} `, b);
    counts.append(span);
  }
  card.append(unit, counts);
  const notes: string[] = [];
  if (c.conflicts) notes.push(`${c.conflicts} 处冲突：两份内容均已保留，请在网页管理台“冲突处理”中选择。`);
  if (c.unmatchedRows) notes.push(`${c.unmatchedRows} 行未能匹配到举措（内容未丢失），请在网页管理台查看详情并人工处理。`);
  if (c.rejected) notes.push(`被拒绝：${r.rejected[0]?.message ?? ''}`);
  for (const text of notes) {
    const n = document.createElement('div');
    n.className = 'note';
    n.textContent = text;
    card.append(n);
  }
  return card;
}

/** The change event is only a hint (pastes and drop-down picks may not raise it): it refreshes the count. */
let hintTimer: ReturnType<typeof setTimeout> | undefined;
async function watchSheet(sheetName: string): Promise<void> {
  await port.watch(sheetName, () => {
    clearTimeout(hintTimer);
    hintTimer = setTimeout(() => void refreshStatus().catch(() => undefined), 800);
  });
}

async function afterConnect(s: AddinSession): Promise<void> {
  session = s;
  $('connect-screen').hidden = true;
  $('work-screen').hidden = false;
  const unit = s.me.unit;
  $('who').textContent = unit ? `${unit.name}${s.me.person ? ` · ${s.me.person}` : ''}` : '协调办公室';
  $('unit-line').textContent = unit ? `填报单位：${unit.name}` : '协调办公室：可生成全部单位的汇总表（只读，已设置打印格式）。';
  const sel = $<HTMLSelectElement>('period');
  sel.innerHTML = '';
  for (const p of s.periods) {
    const o = document.createElement('option');
    o.value = p.id;
    o.textContent = `${p.name}${p.state === 'closed' ? '（已关闭）' : ''}`;
    o.selected = p.id === s.period.id;
    sel.append(o);
  }
  $('layout').textContent = s.isCoordinator ? '生成汇总表' : '生成本单位填报表';
  $('sync').hidden = s.isCoordinator;
  $('merge-panel').hidden = !s.isCoordinator;
  $('merge-reports').innerHTML = '';
  $('merge-progress').hidden = true;
  $('submit').hidden = s.isCoordinator;
  $('signoff-row').hidden = s.isCoordinator;
  $<HTMLInputElement>('signed-by').value = '';
  lastCycle = null;
  if (!s.isCoordinator) {
    const { assignments } = await s.api.assignments(s.period.id);
    measureNos = new Map(assignments.map((a) => [a.measureKey, a.measureNo]));
  }
  await refreshCycle();
  await refreshStatus();
  if (lastStatus?.sheetName) void watchSheet(lastStatus.sheetName);
}

/** Start the pane on a host. */
export async function startPane(host: PaneHost): Promise<void> {
  // While the host refuses calls because a cell is being edited, say so (the work resumes by itself).
  port = host.makePort((message) => (message ? show(message, 'warn') : undefined));
  const saved = await AddinSession.savedServer(port).catch(() => null);
  const own = location.protocol.startsWith('http') ? location.origin : '';
  $<HTMLInputElement>('server').value = saved ?? localStorage.getItem(SERVER_KEY) ?? own;
  const remembered = localStorage.getItem(REMEMBER_KEY);
  if (remembered) {
    $<HTMLInputElement>('code').value = remembered;
    $<HTMLInputElement>('remember').checked = true;
  }
  $('connect').addEventListener('click', (e) =>
    guarded(e.currentTarget as HTMLButtonElement, async () => {
      const code = $<HTMLInputElement>('code').value.trim();
      const server = $<HTMLInputElement>('server').value.trim() || location.origin;
      if (!/^https?:\/\//.test(server)) throw new Error('请填写服务器地址（如 https://fengong.example.gov.cn）。');
      if (!code) throw new Error('请输入访问码。');
      const s = await AddinSession.connect(port, server, code);
      localStorage.setItem(SERVER_KEY, server);
      if ($<HTMLInputElement>('remember').checked) localStorage.setItem(REMEMBER_KEY, code);
      else localStorage.removeItem(REMEMBER_KEY);
      show('');
      await afterConnect(s);
      show(`已连接：${s.me.unit?.name ?? '协调办公室'}，填报期次 ${s.period.name}。`);
    }),
  );
  $('period').addEventListener('change', () =>
    guarded(null, async () => {
      session?.selectPeriod($<HTMLSelectElement>('period').value);
      await refreshCycle();
      await refreshStatus();
    }),
  );
  $('layout').addEventListener('click', (e) =>
    guarded(e.currentTarget as HTMLButtonElement, async () => {
      const r = await session!.layout();
      const kept = r.keptEdits ? `，保留了 ${r.keptEdits} 处未同步的修改` : '';
      const extra = [!r.features.validation && `此版本 ${port.hostName} 不支持下拉列表`, !r.features.pageLayout && `此版本 ${port.hostName} 不支持自动设置打印格式`].filter(Boolean).join('；');
      await refreshCycle(); // the 办结 entries the layout just locked, with the rest of the panel
      await refreshStatus();
      show(`已生成工作表“${r.sheetName}”，共 ${r.rows} 行${kept}。${extra ? `（${extra}）` : ''}`);
      if (!session!.isCoordinator) void watchSheet(r.sheetName);
    }),
  );
  $('sync').addEventListener('click', (e) =>
    guarded(e.currentTarget as HTMLButtonElement, async () => {
      const r = await session!.sync();
      if (!r.offline) await refreshCycle();
      await refreshStatus();
      syncMessage(r); // last: what it says matches the status line and the panel
    }),
  );
  $('submit').addEventListener('click', (e) =>
    guarded(e.currentTarget as HTMLButtonElement, async () => {
      const r = await session!.sync();
      if (r.offline) return syncMessage(r);
      if (r.conflicts.length) throw new Error('还有冲突未处理，请先处理冲突再报送。');
      const signer = $<HTMLInputElement>('signed-by');
      if (!signer.value.trim()) {
        signer.focus();
        throw new Error(TEXTS.signOffRequired);
      }
      const at = await session!.submit(signer.value);
      await refreshCycle();
      await refreshStatus();
      show(`已报送（${time(at)}，审签：${signer.value.trim()}）。报送后仍可修改，修改会标记为“报送后修改”。`);
    }),
  );
  $('merge-files').addEventListener('change', (e) => {
    const input = e.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length && session?.isCoordinator) void guarded(null, () => mergeFiles(files));
  });
  $('disconnect').addEventListener('click', () => {
    session = null;
    lastStatus = null;
    lastCycle = null;
    renderCyclePanel(null, [], { session: null as never, measureNo: String, onError: () => undefined });
    $('signoff-row').hidden = true;
    $('connect-screen').hidden = false;
    $('work-screen').hidden = true;
    $('conflicts-panel').hidden = true;
    $('merge-panel').hidden = true;
    $('who').textContent = '请输入访问码连接';
    show('');
    renderStatus();
  });
  addEventListener('online', renderStatus);
  addEventListener('offline', renderStatus);
  renderStatus();
}

/** Where the host's script is missing (outside Excel or WPS), say so instead of showing dead buttons. */
export function blocked(text: string): void {
  show(text, 'error');
  $('connect-screen').hidden = true;
  $('status-line').textContent = '未连接';
}
