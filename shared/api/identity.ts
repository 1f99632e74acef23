// Who a code signs in as: GET /api/me.
import { z } from 'zod';
import { Unit } from '../model/plan';

export const Role = z.enum(['unit', 'coordinator']);
export const Me = z.object({
  role: Role,
  unit: Unit.nullable(), // null for the coordinator
  person: z.string().nullable(), // optional person label of the code
  codeId: z.string(),
  /** The office's time zone: deadlines end at midnight there (shared/model/deadline.ts). */
  timeZone: z.string().optional(),
});
export type Me = z.infer<typeof Me>;
