// The HTTP contract of the 督办 cycle (liaisons, 审签/报送/审核, lights and 催报, 延期申请, 办结,
// 佐证材料, 本期 vs 上期), spread into `api` in contract.ts. Text the service stores is checked
// for characters it cannot keep (docs/rules.md "Text integrity").
import { z } from 'zod';
import { isCleanText } from '../text/integrity';

const Clean = (max: number) => z.string().max(max).refine(isCleanText, { message: '含有不能保存的字符', params: { code: 'INVALID_TEXT' } }); // contract.ts TEXT_ISSUE: parseBody answers INVALID_TEXT
const Ok = z.object({ ok: z.literal(true) });

export const LiaisonBody = z.object({
  name: Clean(50).default(''),
  officePhone: Clean(50).default(''),
  mobile: Clean(50).default(''),
  email: Clean(100).default(''),
  deputyName: Clean(50).default(''),
  deputyOfficePhone: Clean(50).default(''),
  deputyMobile: Clean(50).default(''),
});
export const LiaisonRowSchema = LiaisonBody.extend({ unitId: z.string(), updatedAt: z.string(), updatedBy: z.string() });
export const LiaisonsResponse = z.object({ liaisons: z.array(LiaisonRowSchema) });
export const LiaisonImportResponse = z.object({
  fileName: z.string(),
  headerRow: z.number().int(),
  units: z.array(z.object({ unitId: z.string(), unitName: z.string(), written: z.string(), rows: z.array(z.number().int()), liaison: LiaisonBody, changed: z.boolean() })),
  problems: z.array(z.object({ kind: z.enum(['unknown-unit', 'too-long', 'duplicate']), row: z.number().int(), text: z.string().optional(), unitId: z.string().optional() })),
  applied: z.boolean(),
});

export const ReviewRequest = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('return'), reason: Clean(500), measureKeys: z.array(z.string().max(200)).max(500).optional() }),
]);
const Step = z.object({
  kind: z.enum(['submit', 'approve', 'return']), at: z.string(), by: z.string(),
  signedBy: z.string().optional(), reason: z.string().optional(), measureKeys: z.array(z.string()).optional(),
});
export const ReviewState = z.enum(['not-submitted', 'submitted', 'approved', 'returned']);
export const UnitReviewResponse = z.object({
  unitId: z.string(),
  state: ReviewState,
  submittedAt: z.string().nullable(),
  signedBy: z.string().nullable(),
  lastReturn: z.object({ at: z.string(), by: z.string(), reason: z.string(), measureKeys: z.array(z.string()) }).nullable(),
  resubmitted: z.boolean(),
  approvedAt: z.string().nullable(),
  steps: z.array(Step),
  returnedEntries: z.record(z.string(), z.string()).nullable(),
});

export const Light = z.enum(['normal', 'yellow', 'red', 'done', 'closed']);
export const CycleUnitSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  liaison: LiaisonBody.nullable(),
  liaisonLine: z.string(),
  state: ReviewState,
  signedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  deadline: z.string().nullable(),
  extensionPending: z.boolean(),
  light: Light,
  measures: z.array(z.object({ measureKey: z.string(), measureNo: z.string(), text: z.string(), light: Light, closed: z.boolean(), returnedReason: z.string().nullable() })),
});
/** What is pending for the office in a period (the overview's numbers, the side menu's badges). */
export const PendingCountsSchema = z.object({
  unreviewed: z.number(), returned: z.number(), pendingExtensions: z.number(), overdue: z.number(), warning: z.number(), openConflicts: z.number(),
});
export const CycleStatusResponse = z.object({
  units: z.array(CycleUnitSchema),
  measures: z.array(z.object({ measureKey: z.string(), light: Light, closed: z.boolean() })),
  counts: PendingCountsSchema,
  warnDays: z.number(),
});
/** The counts alone: the console asks for them on every page change, whatever the number of units. */
export const CycleCountsResponse = z.object({ counts: PendingCountsSchema });
export const ReminderResponse = z.object({ title: z.string(), text: z.string(), units: z.array(z.string()) });

export const ExtensionSchema = z.object({
  id: z.string(), periodId: z.string(), unitId: z.string(), requestedDeadline: z.string(), reason: z.string(),
  state: z.enum(['pending', 'granted', 'declined']), requestedAt: z.string(), requestedBy: z.string(),
  decidedAt: z.string().nullable(), decidedBy: z.string().nullable(), grantedDeadline: z.string().nullable(), note: z.string(),
});
export const ExtensionRequestBody = z.object({ unitId: z.string().max(64).optional(), requestedDeadline: z.string().max(40), reason: Clean(500) });
export const ExtensionDecisionBody = z.object({ grant: z.boolean(), deadline: z.string().max(40).nullable().optional(), note: Clean(500).optional() });
export const ExtensionsResponse = z.object({ extensions: z.array(ExtensionSchema) });

export const ClosureBody = z.object({ measureKey: z.string().max(200), unitId: z.string().max(64).optional(), note: Clean(500).optional() });
export const ClosureSchema = z.object({ planId: z.string(), measureKey: z.string(), unitId: z.string(), periodId: z.string(), at: z.string(), by: z.string(), note: z.string() });
export const ClosuresResponse = z.object({
  closures: z.array(ClosureSchema),
  events: z.array(ClosureSchema.extend({ kind: z.enum(['close', 'reopen']) })),
});

export const EvidenceSchema = z.object({
  id: z.string(), periodId: z.string(), measureKey: z.string(), unitId: z.string(), name: z.string(),
  kind: z.enum(['pdf', 'png', 'jpg', 'docx', 'xlsx']), size: z.number(), sha256: z.string(), createdAt: z.string(), createdBy: z.string(),
  codeId: z.string().nullable(), deletedAt: z.string().nullable(), deletedBy: z.string().nullable(),
});
export const EvidenceListResponse = z.object({ evidence: z.array(EvidenceSchema) });

export const ComparePiece = z.object({ text: z.string(), isNew: z.boolean() });
export const CompareResponse = z.object({
  previous: z.object({ id: z.string(), name: z.string() }).nullable(),
  rows: z.array(z.object({ measureKey: z.string(), measureNo: z.string(), unitId: z.string(), unitName: z.string(), field: z.string(), pieces: z.array(ComparePiece), previous: z.string() })),
});

/** The cycle's routes (shared/api/routes.ts) with their schemas (joined in endpoints.ts). */
export const cycleEndpoints = {
  liaisons: { response: LiaisonsResponse },
  setLiaison: { request: LiaisonBody, response: LiaisonRowSchema },
  importLiaisons: { response: LiaisonImportResponse },
  unitReview: { response: UnitReviewResponse },
  reviewUnit: { request: ReviewRequest, response: UnitReviewResponse },
  cycleStatus: { response: CycleStatusResponse },
  cycleCounts: { response: CycleCountsResponse },
  reminder: { response: ReminderResponse },
  extensions: { response: ExtensionsResponse },
  requestExtension: { request: ExtensionRequestBody, response: ExtensionSchema },
  decideExtension: { request: ExtensionDecisionBody, response: ExtensionSchema },
  closures: { response: ClosuresResponse },
  closeMeasure: { request: ClosureBody, response: ClosureSchema },
  reopenMeasure: { request: ClosureBody, response: Ok },
  evidence: { response: EvidenceListResponse },
  uploadEvidence: { response: EvidenceSchema },
  downloadEvidence: {},
  removeEvidence: { response: EvidenceSchema },
  evidenceZip: {},
  compare: { response: CompareResponse },
} as const;
