// The keys of a Word template. A Word table has no hidden column, so the sheet key and each
// measure's base revisions travel in the document's custom properties (Word, WPS and LibreOffice
// keep them on save). Rows are still found by 序号 and measure text; the keys say whose the document
// is and what each field was based on, so a returned Word template merges like an .xlsx one.
import { FIELDS, type Field } from '../model/fields';
import { decodeSheetKey, encodeSheetKey, type SheetKey } from '../layout/keys';

export const DOC_KEY_PROPERTY = 'FENGONG-KEY';
export const DOC_ROWS_PROPERTY = 'FENGONG-ROWS';
/** Word edits custom property values of up to 255 characters: longer lists are split. */
const CHUNK = 240;

export interface DocumentKeys {
  sheet: SheetKey & { unitId: string };
  /** measureKey → base revisions of its fields. */
  rows: Map<string, Partial<Record<Field, number>>>;
}

export function encodeDocumentKeys(keys: DocumentKeys): { name: string; value: string }[] {
  const items = [...keys.rows].map(([m, revs]) => `${m}:${FIELDS.map((f) => revs[f] ?? 0).join(',')}`);
  const chunks: string[] = [];
  let cur = '';
  for (const it of items) {
    if (cur && cur.length + it.length + 1 > CHUNK) chunks.push(cur), (cur = '');
    cur = cur ? `${cur};${it}` : it;
  }
  if (cur) chunks.push(cur);
  return [{ name: DOC_KEY_PROPERTY, value: encodeSheetKey(keys.sheet) }, ...chunks.map((value, i) => ({ name: `${DOC_ROWS_PROPERTY}-${i + 1}`, value }))];
}

/** The keys from a document's custom properties (name → value), or null when they are absent or damaged. */
export function decodeDocumentKeys(props: ReadonlyMap<string, string>): DocumentKeys | null {
  const sheet = decodeSheetKey(props.get(DOC_KEY_PROPERTY));
  if (!sheet || sheet.unitId === null) return null;
  const rows = new Map<string, Partial<Record<Field, number>>>();
  for (let i = 1; props.has(`${DOC_ROWS_PROPERTY}-${i}`); i++) {
    for (const item of props.get(`${DOC_ROWS_PROPERTY}-${i}`)!.split(';')) {
      const [m, list] = item.split(':');
      const revs = (list ?? '').split(',').map(Number);
      if (!m || revs.length !== FIELDS.length || revs.some((n) => !Number.isInteger(n) || n < 0)) return null;
      rows.set(m, Object.fromEntries(FIELDS.map((f, k) => [f, revs[k]])));
    }
  }
  return { sheet: { periodId: sheet.periodId, unitId: sheet.unitId }, rows };
}
