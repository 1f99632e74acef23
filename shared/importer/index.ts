// The importer: any file's grid → a plan (with warnings); a revised plan → a diff that keeps keys.
export type { Grid, GridCell, GridRow } from './grid';
export { cell } from './grid';
export { importGrid, countPlan, type ImportResult, type ImportCounts } from './grid-to-plan';
export { txtToGrid } from './txt-grid';
export { cleanText } from './clean-text';
export { findSuspectDoubled } from './suspect-doubled';
export { findHeader } from './header';
import { importGrid, type ImportResult } from './grid-to-plan';
import { txtToGrid } from './txt-grid';

/** The reference .txt format (tab-separated rows, `<p>` paragraphs). */
export function importTxt(text: string): ImportResult {
  return importGrid(txtToGrid(text));
}
export { diffPlans } from './diff-plans';
export { similarity } from './similarity';
export { htmlToGrid } from './html-grid';
