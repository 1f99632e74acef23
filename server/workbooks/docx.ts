// Word (.docx) from the layout renderer (server/render/docx-layout.ts): the consolidated table, the
// form offices attach to an official document, and a unit's offline template as a Word table —
// for units that fill Word, not Excel. A Word table has no hidden key column: the template's keys
// travel in the document's properties, so the returned document merges like the .xlsx template.
import type { PaperSize, SheetLayout } from '../../shared/layout/model';
import { renderLayoutDocx } from '../render/docx-layout';
import type { AppContext } from '../context';
import { templateLayout } from './export';
import { WORD_TEMPLATE_NOTE, wordTemplateBytes } from './export-render';

export async function docxBuffer(layout: SheetLayout): Promise<Buffer> {
  return Buffer.from(await renderLayoutDocx(layout));
}

export { WORD_TEMPLATE_NOTE };

/** A unit's template (the unit-sheet layout) as a Word document carrying its keys (rendered here; the service renders in its worker). */
export async function templateDocxBuffer(ctx: AppContext, periodId: string, unitId: string, paper: PaperSize = 'A3'): Promise<Buffer> {
  return wordTemplateBytes(await templateLayout(ctx, periodId, unitId, paper), { periodId, unitId });
}
