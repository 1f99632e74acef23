// 打印与导出: the consolidated .xlsx, the HTML print view and its PDF (A3/A4, rows or summary,
// one unit, some tasks, only lagging measures), the Word export and the offline templates.
import { h } from '../../common/dom';
import { routeUrl } from '../../common/api';
import { busy, showError } from '../../common/ui';
import type { Ctx } from '../context';
import { consolidatedFileName, officeDate } from '../../../shared/layout/file-names';

export async function printPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  const period = ctx.period;
  if (!period) {
    root.append(h('div', { class: 'notice' }, '还没有填报期次。'));
    return;
  }
  const params = { periodId: period.id };
  const paper = h('select', { id: 'p-paper' }, h('option', { value: 'A3' }, 'A3 横向'), h('option', { value: 'A4' }, 'A4 横向'));
  const mode = h('select', { id: 'p-mode' }, h('option', { value: 'rows' }, '逐单位列出'), h('option', { value: 'summary' }, '汇总进展'));
  const concrete = [...ctx.units.values()].filter((u) => u.kind !== 'placeholder_group');
  const unit = h('select', { id: 'p-unit' }, h('option', { value: '' }, '全部单位'), concrete.map((u) => h('option', { value: u.id }, u.name)));
  const tasks = h('input', { id: 'p-tasks', placeholder: '如 1,2,5（留空为全部）', style: 'width:170px' });
  const lagging = h('input', { id: 'p-lagging', type: 'checkbox' });
  const attachment = h('input', { id: 'p-attachment', placeholder: '如 附件2（留空不加）', maxlength: 20, style: 'width:150px' });
  const pageNumbers = h('select', { id: 'p-numbers' }, h('option', { value: 'gbt' }, '单页居右、双页居左（公文格式）'), h('option', { value: 'center' }, '居中'));
  const live = h('input', { id: 'p-live', type: 'checkbox' });
  const compare = h('input', { id: 'p-compare', type: 'checkbox' });
  const reviewed = h('input', { id: 'p-reviewed', type: 'checkbox' });
  const query = () => ({
    paper: paper.value,
    mode: mode.value,
    unit: unit.value || undefined,
    tasks: tasks.value.replace(/[，、\s]+/g, ',').replace(/^,|,$/g, '') || undefined,
    lagging: lagging.checked ? '1' : undefined,
    attachment: attachment.value.trim() || undefined,
    pageNumbers: pageNumbers.value,
    live: live.checked ? '1' : undefined,
    compare: compare.checked ? '1' : undefined,
    reviewed: reviewed.checked ? '1' : undefined,
  });
  // (the service names the file the same way; this is the fallback)
  const name = (ext: string) => consolidatedFileName(period.name, ext, officeDate(), mode.value === 'summary' ? 'summary' : 'rows');

  const dl = (id: string, label: string, fetchFile: () => Promise<void>, primary = false) => {
    const b: HTMLButtonElement = h('button', { id, class: primary ? 'primary' : '', onclick: () => void busy(b, fetchFile) }, label);
    return b;
  };
  const openView = h('button', {
    id: 'open-print-view',
    class: 'primary',
    onclick: async () => {
      // Open the tab now (while the click counts as a user action), fill it once the HTML arrives:
      // a link cannot carry the access code, so the page is fetched with it and shown from a blob.
      const win = window.open('', '_blank');
      try {
        const res = await ctx.api.fetchRaw(routeUrl('printHtml', { params, query: query() }));
        // A blob: page resolves no relative URL: <base> lets it reach the service's fonts (/fonts/…).
        const html = (await res.text()).replace('<head>', `<head><base href="${location.origin}/">`);
        const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
        if (win) win.location.href = url;
        else location.href = url;
      } catch (err) {
        win?.close();
        showError(err);
      }
    },
  }, '打开打印视图');
  const unitTpl = h('select', { id: 'tpl-unit' }, concrete.map((u) => h('option', { value: u.id }, u.name)));

  root.append(
    h('h2', {}, `打印与导出 · ${period.name}`),
    h('div', { class: 'card' },
      h('h3', { style: 'margin-top:0' }, '汇总表'),
      h('div', { class: 'row', style: 'margin-bottom:12px' },
        h('label', { class: 'fld' }, '纸张', paper),
        h('label', { class: 'fld' }, '内容', mode),
        h('label', { class: 'fld' }, '单位', unit),
        h('label', { class: 'fld' }, '任务序号', tasks),
        h('label', { class: 'small', style: 'align-self:flex-end; padding-bottom:6px' }, lagging, ' 只看滞后的举措'),
      ),
      h('div', { class: 'row', style: 'margin-bottom:12px' },
        h('label', { class: 'small' }, compare, ' 对比上期（本期新增的句子加下划线）'),
        h('label', { class: 'small' }, reviewed, ' 仅含审核通过的报送（其他单位标“未审核”，不列填报内容）'),
      ),
      h('div', { class: 'row', style: 'margin-bottom:12px' },
        h('label', { class: 'fld' }, '附件标注（左上角）', attachment),
        h('label', { class: 'fld' }, '页码位置', pageNumbers),
        period.state === 'closed'
          ? h('label', { class: 'small', style: 'align-self:flex-end; padding-bottom:6px' }, live, ' 含关闭后补报的内容（标注“补报”；默认按关闭时的汇总表打印）')
          : '',
      ),
      h('div', { class: 'row' },
        openView,
        dl('dl-pdf', '下载 PDF', () => ctx.api.download('printPdf', { params, query: query() }, name('pdf'))),
        dl('dl-xlsx', '下载 Excel（.xlsx）', () => ctx.api.download('exportXlsx', { params, query: query() }, name('xlsx'))),
        dl('dl-docx', '下载 Word（.docx）', () => ctx.api.download('exportDocx', { params, query: query() }, name('docx'))),
      ),
      h('div', { class: 'muted small', style: 'margin-top:10px' },
        '按公文格式（GB/T 9704）排版：标题二号小标宋，正文仿宋（A3 小四、A4 小五），表题下注明截至日期；表格跨页时续页标“续表”、重复表头，并重复本页所续任务的序号、主要任务和具体举措；页码四号宋体“— 3 —”，单页居右、双页居左；默认 A3 横向。打印视图、PDF、Excel、Word 四种方式分页一致。在打印视图中按 Ctrl+P 打印。'),
    ),
    h('div', { class: 'card' },
      h('h3', { style: 'margin-top:0' }, '离线填报模板'),
      h('div', { class: 'muted small', style: 'margin-bottom:8px' }, '给没有加载项的单位（WPS、信创桌面、旧版 Office）：填好后发回，在“回收工作簿”中合并。'),
      h('div', { class: 'row' },
        unitTpl,
        dl('dl-template', '下载该单位模板', () => ctx.api.download('template', { params: { ...params, unitId: unitTpl.value } }, `${ctx.unitName(unitTpl.value)}-${period.name}-填报表.xlsx`)),
        dl('dl-templates', '下载全部单位模板（.zip）', () => ctx.api.download('templatesZip', { params }, `填报表-${period.name}.zip`)),
      ),
    ),
  );
}
