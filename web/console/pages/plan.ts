// 分工方案: import a revised table (.txt / .xlsx / .docx); the service first answers with a preview
// (warnings, counts and the diff against the current plan); only "应用" makes it the plan.
import { h, clear } from '../../common/dom';
import { fmtTime } from '../../common/format';
import { Progress, showError, toast } from '../../common/ui';
import type { Ctx } from '../context';
import type { ImportPlanResponse } from '../../../shared/api/contract';
import type { z } from 'zod';

type ImportResult = z.infer<typeof ImportPlanResponse>;

export async function planPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  const active = ctx.plans.filter((p) => p.active);
  const input = h('input', { type: 'file', id: 'plan-file', accept: '.txt,.xlsx,.docx', style: 'display:none' });
  const picked = h('span', { class: 'muted' }, '未选择文件');
  const pick = h('div', { class: 'row' }, h('button', { class: 'primary', id: 'plan-pick', onclick: () => input.click() }, '选择分工表文件…'), picked, input);
  const out = h('div', { id: 'plan-preview' });
  root.append(
    h('h2', {}, '分工方案'),
    h('div', { class: 'card' },
      h('h3', { style: 'margin-top:0' }, '当前方案'),
      ctx.plans.length
        ? h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['标题', '版本', '状态', '导入时间'].map((t) => h('th', {}, t)))),
            h('tbody', {}, ctx.plans.map((p) => h('tr', {}, h('td', {}, p.title), h('td', { class: 'num' }, String(p.version)), h('td', {}, p.active ? h('span', { class: 'tag ok' }, '使用中') : h('span', { class: 'tag' }, '历史版本')), h('td', {}, fmtTime(p.importedAt))))))
        : h('div', { class: 'muted' }, '尚未导入分工方案。'),
    ),
    h('div', { class: 'card' },
      h('h3', { style: 'margin-top:0' }, '导入新的分工表'),
      h('div', { class: 'muted small', style: 'margin-bottom:8px' }, `支持 .txt（PDF 提取的文本）、.xlsx、.docx。先预览警告和与当前方案（${active.map((p) => p.title).join('、') || '无'}）的差异，确认后再应用；举措的标识会尽量保留，已填报的内容不会丢失。`),
      pick,
      out,
    ),
  );
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    picked.textContent = file.name;
    void preview(file);
  });

  async function send(file: File, apply: boolean): Promise<ImportResult> {
    return ctx.api.upload('importPlan', file, { query: { name: file.name, preview: apply ? '0' : '1' } });
  }

  async function preview(file: File): Promise<void> {
    clear(out);
    const progress = new Progress();
    progress.indeterminate(`正在解析 ${file.name}…`);
    out.append(progress.el);
    try {
      const res = await send(file, false);
      clear(out);
      out.append(renderResult(ctx, res));
      const apply = h('button', {
        class: 'primary',
        id: 'plan-apply',
        onclick: async () => {
          if (!confirm('应用后新表将成为使用中的分工方案。确定应用？')) return;
          apply.disabled = true;
          const p2 = new Progress();
          p2.indeterminate('正在应用…');
          out.append(p2.el);
          try {
            const done = await send(file, true);
            p2.done('已应用。');
            toast(`新的分工方案已应用（${done.counts.measures} 项举措）。`, 'ok');
            await ctx.refresh();
          } catch (err) {
            p2.el.remove();
            showError(err);
            apply.disabled = false;
          }
        },
      }, '应用此分工表');
      out.append(h('div', { class: 'row', style: 'margin-top:12px' }, apply, h('span', { class: 'muted small' }, '应用前不会改变任何数据。')));
    } catch (err) {
      showError(err, out);
    }
  }
}

function renderResult(ctx: Ctx, r: ImportResult): HTMLElement {
  const box = h('div', { style: 'margin-top:12px' });
  box.append(h('div', { class: 'stats' },
    h('div', { class: 'stat' }, h('b', {}, String(r.counts.tasks)), h('span', {}, '主要任务')),
    h('div', { class: 'stat' }, h('b', {}, String(r.counts.measures)), h('span', {}, '具体举措')),
    h('div', { class: 'stat' }, h('b', {}, String(r.counts.assignments)), h('span', {}, '责任分工')),
    h('div', { class: 'stat' }, h('b', {}, String(r.warnings.length)), h('span', {}, '需要人工确认')),
  ));
  if (r.warnings.length) {
    box.append(h('h3', {}, `警告（${r.warnings.length}）`), h('div', { class: 'scroll', style: 'max-height:300px' },
      h('table', { class: 'data', id: 'plan-warnings' }, h('thead', {}, h('tr', {}, ['任务', '举措', '说明', '原文'].map((t) => h('th', {}, t)))),
        h('tbody', {}, r.warnings.map((w) => h('tr', {}, h('td', {}, w.taskNo ?? ''), h('td', {}, w.measureNo ?? ''), h('td', {}, w.message), h('td', { class: 'pre small' }, w.text ?? ''))))),
    ));
  }
  const d = r.diff;
  if (!d) {
    box.append(h('div', { class: 'muted' }, '没有可比较的当前方案。'));
    return box;
  }
  const unit = (id: string) => ctx.unitName(id);
  const sections: [string, Node[]][] = [
    ['新增任务', d.addedTasks.map((t) => h('li', { class: 'diff-add' }, `${t.no} ${t.title}`))],
    ['删除任务', d.removedTasks.map((t) => h('li', { class: 'diff-del' }, `${t.no} ${t.title}`))],
    ['新增举措', d.addedMeasures.map((m) => h('li', { class: 'diff-add' }, `${m.no} ${m.text}`))],
    ['删除举措', d.removedMeasures.map((m) => h('li', { class: 'diff-del' }, `${m.no} ${m.text}`))],
    ['修改的举措', d.changedMeasures.map((m) => h('li', {}, `${m.oldNo}${m.oldNo !== m.no ? ` → ${m.no}` : ''}（相似度 ${Math.round(m.similarity * 100)}%）`, h('div', { class: 'diff-del small' }, m.oldText), h('div', { class: 'diff-add small' }, m.text)))],
    ['新增责任单位', d.addedAssignments.map((a) => h('li', { class: 'diff-add' }, `${a.key}：${unit(a.unitId)}`))],
    ['移除责任单位', d.removedAssignments.map((a) => h('li', { class: 'diff-del' }, `${a.key}：${unit(a.unitId)}`))],
    ['牵头单位变化', d.changedLeads.map((c) => h('li', {}, `${c.key}：${c.oldLead.map(unit).join('、')} → ${c.lead.map(unit).join('、')}`))],
  ];
  const total = sections.reduce((n, [, items]) => n + items.length, 0);
  box.append(h('h3', {}, `与当前方案的差异（${total} 处）`));
  if (!total) box.append(h('div', { class: 'muted', id: 'plan-diff' }, '与当前方案相同。'));
  const diffBox = h('div', { id: 'plan-diff' });
  for (const [title, items] of sections) if (items.length) diffBox.append(h('details', { open: items.length <= 10 }, h('summary', {}, `${title}（${items.length}）`), h('ul', {}, items)));
  if (total) box.append(diffBox);
  return box;
}
