import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pendingChanges, cellText } from './diff';
import { applyPulled, applyPushResults, applyResolution } from './apply';
import { splitBatches, utf8Length } from './split';
import { newSyncState, rowId, snapOf, upgradeState } from './state';
import { changeIdFor } from './change-id';
import type { Entry } from '../model/progress';

const base = () => {
  const s = newSyncState('p1', 'u1', '表', 'client01');
  s.snapshot[rowId('m1', 'u1')] = { progress: snapOf('旧', 2), status: snapOf('推进中', 1) };
  return s;
};

describe('finding edits against the snapshot', () => {
  it('a changed field is pending with its base revision; unchanged fields are not', () => {
    const ch = pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: '新', status: '推进中', problems: '' } }], base());
    expect(ch).toEqual([{ changeId: expect.stringMatching(/^client01-/), measureKey: 'm1', unitId: 'u1', field: 'progress', baseRev: 2, value: '新' }]);
  });
  it('change ids are stable for the same edit and differ for another value or base', () => {
    const c = { measureKey: 'm', unitId: 'u', field: 'progress' as const, baseRev: 1, value: 'a' };
    expect(changeIdFor('x', 'p1', c)).toBe(changeIdFor('x', 'p1', { ...c }));
    expect(changeIdFor('x', 'p1', c)).not.toBe(changeIdFor('x', 'p1', { ...c, value: 'b' }));
    expect(changeIdFor('x', 'p1', c)).not.toBe(changeIdFor('x', 'p1', { ...c, baseRev: 2 }));
    expect(changeIdFor('x', 'p1', c).length).toBeGreaterThanOrEqual(8);
  });
  it('the same edit in another period is another change (the service refuses a reused id)', () => {
    const c = { measureKey: 'm', unitId: 'u', field: 'progress' as const, baseRev: 0, value: 'a' };
    expect(changeIdFor('x', 'p1', c)).not.toBe(changeIdFor('x', 'p2', c));
  });
  it('fields in conflict wait for a person', () => {
    const s = base();
    s.conflicts.push({ id: 'c1', measureKey: 'm1', unitId: 'u1', field: 'progress', mine: '新', theirs: '他', base: '旧', serverRev: 3 });
    expect(pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: '新' } }], s)).toEqual([]);
  });
  it('Windows line breaks read as \\n', () => {
    expect(cellText('a\r\nb')).toBe('a\nb');
    expect(cellText(null)).toBe('');
    expect(cellText(12)).toBe('12');
  });
});

describe('applying push results', () => {
  it('accepted → new revision; conflict → kept, snapshot follows the server; rejected → still pending', () => {
    const s = base();
    const sent = pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: '新', status: '已完成', problems: '问题' } }], s);
    const [p, st, pr] = ['progress', 'status', 'problems'].map((f) => sent.find((c) => c.field === f)!);
    const out = applyPushResults(s, sent, [
      { changeId: p.changeId, outcome: 'accepted', rev: 3, value: '新' },
      { changeId: st.changeId, outcome: 'conflict', rev: 2, conflict: { id: 'k1', serverValue: '滞后', serverRev: 2, mine: '已完成', baseValue: '推进中' } },
      { changeId: pr.changeId, outcome: 'rejected', reason: { code: 'PERIOD_CLOSED', message: '关闭' } },
    ]);
    expect(out.state.snapshot[rowId('m1', 'u1')].progress).toEqual(snapOf('新', 3));
    expect(out.state.snapshot[rowId('m1', 'u1')].status).toEqual(snapOf('滞后', 2));
    expect(out.conflicts[0]).toMatchObject({ id: 'k1', mine: '已完成', theirs: '滞后' });
    expect(out.rejected.map((r) => r.code)).toEqual(['PERIOD_CLOSED']);
    expect(out.writes).toEqual([]); // mine stays in the cell
    // the snapshot diff still shows the rejected one, not the conflict
    expect(pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: '新', status: '已完成', problems: '问题' } }], out.state).map((c) => c.field)).toEqual(['problems']);
  });
  it('merged → the merged text is written into the cell and flagged', () => {
    const s = base();
    const [c] = pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: '新' } }], s);
    const out = applyPushResults(s, [c], [{ changeId: c.changeId, outcome: 'merged', rev: 4, value: '他的。新' }]);
    expect(out.writes).toEqual([{ measureKey: 'm1', unitId: 'u1', field: 'progress', value: '他的。新' }]);
    expect(out.state.autoMerged).toHaveLength(1);
  });
});

describe('writing pulled changes', () => {
  const entry = (fields: Partial<Entry['fields']>): Entry => ({ periodId: 'p1', measureKey: 'm1', unitId: 'u1', fields: fields as Entry['fields'], seq: 5, changedAfterSubmit: false });
  it('writes where the cell holds the snapshot, keeps an unsynced edit (and its old base)', () => {
    const s = base();
    const sheet = new Map([[rowId('m1', 'u1'), { progress: '我正在改', status: '推进中' }]]);
    const out = applyPulled(s, [entry({ progress: { value: '别人改的', rev: 3 }, status: { value: '已完成', rev: 2 } })], sheet, 9);
    expect(out.writes).toEqual([{ measureKey: 'm1', unitId: 'u1', field: 'status', value: '已完成' }]);
    expect(out.keptLocal.map((w) => w.field)).toEqual(['progress']);
    expect(out.state.snapshot[rowId('m1', 'u1')].progress).toEqual(snapOf('旧', 2));
    expect(out.state.cursor).toBe(9);
    // the next push goes with base 2 → the server sees a conflict, never a silent overwrite
    expect(pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: '我正在改' } }], out.state)[0].baseRev).toBe(2);
  });
  it('ignores other units and periods and counts rows the sheet lacks', () => {
    const out = applyPulled(base(), [{ ...entry({}), unitId: 'u2' }, { ...entry({}), measureKey: 'm9' }], new Map(), 1);
    expect(out.missingRows).toBe(1);
    expect(out.writes).toEqual([]);
  });
  it('a resolution sets the agreed value and clears the conflict', () => {
    const s = base();
    s.conflicts.push({ id: 'c1', measureKey: 'm1', unitId: 'u1', field: 'progress', mine: 'a', theirs: 'b', base: '', serverRev: 3 });
    const out = applyResolution(s, 'c1', 'ab', 4);
    expect(out.state.conflicts).toEqual([]);
    expect(out.state.snapshot[rowId('m1', 'u1')].progress).toEqual(snapOf('ab', 4));
    expect(out.write?.value).toBe('ab');
  });
});

describe('the snapshot keeps fingerprints, not texts', () => {
  it('a state stays small: a long text costs a dozen characters', () => {
    const s = base();
    const long = '推进中的工作进展情况说明。'.repeat(200);
    const [c] = pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: long } }], s);
    const out = applyPushResults(s, [c], [{ changeId: c.changeId, outcome: 'accepted', rev: 3, value: long }]);
    expect(JSON.stringify(out.state).length).toBeLessThan(400);
    expect(pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: long } }], out.state)).toEqual([]);
    expect(pendingChanges([{ measureKey: 'm1', unitId: 'u1', values: { progress: long + '。' } }], out.state)).toHaveLength(1);
  });
  it('a version-1 state (full values, a pending list) is upgraded on read', () => {
    const v1 = { ...newSyncState('p1', 'u1', '表', 'c'), v: 1, pending: [{ changeId: 'x' }], snapshot: { [rowId('m1', 'u1')]: { progress: { v: '旧', r: 2 } } } };
    const up = upgradeState(v1)!;
    expect(up.v).toBe(2);
    expect(up.snapshot[rowId('m1', 'u1')].progress).toEqual(snapOf('旧', 2));
    expect('pending' in up).toBe(false);
    expect(upgradeState({ v: 9 })).toBeNull();
    expect(upgradeState(null)).toBeNull();
  });
});

describe('splitting requests', () => {
  it('packs in order under the limit, deterministically, cutting oversize items', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 250 }), { maxLength: 60 }), (sizes) => {
        const items = sizes.map((n, i) => ({ i, n }));
        const cut = (x: { i: number; n: number }) => (x.n > 1 ? [{ i: x.i, n: Math.ceil(x.n / 2) }, { i: x.i, n: Math.floor(x.n / 2) }] : null);
        const a = splitBatches(items, { limit: 100, sizeOf: (x) => x.n, cut });
        const b = splitBatches(items, { limit: 100, sizeOf: (x) => x.n, cut });
        expect(a).toEqual(b);
        for (const batch of a) expect(batch.reduce((s, x) => s + x.n, 0)).toBeLessThanOrEqual(100);
        expect(a.flat().reduce((s, x) => s + x.n, 0)).toBe(sizes.reduce((s, n) => s + n, 0));
        expect(a.flat().map((x) => x.i)).toEqual([...a.flat().map((x) => x.i)].sort((p, q) => p - q));
      }),
    );
  });
  it('one batch when everything fits; an uncuttable oversize item is an error', () => {
    expect(splitBatches([1, 2, 3], { limit: 10, sizeOf: (x) => x })).toEqual([[1, 2, 3]]);
    expect(() => splitBatches([11], { limit: 10, sizeOf: (x) => x })).toThrow(/exceeds/);
  });
  it('counts UTF-8 bytes', () => {
    expect(utf8Length('a中😀')).toBe(1 + 3 + 4);
  });
});
