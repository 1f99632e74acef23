// A zip bomb built for real: one 16 MB run of zeros deflated once (≈16 KB), stored as 24 entries
// whose headers claim 100 bytes each — 384 MB inflated, far past the guard's cap.
import { deflateSync, strToU8 } from 'fflate';

export const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
export const WORKBOOK = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>';

export function zipBomb(): Buffer {
  const packed = deflateSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
  const entries: [string, Uint8Array, number][] = [
    ['[Content_Types].xml', deflateSync(strToU8(CONTENT_TYPES)), CONTENT_TYPES.length],
    ['xl/workbook.xml', deflateSync(strToU8(WORKBOOK)), WORKBOOK.length],
  ];
  for (let i = 0; i < 24; i++) entries.push([`xl/media/pad${i}.bin`, packed, 100]); // sizes claimed: 100 bytes
  return rawZip(entries);
}

/** A zip written by hand from deflated entries, with whatever uncompressed sizes we claim (CRC left 0). */
function rawZip(entries: [name: string, deflated: Uint8Array, claimedSize: number][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data, size] of entries) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, n, Buffer.from(data));
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}

