import { describe, expect, it } from 'vitest';
import { decideRow } from './cell-changes';
import { normalizeStatus } from './status-words';

describe('decideRow', () => {
  const base = (v: Record<string, string>) => (f: string) => ({ value: v[f] ?? '', rev: v[f] ? 1 : 0 });
  it('a cell equal to its base is no edit; an emptied cell is reported, not a deletion', () => {
    const d = decideRow(
      'm',
      'u',
      [
        { field: 'progress', text: '已开工。\r\n', cell: 'F5' },
        { field: 'problems', text: '', cell: 'G5' },
        { field: 'nextSteps', text: '年底前完工。', cell: 'H5' },
        { field: 'status', text: '进行中', cell: 'E5' },
      ],
      base({ progress: '已开工。', problems: '资金不足。' }),
    );
    expect(d.unchanged).toBe(1);
    expect(d.changes.map((c) => [c.field, c.value, c.baseRev])).toEqual([
      ['nextSteps', '年底前完工。', 0],
      ['status', '推进中', 0],
    ]);
    expect(d.ignored).toHaveLength(1);
    expect(d.ignored[0]).toMatchObject({ cell: 'G5', field: 'problems' });
  });
  it('an unreadable status is reported with the allowed values', () => {
    const d = decideRow('m', 'u', [{ field: 'status', text: '差不多了', cell: 'E9' }], () => ({ value: '', rev: 0 }));
    expect(d.changes).toHaveLength(0);
    expect(d.ignored[0].reason).toMatch(/未启动、推进中、已完成、滞后/);
    expect(normalizeStatus('完成')).toBe('已完成');
  });
});
