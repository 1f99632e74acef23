// What a file really is, by its content (the name only breaks ties and words the error).
import { unzipSync } from 'fflate';
import { AppError } from '../../shared/messages';

export type FileKind = 'txt' | 'xlsx' | 'docx';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 5_000;

const MAGIC: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF 图片'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF 文档'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR 压缩包'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z 压缩包'],
  [[0x1f, 0x8b], 'gzip 压缩包'],
];

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

function extension(filename: string): string {
  const m = filename.toLowerCase().match(/\.([a-z0-9]+)$/);
  return m ? m[1] : '';
}

/** Entry names of a zip, from its central directory, refusing zip bombs; nothing is inflated. */
function zipEntries(buf: Buffer): string[] {
  const names: string[] = [];
  let total = 0;
  try {
    unzipSync(buf, {
      filter: (f) => {
        names.push(f.name);
        total += f.originalSize;
        return false;
      },
    });
  } catch {
    throw new AppError('UNREADABLE_FILE', 400, '压缩结构已损坏');
  }
  if (names.length > MAX_ZIP_ENTRIES || total > MAX_UNZIPPED_BYTES) throw new AppError('ZIP_BOMB', 413);
  return names;
}

function decodeText(buf: Buffer): string | null {
  if (buf.includes(0)) return null;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(buf);
    } catch {
      // try the next encoding
    }
  }
  return null;
}

export interface Sniffed {
  kind: FileKind;
  text?: string;
}

export function sniffPlanFile(buf: Buffer, filename: string): Sniffed {
  if (buf.length === 0) throw new AppError('EMPTY_FILE', 400, filename);
  if (buf.length > MAX_FILE_BYTES) throw new AppError('FILE_TOO_LARGE', 413, `上限 ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  const ext = extension(filename);
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) {
    const names = zipEntries(buf);
    if (names.includes('xl/workbook.xml')) return { kind: 'xlsx' };
    if (names.includes('word/document.xml')) return { kind: 'docx' };
    throw new AppError('UNSUPPORTED_FILE', 415, '压缩包不是 Excel 工作簿或 Word 文档');
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) {
    if (ext === 'xls') throw new AppError('XLS_NOT_SUPPORTED', 415);
    if (ext === 'xlsx' || ext === 'docx') throw new AppError('ENCRYPTED_FILE', 400);
    throw new AppError('UNSUPPORTED_FILE', 415, '旧版 Office 文件（.doc/.xls），请另存为 .docx 或 .xlsx');
  }
  for (const [bytes, what] of MAGIC) {
    if (startsWith(buf, bytes)) throw new AppError('UNSUPPORTED_FILE', 415, `文件内容是 ${what}${ext ? `，不是 .${ext}` : ''}`);
  }
  const text = decodeText(buf);
  if (text === null) throw new AppError(ext === 'xlsx' || ext === 'docx' ? 'UNREADABLE_FILE' : 'UNSUPPORTED_FILE', 415);
  if (ext === 'csv') throw new AppError('CSV_NOT_SUPPORTED', 415);
  if (ext === 'xlsx' || ext === 'docx' || ext === 'xls' || ext === 'doc') {
    throw new AppError('UNREADABLE_FILE', 400, `文件内容是纯文本，不是 .${ext}`);
  }
  return { kind: 'txt', text };
}
