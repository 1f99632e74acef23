import { describe, expect, it } from 'vitest';
import { buildUnitSheet } from '../layout/unit-sheet';
import { decodeRowKey } from '../layout/keys';
import { readSheet } from './read-sheet';
import { orphanedEdits, overlayLocalEdits, fieldColumns } from './overlay';
import { newSyncState, packState, rowId, snapOf, upgradeState } from './state';
import { pendingChanges } from './diff';
import type { MyAssignment } from '../api/contract';

const period = { id: 'p1', name: '2026年下半年', state: 'open', openedAt: '2026-07-01T00:00:00Z', deadline: null } as never;
const unit = { id: 'u1', name: '省交通运输厅', shortName: '', kind: 'department' } as never;
const assignment = (key: string, no: string): MyAssignment => ({ measureKey: key, measureNo: no, taskNo: '1', taskTitle: '任务', measureText: `举措${no}`, unitsText: '省交通运输厅', role: 'lead' }) as never;
const layoutWith = (entries: { measureKey: string; unitId: string; fields: Record<string, { value: string; rev: number }> }[]) =>
  buildUnitSheet({ planTitle: '计划', period, unit, assignments: [assignment('m1', '1.1'), assignment('m2', '1.2')], entries: entries.map((e) => ({ ...e, periodId: 'p1', seq: 1, changedAfterSubmit: false })) as never });

/** The sheet a layout renders, as a host would hand it back, with a person's typing. */
function sheetOf(layout: ReturnType<typeof layoutWith>, typed: Record<string, string> = {}) {
  const cols = new Map(fieldColumns(layout));
  const grid = layout.rows.map((r) => [...r.cells]);
  for (const [where, v] of Object.entries(typed)) {
    const [key, field] = where.split('.');
    const r = layout.rows.findIndex((x) => x.measureKey === key);
    grid[r][cols.get(field as never)!] = v;
  }
  return readSheet(grid)!;
}

describe('laying out again over typing', () => {
  it('keeps an unsynced edit with its old base, takes the server elsewhere, counts what it kept', () => {
    const first = layoutWith([{ measureKey: 'm1', unitId: 'u1', fields: { progress: { value: '旧', rev: 2 } } }]);
    const old = newSyncState('p1', 'u1', '省交通运输厅', 'c');
    old.snapshot[rowId('m1', 'u1')] = { progress: snapOf('旧', 2) };
    const existing = sheetOf(first, { 'm1.progress': '我的新进展', 'm2.problems': '' });
    const next = layoutWith([
      { measureKey: 'm1', unitId: 'u1', fields: { progress: { value: '别人的', rev: 3 }, problems: { value: '同事写的问题', rev: 1 } } },
    ]);
    const { state, kept } = overlayLocalEdits(next, existing, old, [{ measureKey: 'm1', unitId: 'u1', fields: { progress: { value: '别人的', rev: 3 }, problems: { value: '同事写的问题', rev: 1 } } }], 'u1');
    expect(kept).toBe(1);
    const back = sheetOf(next);
    const m1 = back.rows.find((r) => r.measureKey === 'm1')!;
    expect(m1.values.progress).toBe('我的新进展');
    expect(m1.values.problems).toBe('同事写的问题');
    expect(decodeRowKey(next.rows.find((r) => r.measureKey === 'm1')!.cells.at(-1))!.baseRevs).toMatchObject({ progress: 2, problems: 1 });
    // the kept edit is pending against base 2: the server's rev 3 makes it a conflict, never an overwrite
    expect(pendingChanges(back.rows, state)).toMatchObject([{ measureKey: 'm1', field: 'progress', baseRev: 2, value: '我的新进展' }]);
  });

  it('a conflict keeps mine in the cell and its "theirs" follows the server', () => {
    const first = layoutWith([]);
    const old = newSyncState('p1', 'u1', '省交通运输厅', 'c');
    old.snapshot[rowId('m2', 'u1')] = { nextSteps: snapOf('他', 4) };
    old.conflicts.push({ id: 'k', measureKey: 'm2', unitId: 'u1', field: 'nextSteps', mine: '我', theirs: '他', base: '', serverRev: 4 });
    const entries = [{ measureKey: 'm2', unitId: 'u1', fields: { nextSteps: { value: '他又改了', rev: 5 } } }];
    const { state } = overlayLocalEdits(layoutWith(entries), sheetOf(first, { 'm2.nextSteps': '我' }), old, entries, 'u1');
    expect(state.conflicts[0]).toMatchObject({ theirs: '他又改了', serverRev: 5 });
  });

  it('counts unsynced edits on rows the new layout no longer has', () => {
    const first = layoutWith([]);
    const existing = sheetOf(first, { 'm2.progress': '写了没同步' });
    const fewer = buildUnitSheet({ planTitle: '计划', period, unit, assignments: [assignment('m1', '1.1')], entries: [] });
    expect(orphanedEdits(fewer, existing, newSyncState('p1', 'u1', 's', 'c'))).toBe(1);
    expect(orphanedEdits(fewer, existing, null)).toBe(1);
    expect(orphanedEdits(first, existing, null)).toBe(0);
  });
});

describe('reading a sheet back', () => {
  it('finds the key column after inserted columns, and reads a date as the person saw it', () => {
    const layout = layoutWith([]);
    const grid = layout.rows.map((r) => ['插入的列', ...r.cells]);
    const cols = new Map(fieldColumns(layout));
    const r = layout.rows.findIndex((x) => x.measureKey === 'm1');
    grid[r][cols.get('contact')! + 1] = 46296 as never;
    const formats = grid.map((line) => line.map(() => undefined as string | undefined));
    formats[r][cols.get('contact')! + 1] = 'yyyy"年"m"月"d"日"';
    const read = readSheet(grid, 0, 0, formats)!;
    expect(read.keyCol).toBe(layout.columns.length);
    expect(read.rows.find((x) => x.measureKey === 'm1')!.values.contact).toBe('2026-10-01');
    expect(readSheet([['无关的表']])).toBeNull();
  });
});

describe('the sync state at 100× the reference plan', () => {
  it('stays far below the ≈1 MB at which Excel settings saves were seen to fail, every field filled', () => {
    // 省发展改革委 has 24 measures: 2,400 rows at 100×, five long fields each
    const s = newSyncState('per_414e97145754', '省发展改革委', '省发展改革委', 'fmtogdxrxyp2');
    for (let i = 0; i < 2400; i++) {
      const id = rowId(`m09umrvd~${i}`, '省发展改革委');
      s.snapshot[id] = {};
      for (const f of ['status', 'progress', 'problems', 'nextSteps', 'contact'] as const) s.snapshot[id][f] = snapOf(`第${i}行${f}：本期已完成年度投资计划的百分之六十，主体工程按期推进。`.repeat(3), 12);
    }
    const bytes = new TextEncoder().encode(JSON.stringify(packState(s))).length;
    expect(bytes).toBeLessThan(300 * 1024);
    expect(upgradeState(JSON.parse(JSON.stringify(packState(s))))).toEqual(s);
  });
});
