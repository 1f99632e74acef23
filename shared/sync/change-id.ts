// Change ids are derived from what the change is (client, period, entry, field, base revision, new
// value), so a retried sync — after a lost response, a crash, or a reopened offline workbook — sends
// the same ids and the server applies each change once. The period is part of it: the service
// refuses an id reused for another change (docs/rules.md), and the same edit in two periods is two changes.
import type { Field } from '../model/progress';
import { cyrb53 } from './hash';

export function changeIdFor(clientId: string, periodId: string, c: { measureKey: string; unitId: string; field: Field; baseRev: number; value: string }): string {
  const text = [periodId, c.measureKey, c.unitId, c.field, c.baseRev, c.value].join('\u001f');
  return `${clientId}-${cyrb53(text, 1).toString(36)}${cyrb53(text, 2).toString(36)}`;
}
