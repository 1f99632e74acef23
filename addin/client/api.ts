// The service API as the add-in uses it (shared/api/contract.ts): Bearer access code, JSON, URLs
// from the route table (shared/api/routes.ts). Types only from the contract and the zod-free table
// — no zod in the task pane bundle (tests/addin/bundle-zod.test.ts), to keep the first load small;
// the server validates every request. A failed network call is an OfflineError (the sync keeps its
// pending changes); an error answer carries the server's code and Chinese message.
import type {
  AssignmentsResponse,
  ChangesResponse,
  ConsolidatedResponse,
  EntriesResponse,
  FieldChange,
  Me,
  MergeResponse,
} from '../../shared/api/contract';
import type { Conflict } from '../../shared/api/contract';
import type { FieldState, Period } from '../../shared/model/progress';
import type { Plan } from '../../shared/model/plan';
import type { EvidenceSchema, UnitReviewResponse } from '../../shared/api/cycle';
import type { Closure } from '../../shared/cycle/closure';
import type { z } from 'zod';
import { routes, type RouteName } from '../../shared/api/routes';
import { urlFor, type UrlArgs } from '../../shared/api/url';

export class OfflineError extends Error {
  constructor(cause?: unknown) {
    super('无法连接服务器（离线）。修改已保存在本工作簿中，联网后点击“同步”即可上传。');
    this.name = 'OfflineError';
    this.cause = cause;
  }
}

export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number,
    /** The error's `details` (e.g. CONFLICT_MOVED: the field's newer value and revision). */
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface PlanSummary {
  id: string;
  title: string;
  version: number;
  active: boolean;
}

type Fetch = typeof fetch;
export type UnitReview = z.infer<typeof UnitReviewResponse>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type { Closure };

/** The RFC 5987 name of a Content-Disposition (server/workbooks/export.ts attachment()), else its plain one. */
export function fileNameOf(cd: string | null): string | null {
  if (!cd) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through to the plain name */
    }
  }
  return /filename="([^"]*)"/i.exec(cd)?.[1] ?? null;
}

export class ApiClient {
  constructor(
    readonly server: string,
    private readonly code: string,
    private readonly fetchImpl: Fetch = (...a) => fetch(...a),
  ) {}

  /** `body` is sent as JSON; a `file` is sent as the raw body, its name in X-File-Name. */
  private async call<T, K extends RouteName = RouteName>(
    name: K,
    args: UrlArgs<K>,
    body?: unknown,
    file?: Blob & { name?: string },
  ): Promise<T> {
    const res = await this.send(name, args, body, file);
    const text = await res.text();
    try {
      return (text ? JSON.parse(text) : null) as T;
    } catch {
      return null as T;
    }
  }

  /** The request, answered OK (an error answer is thrown as ApiError, no connection as OfflineError). */
  private async send<K extends RouteName = RouteName>(name: K, [params, query]: UrlArgs<K>, body?: unknown, file?: Blob & { name?: string }): Promise<Response> {
    const method = routes[name].method.toUpperCase();
    const path = (urlFor as (n: K, p?: unknown, q?: unknown) => string)(name, params, query);
    // A header can carry only Latin-1: a code with other characters is simply not a valid code
    // (fetch would throw, which must not read as "offline").
    if (!/^[\x21-\x7e]+$/.test(this.code)) throw new ApiError('BAD_CODE', '访问码无效、已过期或已停用。', 401);
    const headers: Record<string, string> = { authorization: `Bearer ${this.code}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (file) {
      headers['content-type'] = file.type || 'application/octet-stream';
      headers['x-file-name'] = encodeURIComponent(file.name ?? 'upload.xlsx');
    }
    const send = () =>
      this.fetchImpl(this.server.replace(/\/$/, '') + path, {
        method,
        headers,
        body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
    let res: Response;
    try {
      res = await send();
    } catch {
      // One retry: a kept-alive connection the server already closed fails once. Every call is
      // safe to repeat (changes and resolutions carry their change ids).
      try {
        await new Promise((r) => setTimeout(r, 250));
        res = await send();
      } catch (err) {
        throw new OfflineError(err);
      }
    }
    if (res.ok) return res;
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const e = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (res.status >= 502 && res.status <= 504 && !e) throw new OfflineError(`${res.status}`);
    throw new ApiError(e?.code ?? `HTTP_${res.status}`, e?.message ?? `服务器返回错误（${res.status}）。`, res.status, e?.details);
  }

  me(): Promise<Me> {
    return this.call('me', []);
  }
  plan(planId: string): Promise<{ plan: Plan }> {
    return this.call('plan', [{ planId }]);
  }
  periods(): Promise<{ periods: Period[] }> {
    return this.call('periods', []);
  }
  plans(): Promise<{ plans: PlanSummary[] }> {
    return this.call('plans', []);
  }
  assignments(periodId: string): Promise<AssignmentsResponse> {
    return this.call('assignments', [{ periodId }]);
  }
  entries(periodId: string, since: number): Promise<EntriesResponse> {
    return this.call('entries', [{ periodId }, { since }]);
  }
  changes(periodId: string, changes: FieldChange[], person?: string): Promise<ChangesResponse> {
    return this.call('changes', [{ periodId }], { changes, source: 'addin', ...(person ? { person } : {}) });
  }
  conflicts(periodId: string): Promise<{ conflicts: Conflict[] }> {
    return this.call('conflicts', [{ periodId }, { open: true }]);
  }
  /** `baseRev`: the field revision the person saw when deciding (the service refuses CONFLICT_MOVED if it moved). */
  resolve(conflictId: string, value: string, changeId: string, baseRev: number): Promise<{ conflict: Conflict; field: FieldState }> {
    return this.call('resolveConflict', [{ conflictId }], { value, changeId, baseRev });
  }
  /** 报送, naming who signed it off in the unit (审签). */
  submit(periodId: string, signedBy: string): Promise<{ unitId: string; periodId: string; submittedAt: string; signedBy?: string }> {
    return this.call('submit', [{ periodId }], { signedBy });
  }
  /** This unit's 审签/报送/审核 state: a return in force names its reason and entries. */
  unitReview(periodId: string): Promise<UnitReview> {
    return this.call('unitReview', [{ periodId }]);
  }
  /** The plan's 办结 entries (a closure outlives the period it was confirmed in). */
  closures(periodId: string): Promise<{ closures: Closure[] }> {
    return this.call('closures', [{ periodId }]);
  }
  /** 佐证材料 of the period the code may see (a unit: its own). */
  evidence(periodId: string): Promise<{ evidence: Evidence[] }> {
    return this.call('evidence', [{ periodId }]);
  }
  /** One evidence file's bytes and the name the service gives it (the download needs the code: no plain link). */
  async evidenceFile(evidenceId: string, fallbackName: string): Promise<{ blob: Blob; name: string }> {
    const res = await this.send('downloadEvidence', [{ evidenceId }]);
    return { blob: await res.blob(), name: fileNameOf(res.headers.get('content-disposition')) ?? fallbackName };
  }
  /** One returned workbook merged by the service (coordinator); `unit` for files that do not say whose they are. */
  merge(periodId: string, file: Blob & { name?: string }, unit?: string): Promise<MergeResponse> {
    return this.call('merge', [{ periodId }, { unit }], undefined, file);
  }
  consolidated(periodId: string): Promise<ConsolidatedResponse> {
    return this.call('consolidated', [{ periodId }]);
  }
}
