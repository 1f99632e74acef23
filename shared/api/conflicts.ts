// Conflicts: the list and a resolution (docs/rules.md "Resolving a conflict").
import { z } from 'zod';
import { Field, FieldState, Source } from '../model/progress';
import { CleanText, MAX_FIELD_LENGTH } from './common';

export const Conflict = z.object({
  id: z.string(),
  periodId: z.string(),
  measureKey: z.string(),
  measureNo: z.string(),
  unitId: z.string(),
  field: Field,
  baseValue: z.string(),
  serverValue: z.string(),
  serverRev: z.number().int(),
  theirValue: z.string(), // the value that could not be applied (kept here, never lost)
  source: Source,
  createdAt: z.string(),
  createdBy: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type Conflict = z.infer<typeof Conflict>;
export const ConflictsResponse = z.object({ conflicts: z.array(Conflict) });
/**
 * POST /api/conflicts/:conflictId/resolve — a resolution is a change with a base (docs/rules.md
 * "Resolving a conflict"). `baseRev` is the field revision the person saw when deciding: the
 * conflict's serverRev at first, or the newer rev a CONFLICT_MOVED answer showed.
 *  - field still at baseRev, or already holding `value` → resolved (a new revision only if the value
 *    differs): 200 ResolveConflictResponse;
 *  - otherwise nothing is written, the conflict stays open with the newer serverValue/serverRev, and
 *    the answer is 409 { error: { code: 'CONFLICT_MOVED', message, details: ConflictMovedDetails } }:
 *    show the newer value and let the person decide again (a new changeId, baseRev = details.field.rev);
 *  - a retry (same changeId, same payload) answers exactly as the first time; the same changeId
 *    with another payload is refused: 400 DUPLICATE_CHANGE_ID.
 */
export const ResolveConflictRequest = z.object({
  value: CleanText(MAX_FIELD_LENGTH),
  changeId: z.string().min(8).max(100),
  baseRev: z.number().int().nonnegative(),
});
export type ResolveConflictRequest = z.infer<typeof ResolveConflictRequest>;
export const ResolveConflictResponse = z.object({ conflict: Conflict, field: FieldState });
export type ResolveConflictResponse = z.infer<typeof ResolveConflictResponse>;
/** `details` of a 409 CONFLICT_MOVED: the field as it is now. */
export const ConflictMovedDetails = z.object({
  field: z.object({ value: z.string(), rev: z.number().int().nonnegative(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() }),
});
export type ConflictMovedDetails = z.infer<typeof ConflictMovedDetails>;
