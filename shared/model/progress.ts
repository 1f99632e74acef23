// Progress entries: one per (period, measure, unit), each field revisioned on its own.
import { z } from 'zod';
import { FIELDS, STATUSES } from './fields';

export { FIELDS, STATUSES, TEXT_FIELDS, FIELD_LABELS } from './fields';

export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const Field = z.enum(FIELDS);
export type Field = z.infer<typeof Field>;

export const Source = z.enum(['addin', 'workbook', 'console', 'fill', 'carryover', 'import']);
export type Source = z.infer<typeof Source>;

/** One field's current value and the revision it is at (0 = never written). */
export const FieldState = z.object({
  value: z.string(),
  rev: z.number().int().nonnegative(),
  updatedAt: z.string().optional(), // ISO time
  updatedBy: z.string().optional(), // person or code label
  /** Set when the value came from a sentence-level auto-merge a person should look at. */
  autoMerged: z.boolean().optional(),
});
export type FieldState = z.infer<typeof FieldState>;

export const Entry = z.object({
  periodId: z.string(),
  measureKey: z.string(),
  unitId: z.string(),
  fields: z.record(Field, FieldState),
  /** Server sequence number of the entry's last change: the cursor a delta pull compares with. */
  seq: z.number().int().nonnegative(),
  /** Changed after the unit's 报送 of this period. */
  changedAfterSubmit: z.boolean().default(false),
});
export type Entry = z.infer<typeof Entry>;

export const PeriodState = z.enum(['open', 'closed']);
export const Period = z.object({
  id: z.string(),
  planId: z.string(),
  name: z.string(), // 2026年下半年
  deadline: z.string().nullable(), // ISO date or date-time
  state: PeriodState,
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  carriedFrom: z.string().nullable(),
});
export type Period = z.infer<typeof Period>;

/** A measure's rolled-up status across its units. */
export const RollupStatus = z.enum(['未填报', '未启动', '推进中', '已完成', '滞后']);
export type RollupStatus = z.infer<typeof RollupStatus>;
