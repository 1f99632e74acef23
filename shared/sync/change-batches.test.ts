import { describe, expect, it } from 'vitest';
import { MAX_FIELD_LENGTH } from '../api/contract';
import { batchText, changeBatches, CLIENT_BATCH_CHANGES, MAX_BATCH_TEXT } from './change-batches';

const change = (i: number, len: number) => ({ changeId: `c${i}`, value: '长'.repeat(len) });

describe('changeBatches', () => {
  it('keeps every change, in order, each batch within the text cap and the change count', () => {
    const lens = [MAX_FIELD_LENGTH, 5, MAX_FIELD_LENGTH - 1, 0, 12_345, MAX_FIELD_LENGTH, ...Array.from({ length: 60 }, (_, i) => (i * 7919) % MAX_FIELD_LENGTH)];
    const changes = lens.map((l, i) => change(i, l));
    const batches = changeBatches(changes);
    expect(batches.flat()).toEqual(changes);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) {
      expect(batchText(b)).toBeLessThanOrEqual(MAX_BATCH_TEXT);
      expect(b.length).toBeGreaterThan(0);
    }
    // greedy: a batch was closed only because the next change did not fit
    for (let i = 0; i + 1 < batches.length; i++) expect(batchText(batches[i]) + batches[i + 1][0].value.length).toBeGreaterThan(MAX_BATCH_TEXT);
    expect(changeBatches(changes)).toEqual(batches); // the same edits cut the same way (retries)
  });

  it('many small changes go by the change count; a field at its limit always fits alone', () => {
    const small = Array.from({ length: 2500 }, (_, i) => change(i, 3));
    expect(changeBatches(small).map((b) => b.length)).toEqual([CLIENT_BATCH_CHANGES, CLIENT_BATCH_CHANGES, 500]);
    expect(changeBatches([change(0, MAX_FIELD_LENGTH)], MAX_FIELD_LENGTH)).toEqual([[change(0, MAX_FIELD_LENGTH)]]);
    expect(changeBatches([])).toEqual([]);
  });

  it('the cap holds 25 fields at the field limit and not 26', () => {
    expect(batchText(Array.from({ length: 25 }, (_, i) => change(i, MAX_FIELD_LENGTH)))).toBe(MAX_BATCH_TEXT);
    expect(changeBatches(Array.from({ length: 26 }, (_, i) => change(i, MAX_FIELD_LENGTH))).map((b) => b.length)).toEqual([25, 1]);
  });
});
