// Access codes: issue (shown once), list, revoke.
import { z } from 'zod';
import { CleanText } from './common';
import { Role } from './identity';

export const IssueCodeRequest = z.object({
  unitId: z.string().max(64).nullable(), // null → a coordinator code
  person: CleanText(100).optional(),
  expiresAt: z.string().nullable().optional(), // ISO; default per server (e.g. 1 year)
});
export const AccessCodeInfo = z.object({
  id: z.string(),
  unitId: z.string().nullable(),
  role: Role,
  person: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const IssueCodeResponse = z.object({ code: z.string(), info: AccessCodeInfo }); // code shown once
export const CodesResponse = z.object({ codes: z.array(AccessCodeInfo) });
