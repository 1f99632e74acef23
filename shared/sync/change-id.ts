// Change ids are derived from what the change is (client, field, base revision, new value), so a
// retried sync — after a lost response, a crash, or a reopened offline workbook — sends the same
// ids and the server applies each change once.
import type { Field } from '../model/progress';

/** 53-bit string hash (cyrb53), twice with different seeds → 26 hex-ish chars. Not cryptographic. */
function cyrb53(str: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function changeIdFor(clientId: string, c: { measureKey: string; unitId: string; field: Field; baseRev: number; value: string }): string {
  const text = [c.measureKey, c.unitId, c.field, c.baseRev, c.value].join('\u001f');
  return `${clientId}-${cyrb53(text, 1).toString(36)}${cyrb53(text, 2).toString(36)}`;
}
