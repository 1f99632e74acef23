// What matching a returned file needs of the plan (parse-returned.ts's ParseContext), as plain data:
// it goes to file-guard's worker with the file. Plan-sized (measures × units), never file-sized.
import type { UnitRef } from '../../shared/workbook/find-unit';
import type { PlanIndex } from '../services/plans';
import type { ReturnedContext } from './file-jobs';

export function returnedContext(plan: PlanIndex, senders: UnitRef[], fileName: string, periodId: string, unitParam?: UnitRef): ReturnedContext {
  const candidates: ReturnedContext['candidates'] = {};
  for (const u of senders) {
    candidates[u.id] = (plan.measuresOfUnit.get(u.id) ?? []).map((key) => {
      const m = plan.measures.get(key)!;
      return { measureKey: key, measureNo: m.measure.no, taskNo: m.task.no, measureText: m.measure.text };
    });
  }
  const measureNos: ReturnedContext['measureNos'] = {};
  for (const [key, m] of plan.measures) measureNos[key] = m.measure.no;
  return { fileName, periodId, units: senders, candidates, measureNos, ...(unitParam ? { unitParam } : {}) };
}
