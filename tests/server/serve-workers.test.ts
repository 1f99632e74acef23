// The primary's restart rule for `fengong serve --workers N` (server/serve-workers.ts): a worker
// that lived is replaced at once, one that keeps dying at once is retried with growing pauses, and
// when all of them keep dying at once the primary gives up (the multi-process run itself is
// tests/pg/workers.pg.test.ts).
import { describe, expect, it } from 'vitest';
import { MAX_QUICK_EXITS, restartAfterExit } from '../../server/serve-workers';

describe('restarting --workers', () => {
  it('replaces a worker that lived at once', () => {
    expect(restartAfterExit(0, 0)).toEqual({ delayMs: 0 });
    expect(restartAfterExit(0, 3)).toEqual({ delayMs: 0 });
  });

  it('waits longer after each quick exit in a row, at most a minute', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => restartAfterExit(n, 1));
    expect(delays).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000].map((delayMs) => ({ delayMs })));
  });

  it('gives up only when every worker keeps dying at once', () => {
    expect(restartAfterExit(MAX_QUICK_EXITS - 1, 0)).not.toBe('give-up');
    expect(restartAfterExit(MAX_QUICK_EXITS, 0)).toBe('give-up');
    // another worker still serves: keep trying, slowly
    expect(restartAfterExit(MAX_QUICK_EXITS + 5, 1)).toEqual({ delayMs: 60000 });
  });
});
