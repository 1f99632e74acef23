// How much one sync batch may carry (docs/rules.md "Bounds"): the service refuses a batch whose
// values add up to more than MAX_BATCH_TEXT characters (BATCH_TOO_LARGE, nothing applied), so the
// work one request can cause — checking, merging, hashing and storing its text — is bounded. Clients
// split what they push with `changeBatches`, so nothing a person typed is ever refused for size: a
// single field (≤ MAX_FIELD_LENGTH) always fits in a batch of its own.
import { MAX_FIELD_LENGTH } from '../model/fields';

/** Characters of field text in one batch: 25 fields at the field limit, ~1.5 MB of Chinese as JSON. */
export const MAX_BATCH_TEXT = 25 * MAX_FIELD_LENGTH;
/** Changes a client sends in one request (the service takes up to 5,000). */
export const CLIENT_BATCH_CHANGES = 1000;

/** The text a batch carries, as the cap counts it. */
export function batchText(changes: readonly { value: string }[]): number {
  let n = 0;
  for (const c of changes) n += c.value.length;
  return n;
}

/**
 * Cuts `changes` into batches, in order, each within the cap and `maxChanges`; greedy, so the same
 * pending edits always cut the same way (a retry sends the same batches, with the same change ids).
 */
export function changeBatches<T extends { value: string }>(changes: readonly T[], maxText = MAX_BATCH_TEXT, maxChanges = CLIENT_BATCH_CHANGES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let text = 0;
  for (const c of changes) {
    if (current.length && (current.length >= maxChanges || text + c.value.length > maxText)) {
      batches.push(current);
      current = [];
      text = 0;
    }
    current.push(c);
    text += c.value.length;
  }
  if (current.length) batches.push(current);
  return batches;
}
