// A Word document → a grid: mammoth turns it into HTML that keeps the table structure (vertically
// merged cells as rowspan, gridSpan as colspan, paragraphs as <p>); htmlToGrid lays that out.
import mammoth from 'mammoth';
import { AppError } from '../../shared/messages';
import { htmlToGrid } from '../../shared/importer/html-grid';
import type { Grid } from '../../shared/importer';

export async function docxToGrid(buf: Buffer): Promise<Grid> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: buf })).value;
  } catch (err) {
    throw new AppError('UNREADABLE_FILE', 400, err instanceof Error ? err.message.slice(0, 120) : undefined);
  }
  return { ...htmlToGrid(html), source: 'docx' };
}
