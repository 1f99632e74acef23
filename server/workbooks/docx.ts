// Word (.docx) from the layout renderer (server/render/docx-layout.ts): the consolidated table, the
// form offices attach to an official document, and a unit's offline template as a Word table —
// for units that fill Word, not Excel. A Word table has no hidden key column: the template's keys
// travel in the document's properties, so the returned document merges like the .xlsx template.
import type { PaperSize, SheetLayout } from '../../shared/layout/model';
import { decodeRowKey } from '../../shared/layout/keys';
import { encodeDocumentKeys, type DocumentKeys } from '../../shared/workbook/document-keys';
import { renderLayoutDocx } from '../render/docx-layout';
import type { AppContext } from '../context';
import { templateLayout } from './export';

export async function docxBuffer(layout: SheetLayout): Promise<Buffer> {
  return Buffer.from(await renderLayoutDocx(layout));
}

/** The unit sheet's 填报说明 speaks of Excel (drop-down, Alt+Enter, the hidden column): in Word, this. */
export const WORD_TEMPLATE_NOTE =
  '填报说明：“完成状态”请填写未启动、推进中、已完成或滞后；“进展情况”“存在问题”“下步计划”“联系人/电话”请如实填写本期情况，可分段填写。序号、主要任务、具体举措、责任单位各列请勿修改；请直接在本表中填写后发回，以便系统自动汇总。';

/** A unit's template (the unit-sheet layout) as a Word document carrying its keys. */
export async function templateDocxBuffer(ctx: AppContext, periodId: string, unitId: string, paper: PaperSize = 'A3'): Promise<Buffer> {
  const layout = await templateLayout(ctx, periodId, unitId, paper);
  for (const row of layout.rows) if (row.kind === 'note') row.cells[0] = WORD_TEMPLATE_NOTE;
  const keyCol = layout.columns.findIndex((c) => c.kind === 'key');
  const keys: DocumentKeys = { sheet: { periodId, unitId }, rows: new Map() };
  for (const row of layout.rows) {
    const k = row.kind === 'data' ? decodeRowKey(row.cells[keyCol]) : null;
    if (k) keys.rows.set(k.measureKey, k.baseRevs);
  }
  return Buffer.from(await renderLayoutDocx(layout, { customProperties: encodeDocumentKeys(keys) }));
}
