// Splitting a batch of sheet commands into requests under a size limit (Excel on the web refuses a
// request over 5 MB). Deterministic: the same commands always split at the same places — greedy, in
// order — so a retried layout sends the same requests. An item bigger than the limit is cut by
// `cut` (e.g. a values block into row blocks) before packing.
export interface SplitOptions<T> {
  limit: number;
  sizeOf: (item: T) => number;
  /** Cut an item into smaller ones (in order); return null if it cannot be cut. */
  cut?: (item: T) => T[] | null;
}

export function splitBatches<T>(items: T[], opts: SplitOptions<T>): T[][] {
  const flat: T[] = [];
  const pushCut = (item: T): void => {
    if (opts.sizeOf(item) <= opts.limit) return void flat.push(item);
    const parts = opts.cut?.(item);
    if (!parts || parts.length < 2) throw new Error(`a single command of ${opts.sizeOf(item)} bytes exceeds the request limit of ${opts.limit}`);
    parts.forEach(pushCut);
  };
  items.forEach(pushCut);

  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of flat) {
    const s = opts.sizeOf(item);
    if (current.length && size + s > opts.limit) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += s;
  }
  if (current.length || batches.length === 0) batches.push(current);
  return batches;
}

/** UTF-8 bytes of a string (what a JSON request body weighs). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
