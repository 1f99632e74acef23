// Stable measure keys: `m` + a short base36 hash of (task title, measure text). Not the display
// number, so inserting a task does not shift other measures' keys; re-import keeps matched keys.

/** FNV-1a, 32 bit: small, deterministic, isomorphic. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    h ^= cp & 0xff;
    h = Math.imul(h, 0x01000193);
    h ^= cp >>> 8;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function baseKey(taskTitle: string, measureText: string): string {
  return `m${fnv1a(`${taskTitle}\u0000${measureText}`).toString(36).padStart(7, '0')}`;
}

/** A key not yet in `taken` (which it is added to): collisions get a suffix -2, -3 … */
export function uniqueKey(taskTitle: string, measureText: string, taken: Set<string>): string {
  const base = baseKey(taskTitle, measureText);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}
