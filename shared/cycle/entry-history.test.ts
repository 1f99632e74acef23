import { describe, expect, it } from 'vitest';
import { concernsEntry, entryTimeline } from './entry-history';
import type { ReviewStep } from './review';

const submit: ReviewStep = { kind: 'submit', at: '2026-12-10T02:00:00.000Z', by: '钱科员', signedBy: '李副厅长' };
const returnA: ReviewStep = { kind: 'return', at: '2026-12-11T02:00:00.000Z', by: '协调办公室', reason: '请补充名单', measureKeys: ['a'] };
const returnAll: ReviewStep = { kind: 'return', at: '2026-12-11T02:00:00.000Z', by: '协调办公室', reason: '整体不全', measureKeys: [] };
const approve: ReviewStep = { kind: 'approve', at: '2026-12-13T02:00:00.000Z', by: '协调办公室' };

describe('entry history with review steps', () => {
  it('a return naming other entries does not concern this one; a whole return and 报送/通过 do', () => {
    expect(concernsEntry(returnA, 'a')).toBe(true);
    expect(concernsEntry(returnA, 'b')).toBe(false);
    expect(concernsEntry(returnAll, 'b')).toBe(true);
    expect(concernsEntry(submit, 'b')).toBe(true);
    expect(concernsEntry(approve, 'b')).toBe(true);
  });

  it('merges changes and steps newest first; a step at the same time as a change comes after it', () => {
    const changes = [
      { at: '2026-12-09T02:00:00.000Z', id: 1 },
      { at: '2026-12-10T02:00:00.000Z', id: 2 },
      { at: '2026-12-12T02:00:00.000Z', id: 3 },
    ];
    const kinds = (mk: string) => entryTimeline(changes, [submit, returnA, { ...submit, at: '2026-12-12T03:00:00.000Z' }, approve], mk)
      .map((e) => (e.kind === 'change' ? `c${e.change.id}` : e.step.kind));
    expect(kinds('a')).toEqual(['approve', 'submit', 'c3', 'return', 'submit', 'c2', 'c1']);
    expect(kinds('b')).toEqual(['approve', 'submit', 'c3', 'submit', 'c2', 'c1']);
    expect(entryTimeline([], [returnAll], 'b')).toEqual([{ kind: 'review', at: returnAll.at, step: returnAll, whole: true }]);
  });
});
