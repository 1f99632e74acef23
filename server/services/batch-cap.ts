// The service's side of the batch cap (shared/sync/change-batches.ts): a client batch carrying more
// text than MAX_BATCH_TEXT is refused whole, before anything is read from or written to the store.
// Returned workbooks and imports go through applyChanges directly and are bounded by the file limits.
import { AppError } from '../../shared/messages';
import { batchText, MAX_BATCH_TEXT } from '../../shared/sync/change-batches';

export function requireBatchWithinCap(changes: readonly { value: string }[]): void {
  const n = batchText(changes);
  if (n > MAX_BATCH_TEXT) throw new AppError('BATCH_TOO_LARGE', 413, `本批 ${n} 字，上限 ${MAX_BATCH_TEXT} 字`);
}
