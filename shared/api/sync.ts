// Sync: the delta pull, a batch of field changes and their outcomes, the reviewed flag.
import { z } from 'zod';
import { Entry, Field, Source } from '../model/progress';
import { CleanText, MAX_FIELD_LENGTH } from './common';

/** GET /api/periods/:periodId/entries?since=<cursor>[&unit=<unitId>] */
export const EntriesResponse = z.object({
  cursor: z.number().int().nonnegative(), // pass back as `since` next time
  entries: z.array(Entry), // only entries changed after `since` (all when since=0)
  full: z.boolean(), // true when `since` was 0
});
export type EntriesResponse = z.infer<typeof EntriesResponse>;

export const FieldChange = z.object({
  changeId: z.string().min(8).max(100), // client-made, unique; a retry reuses it
  measureKey: z.string(),
  unitId: z.string(),
  field: Field,
  baseRev: z.number().int().nonnegative(), // the revision the edit was made from
  value: z.string().max(MAX_FIELD_LENGTH), // clean text is checked by the merge path (files are cleaned there)
});
export type FieldChange = z.infer<typeof FieldChange>;

/**
 * Which `source` labels a role may claim (history shows them): a unit syncs from the add-in or the
 * fill page; the office from the console, a returned workbook or its own task pane. carryover and
 * import are written by the service only.
 */
export const SOURCES_BY_ROLE = {
  unit: ['addin', 'fill'],
  coordinator: ['console', 'workbook', 'addin'],
} as const satisfies Record<'unit' | 'coordinator', readonly Source[]>;

export const ChangesRequest = z.object({
  changes: z.array(FieldChange).min(1).max(5000),
  source: Source.default('addin'),
  /** What the client says about the person typing: history keeps it beside the code's holder, labelled as declared. */
  person: CleanText(100).optional(),
});
export type ChangesRequest = z.infer<typeof ChangesRequest>;

export const Outcome = z.enum(['accepted', 'merged', 'unchanged', 'conflict', 'rejected']);
export type Outcome = z.infer<typeof Outcome>;

export const ConflictInfo = z.object({
  id: z.string(),
  serverValue: z.string(),
  serverRev: z.number().int(),
  mine: z.string(),
  baseValue: z.string(),
});
export const ChangeResult = z.object({
  changeId: z.string(),
  outcome: Outcome,
  /** The field's state on the server after this change (accepted / merged / unchanged / conflict). */
  rev: z.number().int().optional(),
  value: z.string().optional(),
  conflict: ConflictInfo.optional(),
  reason: z.object({ code: z.string(), message: z.string() }).optional(), // when rejected
  /** Files only: the value had characters that cannot be stored and was cleaned; `value` is what was stored. */
  cleaned: z.boolean().optional(),
});
export type ChangeResult = z.infer<typeof ChangeResult>;
export const ChangesResponse = z.object({ results: z.array(ChangeResult), cursor: z.number().int() });
export type ChangesResponse = z.infer<typeof ChangesResponse>;
/** POST /api/periods/:periodId/reviewed — a person has looked at an auto-merged field: clear its flag (no new revision). */
export const ReviewedRequest = z.object({ measureKey: z.string().max(200), unitId: z.string().max(64), field: Field });
