// 回收工作簿: drop the workbooks and Word tables units e-mailed back (or pick them); each is merged by
// the service one after another (with progress) and its report shown in plain words: whose file and
// how that was known, what each column was read as, merged / unchanged / conflicts / unmatched rows,
// ignored cells and why. A file that does not say whose it is (or names several units) gets a unit
// picker; the office may also let the name the file used be recognised from then on (an alias).
// The unit templates (.xlsx / .docx) are downloaded here too.
import { h, clear } from '../../common/dom';
import { ApiError, messageOf } from '../../common/api';
import { Progress } from '../../common/ui';
import type { Ctx } from '../context';
import { UnitQuestionDetails, type MergeFileReport } from '../../../shared/api/contract';
import { FIELD_LABELS } from '../../../shared/model/progress';
import { describeColumns, describeMerge, failedMergeReport, mergeVerdict, needsUnitChoice } from '../../../shared/workbook/merge-report';

const MATCH_LABELS: Record<string, string> = {
  key: '隐藏键',
  'no+text': '序号+举措文字',
  no: '序号',
  'task+text': '任务+举措文字',
  task: '任务',
  text: '举措文字',
};

const ACCEPT = '.xlsx,.xlsm,.docx,.xls,.et,.ods,.doc,.wps,.odt';

export async function workbooksPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  const period = ctx.period;
  if (!period) {
    root.append(h('div', { class: 'notice' }, '还没有填报期次。'));
    return;
  }
  const input = h('input', { type: 'file', id: 'wb-files', multiple: true, accept: ACCEPT, style: 'display:none' });
  const zone = h('div', { class: 'dropzone', id: 'wb-drop' },
    h('div', { style: 'font-size:16px; margin-bottom:8px' }, '把单位发回的工作簿或 Word 表格拖到这里'),
    h('div', {}, '或 ', h('button', { class: 'primary', id: 'wb-pick', onclick: () => input.click() }, '选择文件'), '（可多选：.xlsx、.docx；服务器装有 LibreOffice 时也可 .xls、.et、.ods、.doc）'),
    h('div', { class: 'muted small', style: 'margin-top:6px' }, '填报单位按模板隐藏键、“填报单位”栏、标题、工作表名和文件名自动识别；识别不了时会请您选择。'),
  );
  const progressBox = h('div', { id: 'wb-progress' });
  const reports = h('div', { id: 'wb-reports' });
  root.append(h('h2', {}, `回收工作簿 · ${period.name}`), period.state === 'closed' ? h('div', { class: 'notice' }, '本期已关闭：合并的内容将记为补报。') : '', h('div', { class: 'card' }, zone, input, progressBox), templatesCard(ctx), reports);

  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) void mergeAll(files);
  });
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) void mergeAll(files);
  });

  async function mergeAll(files: File[]): Promise<void> {
    clear(progressBox);
    const progress = new Progress();
    progressBox.append(progress.el);
    let done = 0;
    for (const file of files) {
      progress.set(done, files.length, `正在合并 ${file.name}（${done + 1}/${files.length}）…`);
      reports.prepend(reportCard(ctx, await mergeFile(ctx, period!.id, file), file));
      done++;
    }
    progress.done(`已处理 ${files.length} 个文件。`);
  }
}

/** One file to the service; a refusal (4xx) becomes a report carrying the error and the unit candidates. */
async function mergeFile(ctx: Ctx, periodId: string, file: File, unit?: string): Promise<MergeFileReport> {
  try {
    const res = await ctx.api.upload('merge', file, { params: { periodId }, query: { name: file.name, unit } });
    ctx.pendingChanged(); // a merge may leave conflicts
    return res.files[0] ?? failedMergeReport(file.name, 'ERROR', '服务没有返回合并报告。');
  } catch (err) {
    if (!(err instanceof ApiError)) return failedMergeReport(file.name, 'ERROR', messageOf(err));
    const details = UnitQuestionDetails.safeParse(err.details);
    return failedMergeReport(file.name, err.code, err.message, details.success ? details.data : undefined);
  }
}

function templatesCard(ctx: Ctx): HTMLElement {
  const period = ctx.period!;
  const sel = h('select', { id: 'tpl-unit', 'aria-label': '模板的单位' });
  for (const u of [...ctx.units.values()].filter((x) => x.kind !== 'placeholder_group')) sel.append(h('option', { value: u.id }, u.name));
  const get = (ext: 'xlsx' | 'docx') => () =>
    void ctx.api
      .download(ext === 'xlsx' ? 'template' : 'templateDocx', { params: { periodId: period.id, unitId: sel.value } }, `${ctx.unitName(sel.value)}-${period.name}-填报表.${ext}`)
      .catch((e) => alert(messageOf(e)));
  return h('div', { class: 'card' },
    h('div', { class: 'row' }, h('span', { class: 'muted' }, '下载填报模板：'), sel,
      h('button', { id: 'tpl-xlsx', onclick: get('xlsx') }, 'Excel 模板'),
      h('button', { id: 'tpl-docx', onclick: get('docx') }, 'Word 模板'),
      h('span', { class: 'muted small' }, '单位填好后发回，拖到上方即可合并。')),
  );
}

function reportCard(ctx: Ctx, r: MergeFileReport, file: File): HTMLElement {
  const verdict = mergeVerdict(r);
  const card = h('div', { class: 'card merge-report', 'data-file': r.file, 'data-verdict': verdict.label });
  card.append(h('div', { class: 'row', style: 'justify-content:space-between' }, h('strong', {}, r.file), h('span', { class: `tag ${verdict.tone}` }, verdict.label)));
  if (!r.ok) {
    card.append(h('div', { class: needsUnitChoice(r) ? 'notice' : 'error' }, r.error?.message ?? '文件未能合并。'));
    if (needsUnitChoice(r)) card.append(unitPicker(ctx, r, file, card));
    return card;
  }
  const c = r.counts;
  card.append(
    ...describeMerge(r).map((line, i) => h('div', { class: i === 0 ? 'muted small' : '', style: 'margin:4px 0' }, line)),
    h('div', { class: 'stats' },
      count('merged', c.merged, '已合并字段'), count('unchanged', c.unchanged, '无变化'), count('conflicts', c.conflicts, '冲突'),
      count('unmatched', c.unmatchedRows, '未匹配行'), count('ignored', c.ignoredCells, '忽略的单元格'), count('rejected', c.rejected, '被拒绝'), count('formula', c.formulaCells, '公式单元格')),
  );
  if (r.conflicts.length) {
    card.append(h('div', { class: 'notice' }, `有 ${r.conflicts.length} 处冲突，两份内容均已保留，请到 `, h('a', { href: '#conflicts' }, '冲突处理'), ' 中选择。'));
  }
  const columns = describeColumns(r);
  const details: [string, string, HTMLElement | null, boolean?][] = [
    ['columns', '各列的读取方式', columns.length ? tbl(['工作表', '列', '表头', '读作', '依据'], columns.map((x) => [x.sheet, x.column, x.header, x.meaning, x.reason])) : null],
    ['unmatched', '未匹配的行（内容未丢失，请人工处理）', r.unmatchedRows.length ? tbl(['工作表', '行', '序号', '内容', '原因'], r.unmatchedRows.map((m) => [m.sheet, m.row, m.no, m.text, m.reason])) : null, true],
    ['ignored', '未导入的单元格', r.ignoredCells.length ? tbl(['工作表', '单元格', '内容', '原因'], r.ignoredCells.map((m) => [m.sheet, m.cell, m.text, m.reason])) : null, true],
    ['merged', '已合并', r.merged.length ? tbl(['工作表', '行', '举措', '单位', '字段', '方式'], r.merged.map((m) => [m.sheet, m.row, m.measureNo, ctx.unitName(m.unitId), FIELD_LABELS[m.field], (m.outcome === 'merged' ? '逐句合并' : '直接采用') + (m.cleaned ? '（已删除不可见的控制字符）' : '')])) : null],
    ['conflicts', '冲突', r.conflicts.length ? tbl(['工作表', '行', '举措', '字段', '现有内容', '文件中的内容'], r.conflicts.map((m) => [m.sheet, m.row, m.measureNo, FIELD_LABELS[m.field], m.serverValue, m.mine])) : null],
    ['rejected', '被拒绝', r.rejected.length ? tbl(['工作表', '行', '举措', '字段', '原因'], r.rejected.map((m) => [m.sheet, m.row, m.measureNo, FIELD_LABELS[m.field], m.message])) : null],
    ['formula', '公式单元格（按计算结果作为文本读取）', r.formulaCells.length ? tbl(['工作表', '单元格', '值'], r.formulaCells.map((m) => [m.sheet, m.cell, m.value])) : null],
    ['links', '超链接（地址已附在文字后）', r.links.length ? tbl(['工作表', '单元格', '文字', '链接地址'], r.links.map((m) => [m.sheet, m.cell, m.text, m.target])) : null],
    ['matches', '行匹配方式', r.matches.length ? tbl(['工作表', '行', '举措', '方式', '可信度'], r.matches.map((m) => [m.sheet, m.row, m.measureNo, MATCH_LABELS[m.method] ?? m.method, `${Math.round(m.confidence * 100)}%`])) : null],
  ];
  for (const [id, title, table, open] of details) if (table) card.append(h('details', { style: 'margin-top:6px', 'data-part': id, open: !!open }, h('summary', {}, title), table));
  return card;
}

/** "这个文件是哪个单位的？" — the candidates first, then every unit; optionally remember the name the file used. */
function unitPicker(ctx: Ctx, r: MergeFileReport, file: File, card: HTMLElement): HTMLElement {
  const d = r.error?.details;
  const cands = d?.candidates ?? [];
  const sel = h('select', { class: 'wb-unit', 'aria-label': '这个文件的填报单位' }, h('option', { value: '' }, '请选择…'));
  if (cands.length) sel.append(h('optgroup', { label: '文件中出现的单位' }, cands.map((id) => h('option', { value: id }, ctx.unitName(id)))));
  const others = [...ctx.units.values()].filter((u) => u.kind !== 'placeholder_group' && !cands.includes(u.id));
  sel.append(h('optgroup', { label: cands.length ? '其他单位' : '全部单位' }, others.map((u) => h('option', { value: u.id }, u.name))));
  const remember = d?.written ? h('input', { type: 'checkbox', class: 'wb-remember' }) : null;
  const status = h('span', { class: 'muted small' });
  const go = h('button', { class: 'primary wb-choose' }, '按此单位合并');
  go.addEventListener('click', () => {
    if (!sel.value) {
      status.textContent = '请先选择单位。';
      return;
    }
    go.setAttribute('disabled', '');
    status.textContent = '正在合并…';
    void (async () => {
      if (remember?.checked && d?.written) await rememberAlias(ctx, sel.value, d.written).catch((e) => (status.textContent = messageOf(e)));
      const again = await mergeFile(ctx, ctx.period!.id, file, sel.value);
      card.replaceWith(reportCard(ctx, again, file));
    })();
  });
  return h('div', { class: 'wb-picker', style: 'margin-top:8px' },
    d?.seen.length ? h('div', { class: 'muted small' }, `已查看：${d.seen.join('；')}`) : '',
    h('div', { class: 'row', style: 'margin-top:6px' }, h('span', {}, '这个文件是哪个单位的？'), sel, go, status),
    remember ? h('label', { class: 'small', style: 'display:block; margin-top:4px' }, remember, ` 以后把“${d!.written}”识别为所选单位`) : '',
  );
}

/** The unit registry keeps the name as an alias: later files saying it are recognised. */
async function rememberAlias(ctx: Ctx, unitId: string, written: string): Promise<void> {
  const u = ctx.units.get(unitId);
  if (!u || u.aliases.includes(written)) return;
  const updated = await ctx.api.call('createUnit', { body: { ...u, aliases: [...u.aliases, written] } });
  ctx.units.set(unitId, updated);
}

function count(id: string, n: number, label: string): HTMLElement {
  return h('div', { class: 'stat', 'data-count': id }, h('b', {}, String(n)), h('span', {}, label));
}

function tbl(head: string[], rows: (string | number)[][]): HTMLElement {
  return h('table', { class: 'data' }, h('thead', {}, h('tr', {}, head.map((t) => h('th', {}, t)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((v) => h('td', { class: 'pre' }, String(v)))))));
}
