// The consolidated table limited to reviewed submissions: a unit whose submission the office has
// not approved (通过) keeps its row — the table still shows every unit responsible for a measure —
// but its text is left out and the row says 未审核; the measure's 汇总状态 is rolled up from the
// approved units only, so nothing printed rests on unreviewed text.
import type { ConsolidatedMeasure } from '../api/contract';
import { entryKey } from '../model/consolidate';
import { rollupStatus } from '../model/rollup';

export interface ReviewedOnly {
  measures: ConsolidatedMeasure[];
  /** entryKey of every row whose unit is not approved. */
  unreviewed: Set<string>;
}

export function onlyReviewed(measures: readonly ConsolidatedMeasure[], approved: ReadonlySet<string>): ReviewedOnly {
  const unreviewed = new Set<string>();
  const out = measures.map((m) => {
    const units = m.units.map((u) => {
      if (approved.has(u.unitId)) return u;
      unreviewed.add(entryKey(m.measureKey, u.unitId));
      return { ...u, status: '' as const, progress: '', problems: '', nextSteps: '', contact: '', updatedAt: null };
    });
    return { ...m, units, rollup: rollupStatus(units.map((u) => u.status)) };
  });
  return { measures: out, unreviewed };
}
