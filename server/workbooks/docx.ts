// The consolidated table as a Word table (.docx), the form offices attach to an official document,
// drawn from the same layout by the layout renderer (server/render/docx-layout.ts).
import type { SheetLayout } from '../../shared/layout/model';
import { renderLayoutDocx } from '../render/docx-layout';

export async function docxBuffer(layout: SheetLayout): Promise<Buffer> {
  return Buffer.from(await renderLayoutDocx(layout));
}
