// How the CLI's office commands talk to the running service: with a coordinator code, over the
// service's API, so history records who and from where (--server URL --code CODE, or
// FENGONG_SERVER / FENGONG_CODE; the local self-signed certificate is trusted by default).
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, resolve } from 'node:path';
import { routes, type RouteName } from '../../shared/api/routes';
import { urlOf, type RouteCall } from '../../shared/api/url';
import { AppError } from '../../shared/messages';
import { DEFAULT_DB } from '../serve';
import { selfSignedPaths } from '../tls';

export interface ServiceOpts {
  server?: string;
  code?: string;
  ca?: string;
}

/** One call to a route of the table (shared/api/routes.ts); returns status, content type and the raw body (binary-safe). */
export function callService<K extends RouteName>(
  o: ServiceOpts,
  route: K,
  call: RouteCall<K>,
  body?: { bytes: Uint8Array; type: string; headers?: Record<string, string> },
): Promise<{ status: number; type: string; bytes: Buffer }> {
  const method = routes[route].method.toUpperCase();
  const path = urlOf(route, call);
  const server = o.server ?? process.env.FENGONG_SERVER ?? 'https://localhost:3000';
  const code = o.code ?? process.env.FENGONG_CODE;
  if (!code) throw new AppError('UNAUTHENTICATED', 401, '请用 --code 或环境变量 FENGONG_CODE 提供协调办公室访问码');
  const url = new URL(path, server);
  const caFile = o.ca ?? selfSignedPaths(dirname(resolve(DEFAULT_DB))).cert;
  const ca = url.protocol === 'https:' && existsSync(caFile) ? readFileSync(caFile) : undefined;
  return new Promise((done, fail) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${code}`,
          ...(body ? { 'content-type': body.type, 'content-length': String(body.bytes.length), ...body.headers } : {}),
        },
        ...(ca ? { ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), bytes: Buffer.concat(chunks) }));
        res.on('error', fail);
      },
    );
    req.on('error', (e) => fail(new Error(`无法连接服务 ${server}：${e.message}`)));
    if (body) req.write(body.bytes);
    req.end();
  });
}

/** The service's JSON error as an Error with its code and Chinese message. */
export function serviceError(r: { status: number; bytes: Buffer }): Error {
  try {
    const j = JSON.parse(r.bytes.toString('utf8'));
    return new Error(`[${j?.error?.code}] ${j?.error?.message}`);
  } catch {
    return new Error(`服务返回 HTTP ${r.status}`);
  }
}

/** One JSON call; a 4xx/5xx answer becomes an Error with the service's code and message. */
export async function callApi<K extends RouteName>(o: ServiceOpts, route: K, call: RouteCall<K>, body?: unknown): Promise<any> {
  const payload = body === undefined ? undefined : { bytes: Buffer.from(JSON.stringify(body)), type: 'application/json' };
  const r = await callService(o, route, call, payload);
  if (r.status >= 400) throw serviceError(r);
  try {
    return JSON.parse(r.bytes.toString('utf8'));
  } catch {
    throw new Error(`服务返回了非 JSON 内容（HTTP ${r.status}）`);
  }
}

/** The given period, else the latest open one, else the latest. */
export async function periodIdOf(o: ServiceOpts, given?: string): Promise<string> {
  if (given) return given;
  const { periods } = (await callApi(o, 'periods', {})) as { periods: { id: string; state: string }[] };
  const open = periods.filter((p) => p.state === 'open');
  const p = open[open.length - 1] ?? periods[periods.length - 1];
  if (!p) throw new Error('没有填报期次');
  return p.id;
}

export function serviceOptions(cmd: Command): Command {
  return cmd
    .option('--server <url>', '服务地址（默认 FENGONG_SERVER 或 https://localhost:3000）')
    .option('--code <code>', '协调办公室访问码（默认 FENGONG_CODE）')
    .option('--ca <file>', '信任的证书文件（默认 data/tls/localhost.crt）');
}

export function withServiceOptions(cmd: Command): Command {
  return serviceOptions(cmd).option('--period <id>', '填报期次（默认最近的未关闭期次）');
}
