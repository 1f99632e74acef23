// 联络员 (in 单位与访问码): each unit's liaison and deputy, edited in place or imported from the list
// the office keeps (.xlsx / .csv): previewed first (what matched, what changes, rows not understood),
// then applied in one go.
import { h, clear } from '../../common/dom';
import { busy, dialog, toast } from '../../common/ui';
import type { LiaisonImportResponse } from '../../../shared/api/cycle';
import { EMPTY_LIAISON, LIAISON_KEYS, type Liaison, type LiaisonKey } from '../../../shared/cycle/liaison';
import type { Unit } from '../../../shared/model/plan';
import type { Ctx } from '../context';
import type { z } from 'zod';

export const LIAISON_LABELS: Record<LiaisonKey, string> = {
  name: '联络员', officePhone: '办公电话', mobile: '手机', email: '电子邮箱',
  deputyName: '备用联络员', deputyOfficePhone: '备用办公电话', deputyMobile: '备用手机',
};

const PROBLEM_LABELS = { 'unknown-unit': '单位名称无法识别', 'too-long': '内容过长', duplicate: '同一单位的第三行（已有联络员和备用联络员）' } as const;

export async function liaisonsCard(ctx: Ctx, units: Unit[]): Promise<HTMLElement> {
  const card = h('div', { class: 'card', id: 'liaisons' });
  const tbody = h('tbody');
  const previewBox = h('div', { id: 'liaison-preview' });
  let current = new Map<string, Liaison>();

  async function load(): Promise<void> {
    const { liaisons } = await ctx.api.call('liaisons');
    current = new Map(liaisons.map((l) => [l.unitId, l]));
    draw();
  }

  function draw(): void {
    clear(tbody);
    for (const u of units) {
      const l = current.get(u.id) ?? EMPTY_LIAISON;
      tbody.append(h('tr', { 'data-unit': u.id },
        h('td', {}, u.name),
        ...LIAISON_KEYS.map((k) => h('td', { class: `l-${k}` }, l[k] || (k === 'name' ? h('span', { class: 'muted' }, '未填') : ''))),
        h('td', {}, h('button', { class: 'edit-liaison', onclick: () => edit(u) }, '编辑')),
      ));
    }
  }

  function edit(u: Unit): void {
    const l = current.get(u.id) ?? EMPTY_LIAISON;
    const inputs = Object.fromEntries(LIAISON_KEYS.map((k) => [k, h('input', { name: k, value: l[k], maxlength: k === 'email' ? 100 : 50, style: 'width:100%' })])) as Record<LiaisonKey, HTMLInputElement>;
    dialog(`联络员 · ${u.name}`, h('div', { class: 'grid2', id: 'liaison-form' }, LIAISON_KEYS.map((k) => h('label', { class: 'fld' }, LIAISON_LABELS[k], inputs[k]))), [
      { label: '取消' },
      {
        label: '保存',
        primary: true,
        onClick: async () => {
          const body = Object.fromEntries(LIAISON_KEYS.map((k) => [k, inputs[k].value.trim()])) as Liaison;
          const res = await busy(null, () => ctx.api.call('setLiaison', { params: { unitId: u.id }, body }));
          if (!res) return true;
          current.set(u.id, res);
          draw();
          toast(`已保存 ${u.name} 的联络员。`, 'ok');
        },
      },
    ]);
  }

  const file = h('input', { type: 'file', id: 'liaison-file', accept: '.xlsx,.csv,.xls,.et', style: 'display:none' });
  const pick = h('button', { id: 'liaison-import', onclick: () => file.click() }, '导入联络员名单（.xlsx / .csv）');
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    file.value = '';
    if (!f) return;
    const res = await busy(pick, () => ctx.api.upload('importLiaisons', f, { query: { name: f.name } }));
    if (res) preview(f, res);
  });

  function preview(f: File, res: z.infer<typeof LiaisonImportResponse>): void {
    clear(previewBox);
    const changed = res.units.filter((u) => u.changed);
    const apply = h('button', {
      class: 'primary', id: 'liaison-apply', disabled: changed.length === 0,
      onclick: async () => {
        const done = await busy(apply, () => ctx.api.upload('importLiaisons', f, { query: { name: f.name, apply: '1' } }));
        if (!done) return;
        clear(previewBox);
        toast(`已导入 ${changed.length} 个单位的联络员。`, 'ok');
        await load();
      },
    }, `导入 ${changed.length} 个单位`);
    previewBox.append(h('div', { class: 'notice' },
      h('div', {}, `${res.fileName}：表头在第 ${res.headerRow} 行，识别出 ${res.units.length} 个单位，其中 ${changed.length} 个有变化。`),
      res.problems.length ? h('ul', { class: 'small', id: 'liaison-problems' }, res.problems.map((p) => h('li', {}, `第 ${p.row} 行：${PROBLEM_LABELS[p.kind]}${p.text ? `（${p.text}）` : ''}`))) : '',
      h('table', { class: 'data small' },
        h('thead', {}, h('tr', {}, h('th', {}, '单位'), h('th', {}, '文件中写作'), h('th', {}, '联络员'), h('th', {}, '手机'), h('th', {}, '备用联络员'), h('th', {}, ''))),
        h('tbody', {}, res.units.map((u) => h('tr', {}, h('td', {}, u.unitName), h('td', {}, u.written), h('td', {}, u.liaison.name), h('td', {}, u.liaison.mobile || u.liaison.officePhone), h('td', {}, u.liaison.deputyName), h('td', {}, u.changed ? h('span', { class: 'tag warn' }, '将更新') : h('span', { class: 'muted' }, '无变化'))))),
      ),
      h('div', { class: 'row', style: 'margin-top:8px' }, apply, h('button', { onclick: () => clear(previewBox) }, '取消')),
    ));
  }

  card.append(
    h('div', { class: 'row', style: 'justify-content:space-between' }, h('h3', { style: 'margin:0' }, '联络员'), h('div', { class: 'row' }, pick, file)),
    h('p', { class: 'muted small' }, '催报清单和催报通知中显示各单位的联络员。可逐个编辑，或导入办公室现有的联络员名单（需有“单位”列和“联络员/电话/手机”等列；A角/B角两行或“备用联络员”列视为备用联络员）。'),
    previewBox,
    h('div', { class: 'scroll' }, h('table', { class: 'data', id: 'liaison-table' },
      h('thead', {}, h('tr', {}, h('th', {}, '单位'), ...LIAISON_KEYS.map((k) => h('th', {}, LIAISON_LABELS[k])), h('th', {}, ''))),
      tbody,
    )),
  );
  await load();
  return card;
}
