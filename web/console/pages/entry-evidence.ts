// 佐证材料 in the 汇总表: under each entry its files as download links (through the API: the code
// goes in a header, so not a plain link), a button that opens the fill page's evidence box for the
// office to upload or remove (the same box a unit uses), and the whole period as one .zip ordered
// 任务/举措/单位 (built by the service, server/services/cycle/evidence.ts).
import { h, clear } from '../../common/dom';
import { messageOf } from '../../common/api';
import { busy, dialog, toast } from '../../common/ui';
import { evidenceBox } from '../../common/evidence';
import { EVIDENCE_TEXT } from '../../../shared/cycle/labels';
import { entryKey } from '../../../shared/model/consolidate';
import type { EvidenceSchema } from '../../../shared/api/cycle';
import type { Ctx } from '../context';
import type { z } from 'zod';

export type Evidence = z.infer<typeof EvidenceSchema>;

/** The period's live evidence by entry (entryKey). */
export async function evidenceByEntry(ctx: Ctx, periodId: string): Promise<Map<string, Evidence[]>> {
  const { evidence } = await ctx.api.call('evidence', { params: { periodId } });
  const by = new Map<string, Evidence[]>();
  for (const e of evidence) {
    if (e.deletedAt) continue;
    const k = entryKey(e.measureKey, e.unitId);
    by.set(k, [...(by.get(k) ?? []), e]);
  }
  return by;
}

export function downloadEvidence(ctx: Ctx, f: Evidence): void {
  ctx.api.download('downloadEvidence', { params: { evidenceId: f.id } }, f.name).catch((err) => toast(messageOf(err), 'error'));
}

/** One entry's files (links) and the button to manage them; redraws itself after the dialog. */
export function entryEvidence(ctx: Ctx, opts: { periodId: string; measureKey: string; measureNo: string; unitId: string; unitName: string; files: Evidence[] }): HTMLElement {
  let files = opts.files;
  const el = h('div', { class: 'entry-evidence small', 'data-measure': opts.measureKey, 'data-unit': opts.unitId });
  function draw(): void {
    clear(el);
    for (const f of files)
      el.append(h('div', { class: 'evidence-item' }, h('a', { href: '#', class: 'evidence-link', title: f.name, onclick: (ev: Event) => { ev.preventDefault(); downloadEvidence(ctx, f); } }, f.name)));
    el.append(h('button', { class: 'link evidence-manage', onclick: () => manage() }, files.length ? `${EVIDENCE_TEXT.title}（${files.length}）` : `+ ${EVIDENCE_TEXT.title}`));
  }
  function manage(): void {
    const box = evidenceBox(ctx.api, { periodId: opts.periodId, measureKey: opts.measureKey, unitId: opts.unitId, files, readOnly: false });
    const dlg = dialog(`${EVIDENCE_TEXT.title} · ${opts.measureNo} · ${opts.unitName}`, box);
    dlg.addEventListener('close', async () => {
      const res = await busy(null, () => ctx.api.call('evidence', { params: { periodId: opts.periodId }, query: { measure: opts.measureKey, unit: opts.unitId } }));
      if (!res) return;
      files = res.evidence.filter((e) => !e.deletedAt && e.measureKey === opts.measureKey && e.unitId === opts.unitId);
      draw();
    });
  }
  draw();
  return el;
}

/** 下载全部佐证材料（.zip）: the service names the file (佐证材料_期次_日期.zip). */
export function evidenceZipButton(ctx: Ctx, periodId: string, periodName: string): HTMLButtonElement {
  const btn: HTMLButtonElement = h('button', {
    id: 'evidence-zip',
    onclick: () => void busy(btn, () => ctx.api.download('evidenceZip', { params: { periodId } }, `佐证材料_${periodName}.zip`)),
  }, EVIDENCE_TEXT.zip);
  return btn;
}
