// History: one page of accepted changes (docs/rules.md "History").
import { z } from 'zod';
import { Field, Source } from '../model/progress';
import { Role } from './identity';

export const HistoryItem = z.object({
  seq: z.number().int(),
  periodId: z.string(),
  measureKey: z.string(),
  unitId: z.string(),
  field: Field,
  oldValue: z.string(),
  newValue: z.string(),
  rev: z.number().int(),
  at: z.string(),
  by: z.string(),
  source: Source,
  late: z.boolean(), // merged into a closed period by the office
  autoMerged: z.boolean(),
  changeId: z.string(),
  /** Who really acted, from the access code: `by` is the code's holder (person, else the unit, else 协调办公室), `role` its role (null on rows older than this field). */
  role: Role.nullable(),
  /** What the client declared about the typing person (not verified), null when it said nothing. */
  declaredPerson: z.string().nullable(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;
/** GET /api/periods/:periodId/history?[measure=][&unit=][&after=<seq>][&limit=<n ≤ HISTORY_PAGE_MAX>] */
export const HISTORY_PAGE_DEFAULT = 1000;
export const HISTORY_PAGE_MAX = 5000;
export const HistoryResponse = z.object({
  items: z.array(HistoryItem),
  /** Pass as `after` for the next page; null when there is no more (a page is never cut silently). */
  next: z.number().int().nullable(),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;
