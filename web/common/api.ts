// One typed client over the HTTP contract: URLs come from the route table (shared/api/routes.ts),
// every response is parsed with its zod schema (shared/api/endpoints.ts), and a service error
// arrives as an ApiError carrying the service's Chinese message (never a stack).
import type { z } from 'zod';
import { ErrorBody } from '../../shared/api/common';
import { schemas, type JsonRouteName, type Schemas } from '../../shared/api/endpoints';
import { routes, type RouteName } from '../../shared/api/routes';
import { urlOf, type RouteCall } from '../../shared/api/url';

export type EndpointName = JsonRouteName;
type ResponseOf<K extends EndpointName> = Schemas[K] extends { response: z.ZodType } ? z.infer<Schemas[K]['response']> : never;
type RequestOf<K extends EndpointName> = Schemas[K] extends { request: z.ZodType } ? z.input<Schemas[K]['request']> : undefined;

export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const NETWORK_MESSAGE = '无法连接服务，请检查网络后重试。';
const BAD_RESPONSE_MESSAGE = '服务返回的内容无法识别，请刷新页面后重试。';

/** Turn a failed response into an ApiError with the service's message when it sent one. */
async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = ErrorBody.parse(JSON.parse(text));
    return new ApiError(body.error.code, body.error.message, res.status, body.error.details);
  } catch {
    const message = res.status === 413 ? '提交的内容过大。' : `服务暂时不可用（${res.status}），请稍后重试。`;
    return new ApiError('HTTP_' + res.status, message, res.status);
  }
}

/** A route's path parameters and query options, typed from the route table. */
export type CallOptions<K extends RouteName> = RouteCall<K>;
/** The URL of a route (the print view is fetched, not called). */
export const routeUrl = urlOf;

export class ApiClient {
  constructor(
    private readonly getCode: () => string | null,
    private readonly base = '',
    /** Called when the service says the code is not (or no longer) valid. */
    private readonly onUnauthenticated?: () => void,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const code = this.getCode();
    return code ? { Authorization: `Bearer ${code}`, ...extra } : extra;
  }

  /** Low-level fetch with auth and error mapping; returns the Response when ok. */
  async fetchRaw(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, { ...init, headers: { ...this.headers(), ...(init.headers as Record<string, string> | undefined) } });
    } catch {
      throw new ApiError('NETWORK', NETWORK_MESSAGE, 0);
    }
    if (res.ok) return res;
    const err = await errorFrom(res);
    if (res.status === 401 && this.onUnauthenticated) this.onUnauthenticated();
    throw err;
  }

  /** Call a contract endpoint; the response is parsed with the endpoint's schema. */
  async call<K extends EndpointName>(name: K, opts: CallOptions<K> & { body?: RequestOf<K> } = {} as CallOptions<K> & { body?: RequestOf<K> }): Promise<ResponseOf<K>> {
    const route = routes[name];
    const init: RequestInit = { method: route.method.toUpperCase() };
    if (route.method !== 'get') {
      init.body = JSON.stringify(opts.body ?? {});
      init.headers = { 'Content-Type': 'application/json' };
    }
    const res = await this.fetchRaw(routeUrl(name, opts), init);
    return parseJson(res, (schemas[name] as { response: z.ZodType }).response as z.ZodType<ResponseOf<K>>);
  }

  /** POST a file's bytes as the raw body (workbook, plan table); the JSON answer is parsed with the route's schema. */
  async upload<K extends EndpointName>(name: K, file: Blob & { name?: string }, opts: CallOptions<K> = {} as CallOptions<K>): Promise<ResponseOf<K>> {
    const res = await this.fetchRaw(routeUrl(name, opts), {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name ?? 'upload') },
    });
    return parseJson(res, (schemas[name] as { response: z.ZodType }).response as z.ZodType<ResponseOf<K>>);
  }

  /** GET a file with auth (a plain link cannot send the header) and hand it to the browser. */
  async download<K extends RouteName>(name: K, opts: CallOptions<K>, fallbackName: string): Promise<void> {
    const res = await this.fetchRaw(routeUrl(name, opts));
    const blob = await res.blob();
    saveBlob(blob, fileNameFrom(res) ?? fallbackName);
  }
}

async function parseJson<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.status);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    console.warn('response did not match the contract', parsed.error);
    throw new ApiError('BAD_RESPONSE', BAD_RESPONSE_MESSAGE, res.status);
  }
  return parsed.data;
}

function fileNameFrom(res: Response): string | null {
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : null;
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A readable message for anything thrown (ApiError → the service's text). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  console.error(err);
  return '操作未完成，请刷新页面后重试。';
}
