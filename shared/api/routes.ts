// Every endpoint of the service, declared once: its method, its path (Express syntax, `:name`
// parameters), who may call it, what its body is and which query parameters it reads. No zod
// here, so the add-in's task pane can import it without bundling the schema library. The server
// mounts its routes from this table, the clients build their URLs from it (shared/api/url.ts),
// and the OpenAPI document joins it with the schemas (shared/api/endpoints.ts).

export type Method = 'get' | 'post';
/**
 * public: no access code; signedIn: any valid code (the handler narrows a unit to its own data);
 * office: a coordinator code only, refused (403) before the body is read.
 */
export type Access = 'public' | 'signedIn' | 'office';
/** json: a small JSON body; batch: a sync batch (the larger limit); file: raw bytes or multipart, read by the handler. */
export type BodyKind = 'none' | 'json' | 'batch' | 'file';

export interface RouteDef {
  readonly method: Method;
  readonly path: string;
  readonly access: Access;
  readonly body: BodyKind;
  readonly query: readonly string[];
  /** What the route answers when it is not JSON (a file, a page). */
  readonly produces?: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The query options of every consolidated export (ExportQuery in shared/api/workbooks.ts). */
export const EXPORT_QUERY = ['paper', 'mode', 'unit', 'tasks', 'lagging', 'live', 'attachment', 'pageNumbers', 'compare', 'reviewed'] as const;

const get = <const P extends string, const Q extends readonly string[] = readonly []>(path: P, access: Access = 'signedIn', query?: Q, produces?: string) =>
  ({ method: 'get', path, access, body: 'none', query: (query ?? []) as Q, ...(produces ? { produces } : {}) }) as const;
const post = <const P extends string, const Q extends readonly string[] = readonly []>(path: P, access: Access = 'signedIn', body: BodyKind = 'json', query?: Q) =>
  ({ method: 'post', path, access, body, query: (query ?? []) as Q }) as const;

export const routes = {
  // public
  health: get('/api/health', 'public'),
  openapi: get('/api/openapi.json', 'public'),
  /** The benchmark's baseline: the same middleware and body parsing, no sign-in, no database. */
  noop: post('/api/noop', 'public', 'batch'),
  /** The WPS 加载项's list (WPS fetches it without a code); online by default, ?mode=offline for the package. */
  wpsPlugins: get('/wps/jsplugins.xml', 'public', ['mode'], 'application/xml'),

  // identity, plans, periods
  me: get('/api/me'),
  plans: get('/api/plans'),
  plan: get('/api/plans/:planId'),
  periods: get('/api/periods'),
  period: get('/api/periods/:periodId'),
  assignments: get('/api/periods/:periodId/assignments', 'signedIn', ['unit']),

  // sync
  entries: get('/api/periods/:periodId/entries', 'signedIn', ['since', 'unit']),
  changes: post('/api/periods/:periodId/changes', 'signedIn', 'batch', ['late']),
  conflicts: get('/api/periods/:periodId/conflicts', 'signedIn', ['open']),
  resolveConflict: post('/api/conflicts/:conflictId/resolve'),
  submit: post('/api/periods/:periodId/submit', 'signedIn', 'json', ['unit']),
  reviewed: post('/api/periods/:periodId/reviewed'),
  history: get('/api/periods/:periodId/history', 'signedIn', ['measure', 'unit', 'after', 'limit']),

  // reports
  consolidated: get('/api/periods/:periodId/consolidated', 'signedIn', ['live']),
  reportStatus: get('/api/periods/:periodId/status', 'office'),

  // workbooks and printing
  exportXlsx: get('/api/periods/:periodId/export.xlsx', 'office', EXPORT_QUERY, XLSX),
  exportDocx: get('/api/periods/:periodId/export.docx', 'office', EXPORT_QUERY, DOCX),
  printHtml: get('/api/periods/:periodId/print.html', 'office', EXPORT_QUERY, 'text/html'),
  printPdf: get('/api/periods/:periodId/print.pdf', 'office', EXPORT_QUERY, 'application/pdf'),
  templatesZip: get('/api/periods/:periodId/templates.zip', 'office', ['paper'], 'application/zip'),
  /** A unit may fetch its own template; the office any. */
  template: get('/api/periods/:periodId/templates/:unitId.xlsx', 'signedIn', ['paper'], XLSX),
  templateDocx: get('/api/periods/:periodId/templates/:unitId.docx', 'signedIn', ['paper'], DOCX),
  merge: post('/api/periods/:periodId/merge', 'office', 'file', ['unit', 'name']),

  // the office's administration
  units: get('/api/admin/units', 'office'),
  createUnit: post('/api/admin/units', 'office'),
  codes: get('/api/admin/codes', 'office'),
  issueCode: post('/api/admin/codes', 'office'),
  revokeCode: post('/api/admin/codes/:codeId/revoke', 'office'),
  openPeriod: post('/api/admin/periods', 'office'),
  updatePeriod: post('/api/admin/periods/:periodId', 'office'),
  closePeriod: post('/api/admin/periods/:periodId/close', 'office'),
  reopenPeriod: post('/api/admin/periods/:periodId/reopen', 'office'),
  periodEvents: get('/api/admin/periods/:periodId/events', 'office'),
  summary: post('/api/admin/periods/:periodId/summaries', 'office'),
  editAssignment: post('/api/admin/plans/:planId/assignments', 'office'),
  resolveGroup: post('/api/admin/plans/:planId/resolve-group', 'office'),
  importPlan: post('/api/admin/plans/import', 'office', 'file', ['name', 'apply', 'preview', 'planId', 'new']),

  // the 督办 cycle (shared/api/cycle.ts)
  liaisons: get('/api/admin/liaisons', 'office'),
  setLiaison: post('/api/admin/units/:unitId/liaison', 'office'),
  importLiaisons: post('/api/admin/liaisons/import', 'office', 'file', ['name', 'apply']),
  unitReview: get('/api/periods/:periodId/review', 'signedIn', ['unit']),
  reviewUnit: post('/api/admin/periods/:periodId/units/:unitId/review', 'office'),
  cycleStatus: get('/api/admin/periods/:periodId/cycle', 'office'),
  cycleCounts: get('/api/admin/periods/:periodId/cycle/counts', 'office'),
  reminder: get('/api/admin/periods/:periodId/reminder', 'office', ['units']),
  extensions: get('/api/periods/:periodId/extensions'),
  requestExtension: post('/api/periods/:periodId/extensions'),
  decideExtension: post('/api/admin/extensions/:extensionId/decide', 'office'),
  closures: get('/api/periods/:periodId/closures'),
  closeMeasure: post('/api/admin/periods/:periodId/close-measure', 'office'),
  reopenMeasure: post('/api/admin/periods/:periodId/reopen-measure', 'office'),
  evidence: get('/api/periods/:periodId/evidence', 'signedIn', ['measure', 'unit']),
  uploadEvidence: post('/api/periods/:periodId/evidence', 'signedIn', 'file', ['measure', 'unit', 'name']),
  downloadEvidence: get('/api/evidence/:evidenceId', 'signedIn', [], 'application/octet-stream'),
  removeEvidence: post('/api/evidence/:evidenceId/remove'),
  evidenceZip: get('/api/periods/:periodId/evidence.zip', 'office', [], 'application/zip'),
  compare: get('/api/periods/:periodId/compare', 'signedIn', ['unit']),
} as const;
// (checked here rather than with `satisfies`, whose context would widen the routes' query lists)
routes satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

type Segments<P extends string> = P extends `${infer Head}/${infer Tail}` ? Head | Segments<Tail> : P;
type ParamOfSegment<S> = S extends `:${infer Name}.${string}` ? Name : S extends `:${infer Name}` ? Name : never;
/** The `:name` parameters of a path: '/api/periods/:periodId/templates/:unitId.xlsx' → 'periodId' | 'unitId'. */
export type ParamsOf<P extends string> = ParamOfSegment<Segments<P>>;
export type RouteParams<K extends RouteName> = Record<ParamsOf<Routes[K]['path']>, string>;
export type RouteQuery<K extends RouteName> = Partial<Record<Routes[K]['query'][number], string | number | boolean | null | undefined>>;

/** The names of a path's parameters, in order (what ParamsOf computes for the type checker). */
export function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}
