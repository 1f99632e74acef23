// What an evidence file really is, from its bytes (never its name or the browser's content type),
// and whether it is safe to keep: PDF without script or launch actions, PNG / JPEG with sane
// dimensions, .docx / .xlsx through the workbook guard (zip bombs, entry counts, huge sheets —
// in its worker) and without macros. Everything else — HTML, SVG, executables, old OLE files,
// other archives — is refused with EVIDENCE_TYPE; nothing has been stored yet.
import { AppError } from '../../../shared/messages';
import type { EvidenceKind } from '../../../shared/cycle/evidence-name';
import { guardWorkbook } from '../../workbooks/file-guard';

export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
const MAX_PIXELS_SIDE = 30_000;
const GUARD = { maxFileBytes: EVIDENCE_MAX_BYTES, maxEntries: 2000, maxInflatedBytes: 150 * 1024 * 1024, maxRows: 200_000, maxCells: 2_000_000, maxColumns: 1000 };

const starts = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

function pdfOk(b: Buffer): boolean {
  if (!b.subarray(0, 5).equals(Buffer.from('%PDF-'))) return false;
  if (!b.subarray(Math.max(0, b.length - 2048)).includes('%%EOF')) return false;
  // active content a viewer might run (uncompressed dictionaries; compressed object streams are inert to this check)
  return !/\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b/.test(b.toString('latin1'));
}

function pngOk(b: Buffer): boolean {
  if (!starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || b.length < 33) return false;
  if (b.subarray(12, 16).toString('latin1') !== 'IHDR') return false;
  const w = b.readUInt32BE(16);
  const h = b.readUInt32BE(20);
  return w > 0 && h > 0 && w <= MAX_PIXELS_SIDE && h <= MAX_PIXELS_SIDE;
}

function jpegOk(b: Buffer): boolean {
  if (!starts(b, [0xff, 0xd8, 0xff])) return false;
  // the first start-of-frame marker gives the size
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return false;
    const marker = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const h = b.readUInt16BE(i + 5);
      const w = b.readUInt16BE(i + 7);
      return w > 0 && h > 0 && w <= MAX_PIXELS_SIDE && h <= MAX_PIXELS_SIDE;
    }
    i += 2 + len;
  }
  return false;
}

export async function evidenceKind(bytes: Uint8Array): Promise<EvidenceKind> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length === 0) throw new AppError('EMPTY_FILE', 400);
  if (b.length > EVIDENCE_MAX_BYTES) throw new AppError('FILE_TOO_LARGE', 413, `佐证材料每个文件上限 ${EVIDENCE_MAX_BYTES / 1048576} MB`);
  if (pdfOk(b)) return 'pdf';
  if (pngOk(b)) return 'png';
  if (jpegOk(b)) return 'jpg';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    const { parts } = await guardWorkbook(bytes, GUARD).catch((e: unknown) => {
      // zip bombs and oversized sheets keep their own codes; any other archive is not evidence
      throw e instanceof AppError && e.code === 'NOT_A_WORKBOOK' ? new AppError('EVIDENCE_TYPE', 400) : e;
    });
    const types = parts.get('[Content_Types].xml') ?? '';
    if (/macroEnabled|vbaProject/i.test(types)) throw new AppError('EVIDENCE_TYPE', 400, '含宏的文件不能作为佐证材料');
    if (parts.has('word/document.xml')) return 'docx';
    if (parts.has('xl/workbook.xml')) return 'xlsx';
  }
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0])) throw new AppError('EVIDENCE_TYPE', 400, '旧版 .doc/.xls 请另存为 .docx/.xlsx 或 PDF');
  throw new AppError('EVIDENCE_TYPE', 400);
}
