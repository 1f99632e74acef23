// 回收工作簿: drop the workbooks units e-mailed back (or pick them); each is merged by the service
// one after another (with progress) and its report shown: merged, unchanged, conflicts, unmatched rows.
import { h, clear } from '../../common/dom';
import { ApiError, messageOf } from '../../common/api';
import { Progress } from '../../common/ui';
import type { Ctx } from '../context';
import { MergeResponse, type MergeFileReport } from '../../../shared/api/contract';
import { FIELD_LABELS } from '../../../shared/model/progress';

const MATCH_LABELS: Record<string, string> = {
  key: '隐藏键',
  'no+text': '序号+举措文字',
  no: '序号',
  'task+text': '任务+举措文字',
  task: '任务',
  text: '举措文字',
};

export async function workbooksPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  const period = ctx.period;
  if (!period) {
    root.append(h('div', { class: 'notice' }, '还没有填报期次。'));
    return;
  }
  const input = h('input', { type: 'file', id: 'wb-files', multiple: true, accept: '.xlsx,.xlsm,.xls,.et,.csv', style: 'display:none' });
  const unitSel = h('select', { id: 'wb-unit', 'aria-label': '填报单位' }, h('option', { value: '' }, '自动识别填报单位'));
  for (const u of [...ctx.units.values()].filter((u) => u.kind !== 'placeholder_group')) unitSel.append(h('option', { value: u.id }, u.name));
  const zone = h('div', { class: 'dropzone', id: 'wb-drop' },
    h('div', { style: 'font-size:16px; margin-bottom:8px' }, '把单位发回的工作簿拖到这里'),
    h('div', {}, '或 ', h('button', { class: 'primary', id: 'wb-pick', onclick: () => input.click() }, '选择文件'), '（可多选，.xlsx）'),
  );
  const progressBox = h('div', { id: 'wb-progress' });
  const reports = h('div', { id: 'wb-reports' });
  root.append(
    h('h2', {}, `回收工作簿 · ${period.name}`),
    period.state === 'closed' ? h('div', { class: 'notice' }, '本期已关闭：合并的内容将记为补报。') : '',
    h('div', { class: 'card' }, h('div', { class: 'row', style: 'margin-bottom:10px' }, h('span', { class: 'muted' }, '填报单位：'), unitSel, h('span', { class: 'muted small' }, '模板和带单位名称的表格会自动识别；无法识别时请指定。')), zone, input, progressBox),
    reports,
  );

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
      let report: MergeFileReport;
      try {
        const res = await ctx.api.upload(`/api/periods/${encodeURIComponent(period!.id)}/merge`, file, MergeResponse, { name: file.name, unit: unitSel.value || undefined });
        report = res.files[0] ?? failed(file.name, '服务没有返回合并报告。');
      } catch (err) {
        report = failed(file.name, messageOf(err), err instanceof ApiError ? err.code : 'ERROR');
      }
      reports.prepend(reportCard(ctx, report));
      done++;
    }
    progress.done(`已处理 ${files.length} 个文件。`);
  }
}

function failed(file: string, message: string, code = 'ERROR'): MergeFileReport {
  return {
    file, ok: false, error: { code, message }, unitId: null, unitName: null, unitFrom: null, kind: null, late: false, sheets: [],
    counts: { merged: 0, unchanged: 0, conflicts: 0, unmatchedRows: 0, ignoredCells: 0, rejected: 0, formulaCells: 0 },
    merged: [], conflicts: [], unmatchedRows: [], ignoredCells: [], rejected: [], formulaCells: [], matches: [],
  };
}

function reportCard(ctx: Ctx, r: MergeFileReport): HTMLElement {
  const card = h('div', { class: 'card merge-report', 'data-file': r.file });
  card.append(h('div', { class: 'row', style: 'justify-content:space-between' },
    h('strong', {}, r.file),
    r.ok ? h('span', { class: 'tag ok' }, '已合并') : h('span', { class: 'tag bad' }, '未合并'),
  ));
  if (!r.ok) {
    card.append(h('div', { class: 'error' }, r.error?.message ?? '文件未能合并。'));
    return card;
  }
  const c = r.counts;
  card.append(
    h('div', { class: 'muted small', style: 'margin:4px 0 8px' },
      `填报单位：${r.unitName ?? '未识别'}`, r.kind ? ` · ${r.kind === 'template' ? '离线模板' : '普通表格'}` : '', r.late ? ' · 补报（本期已关闭）' : ''),
    h('div', { class: 'stats' },
      count('merged', c.merged, '已合并字段'), count('unchanged', c.unchanged, '无变化'), count('conflicts', c.conflicts, '冲突'),
      count('unmatched', c.unmatchedRows, '未匹配行'), count('ignored', c.ignoredCells, '忽略的单元格'), count('rejected', c.rejected, '被拒绝'), count('formula', c.formulaCells, '公式单元格')),
  );
  if (r.conflicts.length) {
    card.append(h('div', { class: 'notice' }, `有 ${r.conflicts.length} 处冲突，两份内容均已保留，请到 `, h('a', { href: '#conflicts' }, '冲突处理'), ' 中选择。'));
  }
  const details: [string, HTMLElement | null][] = [
    ['已合并', r.merged.length ? tbl(['工作表', '行', '举措', '单位', '字段', '方式'], r.merged.map((m) => [m.sheet, m.row, m.measureNo, ctx.unitName(m.unitId), FIELD_LABELS[m.field], m.outcome === 'merged' ? '逐句合并' : '直接采用'])) : null],
    ['冲突', r.conflicts.length ? tbl(['工作表', '行', '举措', '字段', '现有内容', '文件中的内容'], r.conflicts.map((m) => [m.sheet, m.row, m.measureNo, FIELD_LABELS[m.field], m.serverValue, m.mine])) : null],
    ['未匹配的行（内容未丢失，请人工处理）', r.unmatchedRows.length ? tbl(['工作表', '行', '序号', '内容', '原因'], r.unmatchedRows.map((m) => [m.sheet, m.row, m.no, m.text, m.reason])) : null],
    ['忽略的单元格', r.ignoredCells.length ? tbl(['工作表', '单元格', '内容', '原因'], r.ignoredCells.map((m) => [m.sheet, m.cell, m.text, m.reason])) : null],
    ['被拒绝', r.rejected.length ? tbl(['工作表', '行', '举措', '字段', '原因'], r.rejected.map((m) => [m.sheet, m.row, m.measureNo, FIELD_LABELS[m.field], m.message])) : null],
    ['公式单元格（按计算结果作为文本读取）', r.formulaCells.length ? tbl(['工作表', '单元格', '值'], r.formulaCells.map((m) => [m.sheet, m.cell, m.value])) : null],
    ['行匹配方式', r.matches.length ? tbl(['工作表', '行', '举措', '方式', '可信度'], r.matches.map((m) => [m.sheet, m.row, m.measureNo, MATCH_LABELS[m.method] ?? m.method, `${Math.round(m.confidence * 100)}%`])) : null],
  ];
  for (const [title, table] of details) if (table) card.append(h('details', { style: 'margin-top:6px' }, h('summary', {}, title), table));
  return card;
}

function count(id: string, n: number, label: string): HTMLElement {
  return h('div', { class: 'stat', 'data-count': id }, h('b', {}, String(n)), h('span', {}, label));
}

function tbl(head: string[], rows: (string | number)[][]): HTMLElement {
  return h('table', { class: 'data' }, h('thead', {}, h('tr', {}, head.map((t) => h('th', {}, t)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((v) => h('td', { class: 'pre' }, String(v)))))));
}
