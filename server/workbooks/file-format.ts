// What a returned file is, by its bytes (the name only tells .et from .xls and .wps from .doc):
// an Office Open XML zip (.xlsx / .docx, read directly), or an older or other format LibreOffice
// can convert (.xls, .et, .doc, .wps, .ods, .odt). Anything else goes to file-guard, which names it.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

export type ConvertFrom = 'xls' | 'et' | 'doc' | 'wps' | 'ods' | 'odt';

export type Sniffed = { kind: 'direct' } | { kind: 'convert'; from: ConvertFrom; to: 'xlsx' | 'docx' };

const extOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

export function sniffReturned(bytes: Uint8Array, fileName: string): Sniffed {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ext = extOf(fileName);
  if (buf.length >= 8 && OLE_MAGIC.every((b, i) => buf[i] === b)) {
    // An encrypted .xlsx is an OLE file too: file-guard says so.
    if (buf.includes(utf16('EncryptionInfo')) || buf.includes(utf16('EncryptedPackage'))) return { kind: 'direct' };
    const word = buf.includes(utf16('WordDocument'));
    const book = buf.includes(utf16('Workbook')) || buf.includes(utf16('Book')); // BIFF8 or BIFF5
    // Both: one is embedded in the other; the name decides.
    if (word && (!book || ext === 'doc' || ext === 'wps')) return { kind: 'convert', from: ext === 'wps' ? 'wps' : 'doc', to: 'docx' };
    if (book) return { kind: 'convert', from: ext === 'et' ? 'et' : 'xls', to: 'xlsx' };
    return { kind: 'direct' };
  }
  // OpenDocument: a zip whose first entry is the uncompressed "mimetype" (ODF 1.2, part 3, 3.3).
  if (buf.length > 38 && buf.readUInt32LE(0) === 0x04034b50 && buf.subarray(30, 38).toString('latin1') === 'mimetype') {
    const type = buf.subarray(38, 120).toString('latin1');
    if (type.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return { kind: 'convert', from: 'ods', to: 'xlsx' };
    if (type.startsWith('application/vnd.oasis.opendocument.text')) return { kind: 'convert', from: 'odt', to: 'docx' };
  }
  return { kind: 'direct' };
}
