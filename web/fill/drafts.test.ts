import { describe, it, expect } from 'vitest';
import { DraftStore, type KeyValueStore } from './drafts';

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('fill page drafts', () => {
  let n = 0;
  const id = () => `change-${++n}`;

  it('keeps typed text across a reload with the base revision it was typed over', () => {
    const s = memory();
    const a = new DraftStore(s, 'k', id);
    a.set('m1', 'progress', '已开工', '', 3);
    a.set('m1', 'progress', '已开工建设', '', 5); // server moved on meanwhile: base stays 3
    const b = new DraftStore(s, 'k', id);
    expect(b.get('m1', 'progress')).toMatchObject({ value: '已开工建设', baseRev: 3 });
    expect(b.pending()).toHaveLength(1);
  });

  it('drops the draft when the text is typed back to the saved value', () => {
    const s = memory();
    const a = new DraftStore(s, 'k', id);
    a.set('m1', 'contact', '张三', '李四', 1);
    a.set('m1', 'contact', '李四', '李四', 1);
    expect(a.count()).toBe(0);
    expect(s.data.has('k')).toBe(false);
  });

  it('gives a new change id when the text changes and keeps it for a retry', () => {
    const a = new DraftStore(memory(), 'k', id);
    a.set('m1', 'problems', '甲', '', 0);
    const first = a.get('m1', 'problems')!.changeId;
    a.set('m1', 'problems', '甲', '', 0);
    expect(a.get('m1', 'problems')!.changeId).toBe(first);
    a.set('m1', 'problems', '甲乙', '', 0);
    expect(a.get('m1', 'problems')!.changeId).not.toBe(first);
  });

  it('holds a conflicted draft back from the next save until a person chooses', () => {
    const a = new DraftStore(memory(), 'k', id);
    a.set('m1', 'progress', '我的', '', 0);
    a.set('m2', 'progress', '另一条', '', 0);
    a.markConflict('m1', 'progress', 'c1');
    expect(a.pending().map((p) => p.measureKey)).toEqual(['m2']);
    expect(a.count()).toBe(2);
  });

  it('survives broken storage content', () => {
    const s = memory();
    s.setItem('k', '{not json');
    expect(new DraftStore(s, 'k', id).count()).toBe(0);
  });
});

describe('DraftStore.all', () => {
  it('lists every draft, those waiting on a conflict choice too', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v), removeItem: (k: string) => void mem.delete(k) };
    let n = 0;
    const d = new DraftStore(storage, 'k', () => `id${++n}`);
    d.set('m1', 'progress', 'a', '', 0);
    d.set('m2', 'problems', 'b', '', 0);
    d.markConflict('m2', 'problems', 'cf1');
    expect(d.pending().map((x) => x.measureKey)).toEqual(['m1']);
    expect(d.all().map((x) => [x.measureKey, x.field, x.draft.value])).toEqual([['m1', 'progress', 'a'], ['m2', 'problems', 'b']]);
  });
});
