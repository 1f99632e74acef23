// One typed client over the HTTP contract: every response is parsed with its zod schema, and a
// service error arrives as an ApiError carrying the service's Chinese message (never a stack).
import type { z } from 'zod';
import { api, ErrorBody } from '../../shared/api/contract';

type Endpoints = typeof api;
export type EndpointName = keyof Endpoints;
type ResponseOf<K extends EndpointName> = z.infer<Endpoints[K]['response']>;
type RequestOf<K extends EndpointName> = Endpoints[K] extends { request: z.ZodType } ? z.input<Endpoints[K]['request']> : undefined;

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

/** Fill `:name` segments of an Express-style path. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

export function withQuery(path: string, query?: Record<string, string | number | boolean | undefined | null>): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

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

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
}

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
  async call<K extends EndpointName>(name: K, opts: CallOptions & { body?: RequestOf<K> } = {}): Promise<ResponseOf<K>> {
    const ep = api[name];
    const path = withQuery(fillPath(ep.path, opts.params), opts.query);
    const init: RequestInit = { method: ep.method.toUpperCase() };
    if (ep.method !== 'get') {
      init.body = JSON.stringify(opts.body ?? {});
      init.headers = { 'Content-Type': 'application/json' };
    }
    const res = await this.fetchRaw(path, init);
    return parseJson(res, ep.response as unknown as z.ZodType<ResponseOf<K>>);
  }

  /** POST a file's bytes as the raw body (workbook, plan table) and parse the JSON answer with `schema`. */
  async upload<T>(path: string, file: Blob & { name?: string }, schema: z.ZodType<T>, query?: CallOptions['query']): Promise<T> {
    const name = file.name ?? 'upload';
    const res = await this.fetchRaw(withQuery(path, query), {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(name) },
    });
    return parseJson(res, schema);
  }

  /** GET a file with auth (a plain link cannot send the header) and hand it to the browser. */
  async download(path: string, fallbackName: string): Promise<void> {
    const res = await this.fetchRaw(path);
    const blob = await res.blob();
    saveBlob(blob, fileNameFrom(res) ?? fallbackName);
  }

  async getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return parseJson(await this.fetchRaw(path), schema);
  }

  async postJson<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const res = await this.fetchRaw(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    return parseJson(res, schema);
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
