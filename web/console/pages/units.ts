// 单位与访问码: issue a code (shown once, copy), revoke, download the codes issued in this session;
// resolve placeholder groups (省有关部门, 相关市政府) to concrete units; change a measure's leads.
import { h, clear } from '../../common/dom';
import { fmtTime, toCsv, copyText } from '../../common/format';
import { saveBlob } from '../../common/api';
import { listFileName, officeDate } from '../../../shared/layout/file-names';
import { busy, dialog, toast, Progress, showError } from '../../common/ui';
import type { Ctx } from '../context';
import { liaisonsCard } from './liaisons';
import { liaisonHolders } from '../../../shared/cycle/liaison';
import type { z } from 'zod';
import type { AccessCodeInfo } from '../../../shared/api/contract';
import type { Plan, Unit, Measure } from '../../../shared/model/plan';

type CodeInfo = z.infer<typeof AccessCodeInfo>;

export const KIND_LABELS: Record<string, string> = {
  provincial_department: '省直部门',
  party_organ: '省委部门',
  city_government: '市政府',
  placeholder_group: '待明确的单位组',
  other: '其他',
};

/** Codes issued in this browser session (the service keeps only their hashes). */
const issuedThisSession: { unitId: string | null; unitName: string; person: string; code: string; at: string }[] = [];

export async function unitsPage(ctx: Ctx, root: HTMLElement): Promise<void> {
  const planId = ctx.period?.planId ?? ctx.plans.find((p) => p.active)?.id ?? null;
  const [{ codes }, planRes] = await Promise.all([ctx.api.call('codes'), planId ? ctx.api.call('plan', { params: { planId } }) : Promise.resolve(null)]);
  const plan = planRes?.plan ?? null;
  const units = [...ctx.units.values()];
  const concrete = units.filter((u) => u.kind !== 'placeholder_group');

  root.append(h('h2', {}, '单位与访问码'));
  root.append(codesCard(ctx, concrete, codes));
  root.append(await liaisonsCard(ctx, concrete));
  if (plan && planId) {
    root.append(groupsCard(ctx, planId, plan, concrete));
    root.append(leadsCard(ctx, planId, plan, concrete));
  }
}

function activeCodes(codes: CodeInfo[], unitId: string | null): CodeInfo[] {
  return codes.filter((c) => c.unitId === unitId && !c.revokedAt);
}

function codesCard(ctx: Ctx, units: Unit[], codes: CodeInfo[]): HTMLElement {
  const card = h('div', { class: 'card', id: 'codes' });
  const sessionBox = h('div', { id: 'session-codes' });
  const progressBox = h('div');
  const tbody = h('tbody');

  const issueAll = h('button', {
    id: 'issue-all',
    onclick: async () => {
      const missing = units.filter((u) => activeCodes(codes, u.id).length === 0);
      if (!missing.length) return toast('每个单位都已有有效的访问码。', 'info');
      issueAll.disabled = true;
      // each code to the unit's liaison when one is named (as the single 发放 dialog offers)
      const liaisons = new Map(((await busy(null, () => ctx.api.call('liaisons')))?.liaisons ?? []).map((l) => [l.unitId, l]));
      const progress = new Progress();
      clear(progressBox);
      progressBox.append(progress.el);
      let n = 0;
      for (const u of missing) {
        progress.set(n, missing.length, `正在发放 ${u.name}（${n + 1}/${missing.length}）`);
        try {
          await issue(u.id, liaisonHolders(liaisons.get(u.id))[0]?.name ?? '');
        } catch (err) {
          showError(err);
          break;
        }
        n++;
      }
      progress.done(`已为 ${n} 个单位发放访问码，请下载清单后分发。`);
      issueAll.disabled = false;
      draw();
    },
  }, '为没有访问码的单位全部发放');
  const coordBtn = h('button', { id: 'issue-coordinator', onclick: () => void issueOne(null) }, '发放协调办公室访问码');
  const download = h('button', {
    id: 'download-codes',
    class: 'primary',
    onclick: () => {
      if (!issuedThisSession.length) return toast('本次还没有发放访问码。', 'info');
      const csv = toCsv([['单位', '单位编号', '使用人', '访问码', '发放时间'], ...issuedThisSession.map((i) => [i.unitName, i.unitId ?? '', i.person, i.code, fmtTime(i.at)])]);
      saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), listFileName('访问码清单', null, officeDate()));
    },
  }, '下载本次发放的访问码（CSV）');

  async function issue(unitId: string | null, person: string): Promise<string> {
    const res = await ctx.api.call('issueCode', { body: { unitId, person: person || undefined } });
    codes.push(res.info);
    issuedThisSession.push({ unitId, unitName: unitId ? ctx.unitName(unitId) : '协调办公室', person, code: res.code, at: res.info.createdAt });
    return res.code;
  }

  async function issueOne(unitId: string | null): Promise<void> {
    const person = h('input', { id: 'code-person', placeholder: '使用人（可不填）', style: 'width:100%', maxlength: 100 });
    // the unit's liaisons (单位与访问码 › 联络员) offered as the holder, the liaison prefilled
    const holders = unitId ? liaisonHolders((await busy(null, () => ctx.api.call('liaisons')))?.liaisons.find((l) => l.unitId === unitId)) : [];
    const choose = (name: string) => {
      person.value = name;
      for (const r of picks.querySelectorAll<HTMLInputElement>('input[name="code-holder"]')) r.checked = r.value === name;
    };
    const picks = h('div', { id: 'code-holders', class: 'small', style: 'margin:4px 0 8px' },
      holders.map((p) => h('label', { style: 'display:block', 'data-role': p.role },
        h('input', { type: 'radio', name: 'code-holder', value: p.name, onchange: () => choose(p.name) }),
        ` ${p.role === 'liaison' ? '联络员' : '备用联络员'}：${p.line}`)),
      unitId && !holders.length ? h('span', { class: 'muted' }, '该单位未留联络员，可在下方“联络员”中填写。') : '',
    );
    person.addEventListener('input', () => choose(person.value));
    if (holders[0]) choose(holders[0].name);
    dialog(`发放访问码 · ${unitId ? ctx.unitName(unitId) : '协调办公室'}`, h('div', {}, picks, h('label', { class: 'fld' }, '使用人', person)), [
      { label: '取消' },
      {
        label: '发放',
        primary: true,
        onClick: async () => {
          const code = await busy(null, () => issue(unitId, person.value.trim()));
          if (!code) return true;
          draw();
          showOnce(unitId ? ctx.unitName(unitId) : '协调办公室', code);
        },
      },
    ]);
  }

  function draw(): void {
    clear(tbody);
    for (const u of units) {
      const mine = codes.filter((c) => c.unitId === u.id);
      const active = mine.filter((c) => !c.revokedAt);
      tbody.append(
        h('tr', { 'data-unit': u.id },
          h('td', {}, u.name),
          h('td', {}, KIND_LABELS[u.kind] ?? u.kind),
          h('td', { class: 'num' }, String(active.length)),
          h('td', {}, active.length ? active.map((c) => codeLine(c)) : h('span', { class: 'muted' }, '未发放')),
          h('td', {}, h('button', { class: 'issue', onclick: () => void issueOne(u.id) }, '发放')),
        ),
      );
    }
    const coord = activeCodes(codes, null);
    tbody.append(h('tr', { 'data-unit': '' }, h('td', {}, '协调办公室'), h('td', {}, '—'), h('td', { class: 'num' }, String(coord.length)), h('td', {}, coord.map((c) => codeLine(c))), h('td', {})));
    clear(sessionBox);
    if (issuedThisSession.length) sessionBox.append(h('div', { class: 'notice' }, `本次已发放 ${issuedThisSession.length} 个访问码。访问码只显示一次，请下载清单妥善保存后分发。`));
  }

  function codeLine(c: CodeInfo): HTMLElement {
    return h('div', { class: 'small code-line', 'data-code-id': c.id },
      `${c.person || '（未署名）'} · 发放 ${fmtTime(c.createdAt)} · 最近使用 ${fmtTime(c.lastUsedAt)}`,
      h('button', {
        class: 'link revoke',
        onclick: async (e: Event) => {
          if (!confirm('停用后该访问码将无法再登录或同步，确定停用？')) return;
          const info = await busy(e.currentTarget as HTMLButtonElement, () => ctx.api.call('revokeCode', { params: { codeId: c.id } }));
          if (!info) return;
          Object.assign(c, info);
          toast('访问码已停用。', 'ok');
          draw();
        },
      }, '停用'),
    );
  }

  card.append(
    h('div', { class: 'row', style: 'justify-content:space-between' }, h('h3', { style: 'margin:0' }, '访问码'), h('div', { class: 'row' }, issueAll, coordBtn, download)),
    progressBox,
    sessionBox,
    h('div', { class: 'scroll', style: 'margin-top:10px; max-height:420px' },
      h('table', { class: 'data', id: 'units-table' }, h('thead', {}, h('tr', {}, ['单位', '类别', '有效访问码', '访问码', ''].map((t) => h('th', {}, t)))), tbody)),
  );
  draw();
  return card;
}

function showOnce(who: string, code: string): void {
  const copy = h('button', {
    id: 'copy-code',
    onclick: async () => {
      const ok = await copyText(code);
      toast(ok ? '访问码已复制。' : '复制失败，请手动选择复制。', ok ? 'ok' : 'error');
    },
  }, '复制');
  dialog(`新访问码 · ${who}`, h('div', {},
    h('div', { class: 'code-once', id: 'new-code' }, code),
    h('div', { class: 'row', style: 'margin-top:8px' }, copy, h('span', { class: 'muted small' }, '访问码只显示这一次；本次发放的访问码可在页面上方下载为清单。')),
  ));
}

function measuresWith(plan: Plan, unitId: string): Measure[] {
  return plan.tasks.flatMap((t) => t.measures).filter((m) => m.assignments.some((a) => a.unitId === unitId));
}

function groupsCard(ctx: Ctx, planId: string, plan: Plan, concrete: Unit[]): HTMLElement {
  const card = h('div', { class: 'card', id: 'groups' }, h('h3', { style: 'margin-top:0' }, '待明确的单位组'));
  const groups = plan.units.filter((u) => u.kind === 'placeholder_group' && measuresWith(plan, u.id).length > 0);
  if (!groups.length) {
    card.append(h('div', { class: 'muted' }, '分工方案中没有待明确的单位组（如“省有关部门”“相关市政府”）。'));
    return card;
  }
  for (const g of groups) {
    const measures = measuresWith(plan, g.id);
    const measureSel = h('select', { class: 'group-measure' }, h('option', { value: '' }, `所有出现处（${measures.length} 项举措）`), measures.map((m) => h('option', { value: m.key }, `${m.no} ${m.text.slice(0, 30)}…`)));
    const picks = h('div', { class: 'row', style: 'max-height:150px; overflow:auto; border:1px solid var(--line); padding:6px; gap:4px 14px' },
      concrete.filter((u) => (g.name.includes('市') ? u.kind === 'city_government' : u.kind !== 'city_government')).map((u) => h('label', { class: 'small' }, h('input', { type: 'checkbox', value: u.id }), ' ', u.name)));
    const apply = h('button', {
      class: 'primary',
      onclick: async () => {
        const unitIds = [...picks.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
        if (!unitIds.length) return toast('请至少选择一个单位。', 'error');
        const res = await busy(apply, () => ctx.api.call('resolveGroup', { params: { planId }, body: { groupUnitId: g.id, measureKey: measureSel.value || undefined, unitIds } }));
        if (res) {
          toast(`“${g.name}”已明确为 ${unitIds.length} 个单位。`, 'ok');
          await ctx.refresh();
        }
      },
    }, '明确为所选单位');
    card.append(h('div', { style: 'border-top:1px solid var(--line); padding:8px 0', 'data-group': g.id },
      h('div', { class: 'row' }, h('strong', {}, g.name), g.needsResolution ? h('span', { class: 'tag warn' }, '待明确') : h('span', { class: 'tag ok' }, '已明确'), measureSel),
      h('div', { style: 'margin:6px 0' }, picks), apply));
  }
  return card;
}

function leadsCard(ctx: Ctx, planId: string, plan: Plan, concrete: Unit[]): HTMLElement {
  const card = h('div', { class: 'card', id: 'leads' }, h('h3', { style: 'margin-top:0' }, '调整责任单位与牵头单位'));
  const measures = plan.tasks.flatMap((t) => t.measures);
  const sel = h('select', { id: 'lead-measure', style: 'max-width:100%' }, h('option', { value: '' }, '选择举措…'), measures.map((m) => h('option', { value: m.key }, `${m.no} ${m.text.slice(0, 40)}`)));
  const editor = h('div');
  card.append(sel, editor);
  let list: string[] = [];
  let leads = 1;
  sel.addEventListener('change', () => {
    const m = measures.find((x) => x.key === sel.value);
    if (!m) return clear(editor);
    const ordered = [...m.assignments].sort((a, b) => (a.role === b.role ? a.order - b.order : a.role === 'lead' ? -1 : 1));
    list = ordered.map((a) => a.unitId);
    leads = Math.max(1, ordered.filter((a) => a.role === 'lead').length);
    draw(m);
  });
  function draw(m: Measure): void {
    clear(editor);
    const rows = list.map((id, i) =>
      h('tr', {},
        h('td', {}, ctx.unitName(id)),
        h('td', {}, i < leads ? h('span', { class: 'tag ok' }, '牵头') : h('span', { class: 'tag' }, '配合')),
        h('td', {},
          h('button', { class: 'link', onclick: () => { list.splice(i, 1); list.unshift(id); leads = 1; draw(m); } }, '设为牵头'),
          i > 0 ? h('button', { class: 'link', onclick: () => { [list[i - 1], list[i]] = [list[i], list[i - 1]]; draw(m); } }, '上移') : '',
          h('button', { class: 'link', onclick: () => { if (list.length > 1) { list.splice(i, 1); leads = Math.min(leads, list.length); draw(m); } } }, '移除'),
        ),
      ),
    );
    const add = h('select', {}, h('option', { value: '' }, '添加单位…'), concrete.filter((u) => !list.includes(u.id)).map((u) => h('option', { value: u.id }, u.name)));
    add.addEventListener('change', () => {
      if (add.value) list.push(add.value);
      draw(m);
    });
    const leadsInput = h('input', { type: 'number', min: 1, max: list.length, value: leads, style: 'width:64px' });
    leadsInput.addEventListener('change', () => {
      leads = Math.min(list.length, Math.max(1, Number(leadsInput.value) || 1));
      draw(m);
    });
    const save = h('button', {
      class: 'primary',
      onclick: async () => {
        const res = await busy(save, () => ctx.api.call('editAssignment', { params: { planId }, body: { measureKey: m.key, unitIds: list, leads } }));
        if (res) toast('责任单位已保存。', 'ok');
      },
    }, '保存');
    editor.append(
      h('div', { class: 'muted small pre', style: 'margin:8px 0' }, `${m.no} ${m.text}`),
      h('table', { class: 'data', style: 'max-width:640px' }, h('tbody', {}, rows)),
      h('div', { class: 'row', style: 'margin-top:8px' }, add, h('label', { class: 'small' }, '牵头单位数 ', leadsInput), save),
    );
  }
  return card;
}
