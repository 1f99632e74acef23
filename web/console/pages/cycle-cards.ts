// The 督办 cards of 报送概况: the 催报清单 with each unit's liaison and light (units not submitted
// and units sent back), its CSV and the 催报通知; the 审核 list (通过 / 退回 with a reason, for the
// whole report or named entries).
import { h, clear } from '../../common/dom';
import { copyText, fmtTime, officeTimeZone, toCsv } from '../../common/format';
import { saveBlob } from '../../common/api';
import { busy, dialog, toast } from '../../common/ui';
import { listFileName, officeDate } from '../../../shared/layout/file-names';
import { formatDeadline } from '../../../shared/model/deadline';
import { LIGHT_LABELS, REVIEW_LABELS } from '../../../shared/cycle/labels';
import type { CycleStatusResponse, CycleUnitSchema } from '../../../shared/api/cycle';
import type { UnitReportStatus } from '../../../shared/api/contract';
import type { Ctx } from '../context';
import type { z } from 'zod';

type Cycle = z.infer<typeof CycleStatusResponse>;
type CycleUnit = z.infer<typeof CycleUnitSchema>;

export const lightTag = (l: CycleUnit['light']) => h('span', { class: `tag light light-${l}`, title: LIGHT_LABELS[l] }, LIGHT_LABELS[l]);

export function chaseCard(ctx: Ctx, cycle: Cycle, report: UnitReportStatus[], periodName: string): HTMLElement {
  const chase = cycle.units.filter((u) => u.light !== 'closed' && (u.state === 'not-submitted' || u.state === 'returned'));
  const byId = new Map(report.map((u) => [u.unitId, u]));
  const tz = officeTimeZone();
  const stateText = (u: CycleUnit) => (u.state === 'returned' ? `已退回：${u.returnReason ?? ''}` : REVIEW_LABELS[u.state]);
  const lines = chase.map((u) => {
    const r = byId.get(u.unitId);
    return [u.unitName, u.liaisonLine || r?.contact || '（未留联络员）', r ? `已填 ${r.filled}/${r.assigned}` : '', stateText(u), LIGHT_LABELS[u.light]].filter(Boolean).join('\t');
  });
  const copy = h('button', {
    id: 'chase-copy',
    onclick: async () => {
      const ok = await copyText(`${periodName} 催报清单（${chase.length} 个单位）\n${lines.join('\n')}`);
      toast(ok ? '催报清单已复制。' : '复制失败，请手动选择文字复制。', ok ? 'ok' : 'error');
    },
  }, '复制清单');
  const exportBtn = h('button', {
    id: 'chase-export',
    onclick: () => {
      const head = ['单位', '联络员', '办公电话', '手机', '电子邮箱', '备用联络员', '备用办公电话', '备用手机', '报送状态', '退回意见', '截止时间', '提醒', '填报中的联系人/电话', '应填条目', '已填条目', '最后更新'];
      const rows = chase.map((u) => {
        const l = u.liaison;
        const r = byId.get(u.unitId);
        return [u.unitName, l?.name ?? '', l?.officePhone ?? '', l?.mobile ?? '', l?.email ?? '', l?.deputyName ?? '', l?.deputyOfficePhone ?? '', l?.deputyMobile ?? '',
          REVIEW_LABELS[u.state], u.returnReason ?? '', u.deadline ? formatDeadline(u.deadline, tz) : '', LIGHT_LABELS[u.light], r?.contact ?? '', r?.assigned ?? '', r?.filled ?? '', fmtTime(r?.lastUpdate)];
      });
      saveBlob(new Blob([toCsv([head, ...rows])], { type: 'text/csv;charset=utf-8' }), listFileName('催报清单', periodName, officeDate(new Date(), tz)));
    },
  }, '导出 CSV');
  const notice = h('button', { id: 'reminder', class: 'primary', onclick: () => void showReminder(ctx) }, '生成催报通知');
  const list = chase.length
    ? h('table', { class: 'data', id: 'chase-list' },
        h('thead', {}, h('tr', {}, ['单位', '联络员', '已填/应填', '状态', '截止', '提醒'].map((t) => h('th', {}, t)))),
        h('tbody', {}, chase.map((u) => {
          const r = byId.get(u.unitId);
          return h('tr', { 'data-unit': u.unitId },
            h('td', {}, u.unitName),
            h('td', { class: 'liaison' }, u.liaisonLine || (r?.contact ? r.contact : h('span', { class: 'muted' }, '未留联络员'))),
            h('td', { class: 'num' }, r ? `${r.filled}/${r.assigned}` : ''),
            h('td', {}, u.state === 'returned' ? h('span', { class: 'tag bad', title: u.returnReason ?? '' }, `已退回：${u.returnReason ?? ''}`) : REVIEW_LABELS[u.state]),
            h('td', { class: 'small' }, u.deadline ? formatDeadline(u.deadline, tz) : '—', u.extensionPending ? h('span', { class: 'tag warn', style: 'margin-left:4px' }, '延期待批') : ''),
            h('td', {}, lightTag(u.light), r?.overdue && u.light !== 'red' ? h('span', { class: 'tag bad' }, '逾期') : ''),
          );
        })),
      )
    : h('div', { class: 'muted', id: 'chase-list' }, '所有单位均已报送。');
  return h('div', { class: 'card', id: 'chase' },
    h('div', { class: 'row', style: 'justify-content:space-between' }, h('h3', { style: 'margin:0' }, `催报清单（${chase.length}）`), h('div', { class: 'row' }, notice, copy, exportBtn)),
    h('div', { style: 'margin-top:8px; max-height:320px; overflow:auto' }, list),
  );
}

async function showReminder(ctx: Ctx): Promise<void> {
  const period = ctx.period!;
  const res = await busy(null, () => ctx.api.call('reminder', { params: { periodId: period.id } }));
  if (!res) return;
  const box = h('textarea', { id: 'reminder-text', readonly: true, style: 'width:100%; height:360px; font-family:inherit' });
  box.value = res.text;
  dialog(`催报通知（${res.units.length} 个单位）`, h('div', {}, h('p', { class: 'muted small' }, '复制后通过办公室自己的渠道（公文、短信、工作群）发送；或打印。'), box), [
    { label: '复制', primary: true, onClick: async () => { toast((await copyText(res.text)) ? '催报通知已复制。' : '复制失败，请手动选择文字复制。', 'ok'); return true; } },
    { label: '打印', onClick: () => { printText(res.title, res.text); return true; } },
    { label: '关闭' },
  ]);
}

/** A printable page of the notice, in 仿宋 as offices print notices. */
function printText(title: string, text: string): void {
  const w = window.open('', '_blank');
  if (!w) return toast('浏览器阻止了打印窗口，请允许弹出窗口。', 'error');
  const doc = w.document;
  doc.title = title;
  const style = doc.createElement('style');
  style.textContent = "body{font-family:'FangSong','仿宋','STFangsong',serif;font-size:16pt;line-height:1.8;margin:2.5cm} h1{font-family:'SimHei','黑体',sans-serif;font-size:20pt;text-align:center} pre{white-space:pre-wrap;font:inherit}";
  const h1 = doc.createElement('h1');
  h1.textContent = title;
  const pre = doc.createElement('pre');
  pre.textContent = text.split('\n').slice(1).join('\n');
  doc.head.append(style);
  doc.body.append(h1, pre);
  w.print();
}

export function reviewCard(ctx: Ctx, cycle: Cycle, onChange: () => Promise<void>): HTMLElement {
  const waiting = cycle.units.filter((u) => u.state === 'submitted');
  const decided = cycle.units.filter((u) => u.state === 'approved' || u.state === 'returned');
  const body = h('div');
  const periodId = ctx.period!.id;
  async function decide(u: CycleUnit, d: { decision: 'approve' } | { decision: 'return'; reason: string; measureKeys: string[] }): Promise<boolean> {
    const res = await busy(null, () => ctx.api.call('reviewUnit', { params: { periodId, unitId: u.unitId }, body: d }));
    if (!res) return false;
    toast(d.decision === 'approve' ? `已通过 ${u.unitName} 的报送。` : `已退回 ${u.unitName} 的报送。`, 'ok');
    await onChange();
    return true;
  }
  function returnDialog(u: CycleUnit): void {
    const reason = h('textarea', { id: 'return-reason', maxlength: 500, style: 'width:100%; height:80px', placeholder: '如：请补充共建实验室名单' });
    const boxes = u.measures.filter((m) => !m.closed).map((m) => h('label', { class: 'small', style: 'display:block' }, h('input', { type: 'checkbox', class: 'return-measure', value: m.measureKey }), ` ${m.measureNo} ${m.text.slice(0, 40)}`));
    dialog(`退回 · ${u.unitName}`, h('div', {},
      h('label', { class: 'fld' }, '退回意见（单位在填报处看到）', reason),
      h('div', { class: 'small muted', style: 'margin-top:8px' }, '退回哪些举措（不选即整体退回）：'),
      h('div', { id: 'return-measures', style: 'max-height:200px; overflow:auto' }, boxes),
    ), [
      { label: '取消' },
      {
        label: '退回', primary: true,
        onClick: async () => {
          const measureKeys = boxes.map((b) => b.querySelector('input')!).filter((i) => i.checked).map((i) => i.value);
          if (!reason.value.trim()) { toast('请填写退回意见。', 'error'); return true; }
          return !(await decide(u, { decision: 'return', reason: reason.value.trim(), measureKeys }));
        },
      },
    ]);
  }
  clear(body);
  body.append(waiting.length
    ? h('table', { class: 'data', id: 'review-list' },
        h('thead', {}, h('tr', {}, ['单位', '报送时间', '审签人', '', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, waiting.map((u) => h('tr', { 'data-unit': u.unitId },
          h('td', {}, u.unitName),
          h('td', { class: 'small' }, fmtTime(u.submittedAt)),
          h('td', { class: 'signed-by' }, u.signedBy ?? h('span', { class: 'muted' }, '未填')),
          h('td', {}, h('button', { class: 'approve primary', onclick: () => void decide(u, { decision: 'approve' }) }, '通过')),
          h('td', {}, h('button', { class: 'return', onclick: () => returnDialog(u) }, '退回')),
        ))))
    : h('div', { class: 'muted', id: 'review-list' }, '没有待审核的报送。'));
  if (decided.length) body.append(h('div', { class: 'small muted', id: 'review-decided', style: 'margin-top:8px' },
    decided.map((u) => `${u.unitName}：${REVIEW_LABELS[u.state]}${u.state === 'returned' && u.returnReason ? `（${u.returnReason}）` : ''}`).join('；')));
  return h('div', { class: 'card', id: 'review' }, h('h3', { style: 'margin-top:0' }, `审核（待审核 ${waiting.length}）`), body);
}
