// Word (.docx) from the layout renderer (server/render/docx-layout.ts): the consolidated table, the
// form offices attach to an official document, and a unit's offline template as a Word table —
// for units that fill Word, not Excel. A Word table has no hidden key column: the template's keys
// travel in the document's properties, so the returned document merges like the .xlsx template.
import type { SheetLayout } from '../../shared/layout/model';
import { decodeRowKey } from '../../shared/layout/keys';
import type { PaperSize } from '../../shared/layout/model';
import { encodeDocumentKeys, type DocumentKeys } from '../../shared/workbook/document-keys';
import { renderLayoutDocx } from '../render/docx-layout';
import type { AppContext } from '../context';
import { templateLayout } from './export';

export async function docxBuffer(layout: SheetLayout): Promise<Buffer> {
  return Buffer.from(await renderLayoutDocx(layout));
}

/** A unit's template (the unit-sheet layout) as a Word document carrying its keys. */
export async function templateDocxBuffer(ctx: AppContext, periodId: string, unitId: string, paper: PaperSize = 'A3'): Promise<Buffer> {
  const layout = templateLayout(ctx, periodId, unitId, paper);
  const keyCol = layout.columns.findIndex((c) => c.kind === 'key');
  const keys: DocumentKeys = { sheet: { periodId, unitId }, rows: new Map() };
  for (const row of layout.rows) {
    const k = row.kind === 'data' ? decodeRowKey(row.cells[keyCol]) : null;
    if (k) keys.rows.set(k.measureKey, k.baseRevs);
  }
  return Buffer.from(await renderLayoutDocx(layout, { customProperties: encodeDocumentKeys(keys) }));
}
