// 办结/销号: the office confirms a completed measure — or one unit's part of it — as finished. A
// closure belongs to the plan, not to a period: later periods show the entry as finished (no 催报,
// no entry form) and print keeps it with its status, until the office reopens it.
export interface Closure {
  planId: string;
  measureKey: string;
  /** '' for the whole measure. */
  unitId: string;
  /** The period it was confirmed in. */
  periodId: string;
  at: string;
  by: string;
  note: string;
}

/** The closure that covers one unit's entry of a measure (its own, else the whole measure's). */
export function closureOf(closures: readonly Closure[], measureKey: string, unitId: string): Closure | null {
  return closures.find((c) => c.measureKey === measureKey && c.unitId === unitId)
    ?? closures.find((c) => c.measureKey === measureKey && c.unitId === '')
    ?? null;
}

/** The measures a unit still has to report on (its assignments less the closed ones). */
export function openMeasures(assigned: readonly string[], unitId: string, closures: readonly Closure[]): string[] {
  return assigned.filter((k) => !closureOf(closures, k, unitId));
}

/**
 * Whether a write to one unit's entry must be refused because it is 办结. The service's own
 * carry-over still copies the text into the next period (the entry stays printable with its
 * status); every other writer — unit, office, returned workbook — reopens it first.
 */
export function refuseClosedWrite(closures: readonly Closure[], measureKey: string, unitId: string, source: string): 'MEASURE_CLOSED' | null {
  if (source === 'carryover') return null;
  return closureOf(closures, measureKey, unitId) ? 'MEASURE_CLOSED' : null;
}
