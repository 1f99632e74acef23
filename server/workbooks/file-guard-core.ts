// The checks of file-guard.ts, run inside its worker thread (never on the event loop of the service).
// Checks a returned file before anything parses it for real: its type by its bytes (not its name),
// a size limit, the zip's entry count and inflated size counted WHILE inflating (zip headers can
// lie), and the sheet XML for what would make exceljs hang or blow up: data validations or
// conditional formats over whole columns (exceljs expands validations cell by cell) and huge
// sheets. Throws AppError with a clear code; nothing has touched the store yet.
import { inflateRawSync } from 'node:zlib';
import { Unzip, type AsyncFlateStreamHandler, type UnzipDecoder, type UnzipFile } from 'fflate';
import { AppError } from '../../shared/messages';

export interface GuardLimits {
  maxFileBytes: number;
  maxEntries: number;
  maxInflatedBytes: number;
  /** Rows over all sheets (counted from the XML, not from the dimension, which can lie). */
  maxRows: number;
  maxCells: number;
  maxColumns: number;
  /** A validation / conditional format over more cells than this is refused. */
  maxRuleCells: number;
}

export const DEFAULT_LIMITS: GuardLimits = {
  maxFileBytes: 25 * 1024 * 1024,
  maxEntries: 2000,
  maxInflatedBytes: 150 * 1024 * 1024,
  maxRows: 100_000,
  maxCells: 2_000_000,
  maxColumns: 200,
  maxRuleCells: 100_000,
};

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;
const KEPT_PARTS = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\d*\.xml|styles\.xml)$/i;

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

export interface GuardResult {
  entries: number;
  inflatedBytes: number;
  rows: number;
  cells: number;
  /** The XML parts a reader needs: workbook, its relationships, shared strings, worksheets. */
  parts: Map<string, string>;
}

/** Throws unless `bytes` is an .xlsx that is safe to give to exceljs (synchronous: call it through file-guard.ts). */
export function checkWorkbook(bytes: Uint8Array, limits: GuardLimits = DEFAULT_LIMITS): GuardResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new AppError('EMPTY_FILE', 400);
  if (buf.length > limits.maxFileBytes) throw new AppError('FILE_TOO_LARGE', 413, `上限 ${Math.round(limits.maxFileBytes / 1048576)} MB`);
  if (buf.subarray(0, 8).equals(OLE_MAGIC)) throw oleError(buf);
  if (buf[0] !== 0x50 || buf[1] !== 0x4b || buf[2] !== 0x03 || buf[3] !== 0x04) throw notZipError(buf);
  const parts = inflateChecked(buf, limits);
  const sheets = new Map([...parts].filter(([name]) => SHEET_PART.test(name)));
  return { ...checkSheets(sheets, limits), parts };
}

/** An OLE container: an encrypted .xlsx (EncryptionInfo stream), an old .xls, or something else. */
function oleError(buf: Buffer): AppError {
  if (buf.includes(utf16('EncryptionInfo')) || buf.includes(utf16('EncryptedPackage'))) return new AppError('ENCRYPTED_FILE', 400);
  if (buf.includes(utf16('Workbook')) || buf.includes(utf16('Book'))) return new AppError('XLS_NOT_SUPPORTED', 400);
  return new AppError('NOT_A_WORKBOOK', 400, '这是旧版 Office 文件');
}

function notZipError(buf: Buffer): AppError {
  const head = buf.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*</.test(head)) return new AppError('NOT_A_WORKBOOK', 400, '这是网页或 XML 文件');
  const printable = head.replace(/[\x00-\x08\x0e-\x1f\ufffd]/g, '').length / Math.max(1, head.length);
  const lines = head.split(/\r?\n/).filter((l) => l.length > 0);
  if (printable > 0.95 && lines.length >= 1 && lines.some((l) => /[,\t;]/.test(l))) return new AppError('CSV_NOT_SUPPORTED', 400);
  return new AppError('NOT_A_WORKBOOK', 400);
}

/**
 * fflate walks the zip (local headers, data descriptors) as a stream; each deflated entry is
 * inflated by Node's native zlib — several times faster than fflate's JS inflater here — with
 * `maxOutputLength` set to what is left of the budget, so inflation itself stops at the cap,
 * whatever the headers claim.
 */
function nativeInflater(remaining: () => number) {
  return class NativeInflate implements UnzipDecoder {
    static compression = 8;
    ondata!: AsyncFlateStreamHandler;
    constructor(_name: string, _size?: number, _originalSize?: number) {}
    private chunks: Uint8Array[] = [];
    push(data: Uint8Array, final: boolean): void {
      this.chunks.push(data);
      if (!final) return;
      const room = remaining();
      let out: Buffer;
      try {
        out = inflateRawSync(Buffer.concat(this.chunks), { maxOutputLength: Math.max(1, room + 1) });
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new AppError('ZIP_BOMB', 400, '解压后过大');
        throw new AppError('UNREADABLE_FILE', 400, '压缩数据损坏');
      }
      this.chunks = [];
      this.ondata(null, new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>, true);
    }
  };
}

/**
 * Inflates the whole zip, counting entries and bytes as they come out and stopping at the first
 * limit. Returns the worksheet XML texts.
 */
function inflateChecked(buf: Buffer, limits: GuardLimits): Map<string, string> {
  let entries = 0;
  let total = 0;
  let failure: AppError | null = null;
  const sheetChunks = new Map<string, Uint8Array[]>();
  const names = new Set<string>();
  const unzip = new Unzip((file: UnzipFile) => {
    if (failure) return file.terminate();
    entries++;
    names.add(file.name);
    if (entries > limits.maxEntries) {
      failure = new AppError('ZIP_BOMB', 400, `条目超过 ${limits.maxEntries} 个`);
      return file.terminate();
    }
    if (file.compression !== 0 && file.compression !== 8) {
      failure = new AppError('UNREADABLE_FILE', 400, `不支持的压缩方式 ${file.compression}`);
      return file.terminate();
    }
    const keep = SHEET_PART.test(file.name) || KEPT_PARTS.test(file.name);
    const chunks: Uint8Array[] = [];
    if (keep) sheetChunks.set(file.name, chunks);
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        failure = new AppError('UNREADABLE_FILE', 400, '压缩数据损坏');
        return file.terminate();
      }
      total += data.length;
      if (total > limits.maxInflatedBytes) {
        failure = new AppError('ZIP_BOMB', 400, `解压后超过 ${Math.round(limits.maxInflatedBytes / 1048576)} MB`);
        return file.terminate();
      }
      if (keep) chunks.push(data);
      void final;
    };
    file.start();
  });
  unzip.register(nativeInflater(() => limits.maxInflatedBytes - total));
  // Feed in slices so a limit stops the work early instead of after the whole buffer.
  const STEP = 64 * 1024;
  try {
    for (let i = 0; i < buf.length && !failure; i += STEP) unzip.push(buf.subarray(i, Math.min(buf.length, i + STEP)), i + STEP >= buf.length);
  } catch (e) {
    if (!failure) failure = e instanceof AppError ? e : new AppError('UNREADABLE_FILE', 400, '压缩包损坏');
  }
  if (failure) throw failure;
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) return fail('NOT_A_WORKBOOK', '这是 Word 文档');
    return fail('NOT_A_WORKBOOK', '压缩包中没有 Excel 工作簿');
  }
  const dec = new TextDecoder();
  const out = new Map<string, string>();
  for (const [name, chunks] of sheetChunks) out.set(name, dec.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  return out;
}

function fail(code: 'NOT_A_WORKBOOK', detail: string): never {
  throw new AppError(code, 400, detail);
}

const COL_MAX = 16384;
const ROW_MAX = 1048576;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Cells covered by one sqref range ("A1:B9", "A:A", "3:3", "C5", "$A$1:$A$1048576"). */
export function rangeArea(ref: string): number {
  const r = ref.replace(/\$/g, '').trim();
  const [a, b = a] = r.split(':');
  const parse = (s: string) => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(s);
    if (!m) return null;
    return { col: m[1] ? colNumber(m[1]) : null, row: m[2] ? Number(m[2]) : null };
  };
  const p = parse(a);
  const q = parse(b);
  if (!p || !q) return Infinity;
  const cols = p.col === null || q.col === null ? COL_MAX : Math.abs(q.col - p.col) + 1;
  const rows = p.row === null || q.row === null ? ROW_MAX : Math.abs(q.row - p.row) + 1;
  return cols * rows;
}

function checkRules(xml: string, sheet: string, limits: GuardLimits): void {
  const refs: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?(?:dataValidation|conditionalFormatting)\b[^>]*?\ssqref="([^"]*)"/g)) refs.push(m[1]);
  for (const m of xml.matchAll(/<(?:\w+:)?sqref>([^<]*)<\/(?:\w+:)?sqref>/g)) refs.push(m[1]);
  for (const sq of refs) {
    let area = 0;
    for (const part of sq.split(/\s+/).filter(Boolean)) area += rangeArea(part);
    if (area > limits.maxRuleCells) throw new AppError('WHOLE_COLUMN_RULE', 400, `${sheet}：${sq.slice(0, 40)}`);
  }
}

function checkSheets(sheets: Map<string, string>, limits: GuardLimits): Omit<GuardResult, 'parts'> {
  let rows = 0;
  let cells = 0;
  for (const [name, xml] of sheets) {
    const sheet = name.replace(/^xl\/worksheets\//, '');
    checkRules(xml, sheet, limits);
    rows += count(xml, /<(?:\w+:)?row[\s>]/g);
    cells += count(xml, /<(?:\w+:)?c[\s>]/g);
    // The highest row / column actually used; the dimension element alone can lie.
    const maxRowAttr = lastRowNumber(xml);
    const maxCol = maxColumn(xml);
    if (rows > limits.maxRows || maxRowAttr > limits.maxRows * 2) throw new AppError('SHEET_TOO_LARGE', 400, `${sheet}：行数过多`);
    if (cells > limits.maxCells) throw new AppError('SHEET_TOO_LARGE', 400, `${sheet}：单元格过多`);
    if (maxCol > limits.maxColumns) throw new AppError('SHEET_TOO_LARGE', 400, `${sheet}：列数过多`);
  }
  return { entries: sheets.size, inflatedBytes: 0, rows, cells };
}

/** Matches of a global pattern (test() walks lastIndex without building match arrays). */
function count(s: string, re: RegExp): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.test(s)) n++;
  return n;
}

/** The highest row number any row claims (a single row at r="1048576" would make a huge grid). */
function lastRowNumber(xml: string): number {
  let max = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?row\s[^>]*?\br="(\d+)"/g)) {
    const n = Number(m[1]);
    if (n > max) max = n;
  }
  return max;
}

/** The widest column referenced by a cell, from the dimension and a sample of cell refs. */
function maxColumn(xml: string): number {
  let max = 0;
  const dim = /<dimension\s+ref="[A-Z]+\d*:([A-Z]+)\d*"/.exec(xml);
  // A lying dimension is only a hint; cells decide. Sample every cell ref (cheap regex).
  for (const m of xml.matchAll(/<(?:\w+:)?c\s[^>]*?\br="([A-Z]+)\d+"/g)) {
    const n = colNumber(m[1]);
    if (n > max) max = n;
  }
  if (max === 0 && dim) max = Math.min(colNumber(dim[1]), 1);
  return max;
}
