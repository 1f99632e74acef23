// Reads cell texts straight from the sheet XML that file-guard has already inflated and checked.
// A returned workbook only has to yield plain cell texts; loading it into exceljs' full object model
// costs several times the parse (and expands data validations cell by cell), so the few parts
// needed — workbook sheet list, relationships, shared strings, sheet cells and merges — are read
// here. Values are never evaluated: a formula cell yields its cached value, as text.
import { formatKind, numberText, type NumberKind } from '../../shared/workbook/number-format';
export { formatKind, serialText, type NumberKind } from '../../shared/workbook/number-format';
import { AppError } from '../../shared/messages';
import type { SheetGrid } from '../../shared/workbook/parse-returned';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then Excel's _xHHHH_ escapes (ST_Xstring: _x000D_ is a CR, _x005F_ an underscore). */
export function xmlText(s: string): string {
  const t = s.indexOf('&') < 0 ? s : s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    return ENTITIES[e] ?? m;
  });
  return t.indexOf('_x') < 0 ? t : t.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Open / close patterns per element name, compiled once (a returned sheet asks for them per cell). */
const TAGS = new Map<string, { open: RegExp; close: RegExp }>();
function tagsOf(name: string): { open: RegExp; close: RegExp } {
  let t = TAGS.get(name);
  if (!t) {
    t = { open: new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])`, 'g'), close: new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, 'g') };
    TAGS.set(name, t);
  }
  return t;
}

/**
 * The elements named `name` (any namespace prefix) in `xml`, in order: their attribute text and
 * inner XML (null when self-closing). Linear in the input even when it is malformed: a missing
 * closing tag ends the scan instead of making every later start re-scan to the end.
 */
export function* elements(xml: string, name: string): Generator<{ attrs: string; inner: string | null }> {
  // Shared patterns: safe because each exec sets lastIndex first and runs to completion.
  const { open, close } = tagsOf(name);
  let from = 0;
  for (;;) {
    open.lastIndex = from;
    const m = open.exec(xml);
    if (!m) return;
    const end = xml.indexOf('>', m.index);
    if (end < 0) return;
    const attrs = xml.slice(m.index + m[0].length, end);
    if (xml[end - 1] === '/') {
      yield { attrs: attrs.slice(0, -1), inner: null };
      from = end + 1;
      continue;
    }
    close.lastIndex = end + 1;
    const c = close.exec(xml);
    if (!c) return;
    yield { attrs, inner: xml.slice(end + 1, c.index) };
    from = c.index + c[0].length;
  }
}

/** The first element's inner XML ('' when self-closing), as `elements` would give it, without a generator. */
function firstInner(xml: string, name: string): string | undefined {
  const { open, close } = tagsOf(name);
  open.lastIndex = 0;
  const m = open.exec(xml);
  if (!m) return undefined;
  const end = xml.indexOf('>', m.index);
  if (end < 0) return undefined;
  if (xml[end - 1] === '/') return '';
  close.lastIndex = end + 1;
  const c = close.exec(xml);
  return c ? xml.slice(end + 1, c.index) : undefined;
}

/** The text of a rich/plain string item: its <t> runs, without phonetic (<rPh>) runs. */
function runsText(xml: string): string {
  // The usual item, <t>plain text</t> with no other tag inside: what the general path below gives.
  if (xml.startsWith('<t>') && xml.endsWith('</t>') && xml.indexOf('<', 3) === xml.length - 4) return xmlText(xml.slice(3, -4));
  let out = '';
  // Plain <t> directly, or the <t> of each rich-text run <r>; phonetic runs (<rPh>) are skipped.
  const runs = [...elements(xml, 'r')];
  if (runs.length === 0) return xmlText(firstInner(xml, 't') ?? '');
  for (const r of runs) out += firstInner(r.inner ?? '', 't') ?? '';
  return xmlText(out);
}

export function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const si of elements(xml, 'si')) out.push(si.inner === null ? '' : runsText(si.inner));
  return out;
}

/** The <v> of a cell: its inner text, as firstInner(inner, 'v') gives it (fast path for "<v>…</v>…"). */
function cellValue(inner: string): string | undefined {
  if (inner.startsWith('<v>')) {
    // The first "</" after the start tag is where the closing-tag search would stop, if it is </v>.
    const k = inner.indexOf('</', 3);
    if (k >= 0 && inner.startsWith('</v>', k)) return inner.slice(3, k);
  }
  return firstInner(inner, 'v');
}

const ATTR = new Map<string, RegExp>();
function attr(attrs: string, name: string): string | undefined {
  let re = ATTR.get(name);
  if (!re) ATTR.set(name, (re = new RegExp(`(?:^|\\s)${name}="([^"]*)"`)));
  const m = re.exec(attrs);
  return m ? m[1] : undefined;
}

/** JavaScript's \s, for the hand-written attribute scan below. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** attr() without a pattern, for the per-cell r= and t=: the first `name="…"` at the start or after a space. */
function cellAttr(attrs: string, name: string): string | undefined {
  const lead = `${name}="`;
  for (let i = attrs.indexOf(lead); i >= 0; i = attrs.indexOf(lead, i + 1)) {
    if (i > 0 && !isSpace(attrs.charCodeAt(i - 1))) continue;
    const from = i + lead.length;
    const end = attrs.indexOf('"', from);
    return end < 0 ? undefined : attrs.slice(from, end);
  }
  return undefined;
}

/** The column of a cell ref, as parseRef(ref)?.col gives it (-1 when parseRef gives null). */
function refCol(ref: string): number {
  let i = ref.charCodeAt(0) === 0x24 ? 1 : 0; // $
  let col = 0;
  const start = i;
  for (; i < ref.length && i - start < 4; i++) {
    const c = ref.charCodeAt(i);
    if (c < 0x41 || c > 0x5a) break;
    col = col * 26 + (c - 64);
  }
  const letters = i - start;
  if (letters < 1 || letters > 3) return -1;
  if (ref.charCodeAt(i) === 0x24) i++;
  if (i >= ref.length) return -1;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
  }
  return col - 1;
}

function colIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  return m ? { row: Number(m[2]) - 1, col: colIndex(m[1]) } : null;
}

// ── number formats ─────────────────────────────────────────────────────────────
// A number a person typed as a date or a percentage is stored as a serial number or a fraction;
// read back bare it would arrive as "46296" or "0.75". The cell's style says how Excel shows it.

/** Built-in number formats that show dates (ECMA-376 18.8.30, plus the CJK date ids). */
const BUILTIN_DATE = new Set([14, 15, 16, 17, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const BUILTIN_DATETIME = new Set([22, 32, 33, 45, 46, 47]);
const BUILTIN_PERCENT = new Set([9, 10]);

/** styles.xml → the kind of each cell style index (cellXfs order). */
export function styleKinds(xml: string | undefined): NumberKind[] {
  if (!xml) return [];
  const custom = new Map<number, NumberKind>();
  for (const f of elements(xml, 'numFmt')) {
    const id = Number(attr(f.attrs, 'numFmtId'));
    const code = xmlText(attr(f.attrs, 'formatCode') ?? '');
    custom.set(id, formatKind(code));
  }
  const xfs = firstInner(xml, 'cellXfs') ?? '';
  const out: NumberKind[] = [];
  for (const xf of elements(xfs, 'xf')) {
    const id = Number(attr(xf.attrs, 'numFmtId') ?? 0);
    out.push(
      custom.has(id) ? custom.get(id)! : BUILTIN_DATE.has(id) ? 'date' : BUILTIN_DATETIME.has(id) ? 'datetime' : BUILTIN_PERCENT.has(id) ? 'percent' : null,
    );
  }
  return out;
}

/** One worksheet's XML → grid of texts (merged cells carry the master's text) and formula cells. */
export function sheetGrid(name: string, xml: string, strings: string[], styles: NumberKind[] = [], date1904 = false): SheetGrid {
  const cells: string[][] = [];
  const formulas: { row: number; col: number }[] = [];
  const dataStart = xml.search(/<(?:\w+:)?sheetData[\s>/]/);
  const dataEnd = xml.search(/<\/(?:\w+:)?sheetData>/);
  const data = dataStart < 0 ? '' : xml.slice(dataStart, dataEnd < 0 ? undefined : dataEnd);
  let rowIdx = -1;
  for (const row of elements(data, 'row')) {
    const r = attr(row.attrs, 'r');
    rowIdx = r ? Number(r) - 1 : rowIdx + 1;
    if (!row.inner) continue;
    const line: string[] = (cells[rowIdx] ??= []);
    let colIdx = -1;
    for (const cell of elements(row.inner, 'c')) {
      const a = cell.attrs;
      const ref = cellAttr(a, 'r');
      const col = ref ? refCol(ref) : -1;
      colIdx = col >= 0 ? col : colIdx + 1;
      const inner = cell.inner;
      if (!inner) continue;
      const t = cellAttr(a, 't') ?? 'n';
      const v = cellValue(inner);
      let text = '';
      if (t === 's') text = v === undefined ? '' : (strings[Number(v)] ?? '');
      else if (t === 'inlineStr') text = runsText(firstInner(inner, 'is') ?? '');
      else if (t === 'b') text = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : '';
      else if (t === 'e') text = '';
      else if (v === undefined) text = '';
      else {
        const s = styles.length ? cellAttr(a, 's') : undefined;
        text = s === undefined || t !== 'n' ? xmlText(v) : numberText(v, styles[Number(s)] ?? null, date1904);
      }
      if (/<(?:[\w.-]+:)?f[\s/>]/.test(inner)) formulas.push({ row: rowIdx, col: colIdx });
      line[colIdx] = text;
    }
  }
  for (const mm of xml.matchAll(/<(?:\w+:)?mergeCell\s+ref="([^"]+)"/g)) {
    const [a, b] = mm[1].split(':');
    const p = parseRef(a);
    const q = parseRef(b ?? a);
    if (!p || !q) continue;
    const text = cells[p.row]?.[p.col] ?? '';
    if (!text) continue;
    for (let r = p.row; r <= q.row; r++)
      for (let c = p.col; c <= q.col; c++) {
        if (r === p.row && c === p.col) continue;
        (cells[r] ??= [])[c] = text;
      }
  }
  for (let r = 0; r < cells.length; r++) {
    const line = (cells[r] ??= []);
    for (let c = 0; c < line.length; c++) if (line[c] === undefined) line[c] = '';
  }
  return { name, cells, formulas };
}

/** The workbook's worksheets in tab order, read from the parts file-guard kept. */
export function workbookGrids(parts: Map<string, string>): SheetGrid[] {
  const wb = parts.get('xl/workbook.xml');
  if (!wb) throw new AppError('NOT_A_WORKBOOK', 400);
  const rels = new Map<string, string>();
  for (const m of (parts.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attr(m[1], 'Id');
    const target = attr(m[1], 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const ssPath = [...rels.values()].find((p) => /sharedStrings\d*\.xml$/i.test(p)) ?? 'xl/sharedStrings.xml';
  const strings = sharedStrings(parts.get(ssPath));
  const styles = styleKinds(parts.get('xl/styles.xml'));
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(wb);
  const out: SheetGrid[] = [];
  let n = 0;
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
    n++;
    const name = xmlText(attr(m[1], 'name') ?? `Sheet${n}`);
    const rid = /\sr:id="([^"]+)"/.exec(m[1])?.[1] ?? /\s\w+:id="([^"]+)"/.exec(m[1])?.[1];
    const path = (rid && rels.get(rid)) ?? `xl/worksheets/sheet${n}.xml`;
    const xml = parts.get(path);
    if (xml === undefined) continue; // a chart sheet or a missing part: nothing to read
    out.push(sheetGrid(name, xml, strings, styles, date1904));
  }
  return out;
}
