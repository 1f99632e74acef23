// fengong export [-o FILE] [--period ID] [--paper A3|A4] [--mode rows|summary] [--unit ID] [--tasks 1,2] [--lagging]
// Downloads the consolidated table (.xlsx) from the service with a coordinator code
// (--server URL --code CODE, or FENGONG_SERVER / FENGONG_CODE), like the other office commands.
import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../shared/messages';
import { DEFAULT_DB } from '../serve';
import { selfSignedPaths } from '../tls';

export interface ServiceOpts {
  server?: string;
  code?: string;
  ca?: string;
}

/** One call to the service; returns status, headers and the raw body (binary-safe). */
export function callService(
  o: ServiceOpts,
  method: string,
  path: string,
  body?: { bytes: Uint8Array; type: string; headers?: Record<string, string> },
): Promise<{ status: number; type: string; bytes: Buffer }> {
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

export async function periodIdOf(o: ServiceOpts, given?: string): Promise<string> {
  if (given) return given;
  const r = await callService(o, 'GET', '/api/periods');
  if (r.status !== 200) throw serviceError(r);
  const { periods } = JSON.parse(r.bytes.toString('utf8')) as { periods: { id: string; state: string }[] };
  const open = periods.filter((p) => p.state === 'open');
  const p = open[open.length - 1] ?? periods[periods.length - 1];
  if (!p) throw new Error('没有填报期次');
  return p.id;
}

export function withServiceOptions(cmd: Command): Command {
  return cmd
    .option('--server <url>', '服务地址（默认 FENGONG_SERVER 或 https://localhost:3000）')
    .option('--code <code>', '协调办公室访问码（默认 FENGONG_CODE）')
    .option('--ca <file>', '信任的证书文件（默认 data/tls/localhost.crt）')
    .option('--period <id>', '填报期次（默认最近的未关闭期次）');
}

interface ExportOpts extends ServiceOpts {
  period?: string;
  output?: string;
  paper: string;
  mode: string;
  unit?: string;
  tasks?: string;
  lagging?: boolean;
  format: string;
}

export function registerExport(program: Command): void {
  withServiceOptions(
    program
      .command('export')
      .description('导出落实情况汇总表（默认 .xlsx，A3 横向；也可 --format pdf|docx|html）')
      .option('-o, --output <file>', '输出文件（默认：汇总表-<期次编号>.<格式>）')
      .option('--paper <A3|A4>', '纸张', 'A3')
      .option('--mode <rows|summary>', 'rows：每个单位一行；summary：每条举措一行（汇总进展）', 'rows')
      .option('--unit <id>', '只导出一个单位')
      .option('--tasks <list>', '只导出这些任务序号，如 1,2')
      .option('--lagging', '只导出滞后的举措')
      .option('--format <xlsx|pdf|docx|html>', '格式', 'xlsx'),
  ).action(async (o: ExportOpts) => {
    const periodId = await periodIdOf(o, o.period);
    const q = new URLSearchParams({ paper: o.paper.toUpperCase(), mode: o.mode });
    if (o.unit) q.set('unit', o.unit);
    if (o.tasks) q.set('tasks', o.tasks);
    if (o.lagging) q.set('lagging', '1');
    const path = { xlsx: 'export.xlsx', pdf: 'print.pdf', docx: 'export.docx', html: 'print.html' }[o.format];
    if (!path) throw new AppError('INVALID_REQUEST', 400, `--format ${o.format}`);
    const r = await callService(o, 'GET', `/api/periods/${encodeURIComponent(periodId)}/${path}?${q}`);
    if (r.status !== 200) throw serviceError(r);
    const file = resolve(o.output ?? `汇总表-${periodId}.${o.format}`);
    writeFileSync(file, r.bytes);
    process.stdout.write(`已导出 ${file}（${Math.round(r.bytes.length / 1024)} KB）\n`);
  });
}
