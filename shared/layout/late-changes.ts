// What changed after a period was closed: the entries whose fields differ between the snapshot
// frozen at closing (what was printed) and the current state (late merges by the office).
import type { ConsolidatedMeasure } from '../api/contract';
import { entryKey } from '../model/consolidate';

const COMPARED = ['status', 'progress', 'problems', 'nextSteps', 'contact'] as const;

/** entryKey(measureKey, unitId) of every entry of `live` that differs from `frozen` (or is new). */
export function lateEntries(frozen: ConsolidatedMeasure[], live: ConsolidatedMeasure[]): Set<string> {
  const before = new Map<string, ConsolidatedMeasure['units'][number]>();
  for (const m of frozen) for (const u of m.units) before.set(entryKey(m.measureKey, u.unitId), u);
  const out = new Set<string>();
  for (const m of live)
    for (const u of m.units) {
      const k = entryKey(m.measureKey, u.unitId);
      const b = before.get(k);
      if (COMPARED.some((f) => (b?.[f] ?? '') !== u[f])) out.add(k);
    }
  return out;
}
