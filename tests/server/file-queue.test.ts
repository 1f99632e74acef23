// file-guard's worker queue is bounded (docs/rules.md "Bounds"): one file at a time, at most
// MAX_WAITING_FILES waiting behind it (one more: 503 FILES_BUSY, at once), and a file that takes
// longer than its time limit is refused while the files behind it are still read, in a fresh worker.
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_WAITING_FILES, readReturnedInWorker, stopFileGuard, DEFAULT_LIMITS } from '../../server/workbooks/file-guard';
import { largeWorkbook } from '../helpers/large-workbook';

afterAll(() => stopFileGuard());
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; status?: number; message?: string }) => `${e.code} ${e.status}`);

describe('file worker queue', () => {
  it('refuses the file past the waiting bound with FILES_BUSY, reads all the others', async () => {
    const small = largeWorkbook(50);
    const all = Array.from({ length: MAX_WAITING_FILES + 3 }, () => codeOf(readReturnedInWorker(small)));
    const codes = await Promise.all(all);
    // the first starts at once (not waiting); 16 wait; the rest are refused without waiting
    expect(codes.filter((c) => c === 'ok')).toHaveLength(MAX_WAITING_FILES + 1);
    expect(codes.filter((c) => c === 'FILES_BUSY 503')).toHaveLength(2);
  });

  it('a file past its time limit is refused; the one behind it is read in a fresh worker', async () => {
    const slow = readReturnedInWorker(largeWorkbook(40_000), DEFAULT_LIMITS, 50).catch((e: Error & { code: string }) => e);
    const next = readReturnedInWorker(largeWorkbook(20));
    const err = await slow;
    expect(err).toMatchObject({ code: 'UNREADABLE_FILE' });
    expect((err as Error).message).toContain('超时');
    expect((await next).grids[0].cells.length).toBe(20);
  });
});
