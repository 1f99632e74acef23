// The route table (shared/api/routes.ts) joined with the schemas: per route, the JSON body it
// takes, the JSON it answers and its query options where they have a schema. Typed as a record
// over every route name, so a route added to the table does not compile until it is described
// here; the OpenAPI document (server/openapi.ts) and the web pages' client read it.
import { z } from 'zod';
import { Unit } from '../model/plan';
import { FieldState, Period } from '../model/progress';
import { Health } from './common';
import { AccessCodeInfo, CodesResponse, IssueCodeRequest, IssueCodeResponse } from './codes';
import { ConflictsResponse, ResolveConflictRequest, ResolveConflictResponse } from './conflicts';
import { HistoryResponse } from './history';
import { Me } from './identity';
import { AssignmentsResponse, OpenPeriodRequest, PeriodEventsResponse, PeriodsResponse, UpdatePeriodRequest } from './periods';
import { AssignmentEdit, ImportPlanResponse, PlanResponse, PlansResponse, ResolveGroupRequest } from './plans';
import { ConsolidatedResponse, ReportStatusResponse, SubmitRequest, SubmitResponse, SummaryRequest } from './reports';
import type { RouteName } from './routes';
import { ChangesRequest, ChangesResponse, EntriesResponse, ReviewedRequest } from './sync';
import { CreateUnitRequest, UnitsResponse } from './units';
import { ExportQuery, MergeResponse } from './workbooks';
import { cycleEndpoints } from './cycle';

export interface EndpointSchemas {
  request?: z.ZodType;
  response?: z.ZodType;
  /** The query options' schema (otherwise the table's query names are plain strings). */
  query?: z.ZodObject;
}

export const OkResponse = z.object({ ok: z.literal(true) });
const PaperQuery = ExportQuery.pick({ paper: true });

export const schemas = {
  health: { response: Health },
  openapi: { response: z.record(z.string(), z.unknown()) },
  noop: { response: OkResponse },
  wpsPlugins: { query: z.object({ mode: z.enum(['online', 'offline']).optional() }) },

  me: { response: Me },
  plans: { response: PlansResponse },
  plan: { response: PlanResponse },
  periods: { response: PeriodsResponse },
  period: { response: Period },
  assignments: { response: AssignmentsResponse },

  entries: { response: EntriesResponse },
  changes: { request: ChangesRequest, response: ChangesResponse },
  conflicts: { response: ConflictsResponse },
  resolveConflict: { request: ResolveConflictRequest, response: ResolveConflictResponse },
  submit: { request: SubmitRequest, response: SubmitResponse },
  reviewed: { request: ReviewedRequest, response: FieldState },
  history: { response: HistoryResponse },

  consolidated: { response: ConsolidatedResponse },
  reportStatus: { response: ReportStatusResponse },

  exportXlsx: { query: ExportQuery },
  exportDocx: { query: ExportQuery },
  printHtml: { query: ExportQuery },
  printPdf: { query: ExportQuery },
  templatesZip: { query: PaperQuery },
  template: { query: PaperQuery },
  templateDocx: { query: PaperQuery },
  merge: { response: MergeResponse },

  units: { response: UnitsResponse },
  createUnit: { request: CreateUnitRequest, response: Unit },
  codes: { response: CodesResponse },
  issueCode: { request: IssueCodeRequest, response: IssueCodeResponse },
  revokeCode: { response: AccessCodeInfo },
  openPeriod: { request: OpenPeriodRequest, response: Period },
  updatePeriod: { request: UpdatePeriodRequest, response: Period },
  closePeriod: { response: Period },
  reopenPeriod: { response: Period },
  periodEvents: { response: PeriodEventsResponse },
  summary: { request: SummaryRequest, response: OkResponse },
  editAssignment: { request: AssignmentEdit, response: PlanResponse },
  resolveGroup: { request: ResolveGroupRequest, response: PlanResponse },
  importPlan: { response: ImportPlanResponse },
  ...cycleEndpoints,
} as const satisfies Record<RouteName, EndpointSchemas>;

export type Schemas = typeof schemas;
/** Routes that answer JSON with a schema (what the web pages' typed client may call). */
export type JsonRouteName = { [K in RouteName]: Schemas[K] extends { response: z.ZodType } ? K : never }[RouteName];
