// Workbooks and printing: the consolidated .xlsx / print view / PDF / .docx, offline templates
// (one unit as .xlsx or .docx, or all as a .zip) and merging returned workbooks and Word tables
// (multipart or a raw body): one file answers its report or its refusal (4xx), a batch a report each.
// An export's layout is gathered here (it reads the store); the file is rendered in the export
// worker (export-pool.ts), so the event loop keeps answering other requests meanwhile.
import type { Request, Response } from 'express';
import busboy from 'busboy';
import { ExportQuery } from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import {
  attachment,
  consolidatedFileName,
  consolidatedSheetInput,
  exportOptions,
  requirePeriodOf,
  templateFileName,
  templateSheetInput,
  templatesZipFiles,
} from '../workbooks/export';
import { renderInWorker } from '../workbooks/export-pool';
import { htmlToPdf } from '../workbooks/pdf';
import { mergeReturnedWorkbooks, type ReturnedFile } from '../workbooks/merge-returned';
import { DEFAULT_LIMITS } from '../workbooks/file-guard';
import { exportGate } from './export-gate';
import { decodedHeader, param, queryString } from './http';
import type { Mount } from './mount';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MAX_FILES = 200;
/** All files of one upload together (each file also has its own limit). */
const MAX_TOTAL_BYTES = 200 * 1024 * 1024;

function options(req: Request) {
  const q = ExportQuery.safeParse(req.query);
  if (!q.success) throw new AppError('INVALID_REQUEST', 400, q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
  return exportOptions(q.data);
}

export function workbookRoutes(on: Mount, ctx: AppContext): void {
  const gate = exportGate(); // one gate for every export (export-gate.ts)
  on('exportXlsx', gate, async (req, res) => {
    const periodId = param(req, 'periodId');
    const opts = options(req);
    const consolidated = await consolidatedSheetInput(ctx, periodId, opts); // errors (unknown period / unit) before headers go out
    const name = await consolidatedFileName(ctx, periodId, 'xlsx', opts);
    const buf = await renderInWorker({ kind: 'xlsx', source: { consolidated } });
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', attachment(name));
    res.send(buf);
  });

  const printHtml = async (periodId: string, opts: ReturnType<typeof options>) => renderInWorker({ kind: 'html', source: { consolidated: await consolidatedSheetInput(ctx, periodId, opts) } });
  on('printHtml', gate, async (req, res) => {
    res.type('html').send(await printHtml(param(req, 'periodId'), options(req)));
  });

  on('printPdf', gate, async (req, res) => {
    const periodId = param(req, 'periodId');
    const opts = options(req);
    const pdf = await htmlToPdf(await printHtml(periodId, opts), ctx.logger);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', attachment(await consolidatedFileName(ctx, periodId, 'pdf', opts)));
    res.send(pdf);
  });

  on('exportDocx', gate, async (req, res) => {
    const periodId = param(req, 'periodId');
    const opts = options(req);
    const buf = await renderInWorker({ kind: 'docx', source: { consolidated: await consolidatedSheetInput(ctx, periodId, opts) } });
    res.setHeader('Content-Type', DOCX);
    res.setHeader('Content-Disposition', attachment(await consolidatedFileName(ctx, periodId, 'docx', opts)));
    res.send(buf);
  });

  on('templatesZip', gate, async (req, res) => {
    const periodId = param(req, 'periodId');
    const buf = await renderInWorker({ kind: 'templates-zip', files: await templatesZipFiles(ctx, periodId, options(req).paper) });
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', attachment(`填报表-${(await requirePeriodOf(ctx, periodId)).name}.zip`));
    res.send(buf);
  });

  const template = (word: boolean) => async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const periodId = param(req, 'periodId');
    const unitId = param(req, 'unitId');
    if (actor.role === 'unit' && actor.unitId !== unitId) throw new AppError('FORBIDDEN', 403);
    const paper = options(req).paper;
    const source = { unit: await templateSheetInput(ctx, periodId, unitId, paper) };
    const buf = await renderInWorker(word ? { kind: 'template-docx', source, periodId, unitId } : { kind: 'template-xlsx', source });
    res.setHeader('Content-Type', word ? DOCX : XLSX);
    res.setHeader('Content-Disposition', attachment((await templateFileName(ctx, periodId, unitId)).replace(/\.xlsx$/, word ? '.docx' : '.xlsx')));
    res.send(buf);
  };
  on('template', gate, template(false));
  on('templateDocx', gate, template(true));

  on('merge', async (req, res) => {
    const actor = actorOf(req);
    const files = await receiveFiles(req);
    const out = await mergeReturnedWorkbooks(ctx, { periodId: param(req, 'periodId'), files, actor, unit: queryString(req, 'unit') || undefined });
    // One file refused: the refusal is the answer (4xx; UNIT_* errors carry the candidates).
    const only = out.files.length === 1 ? out.files[0] : null;
    if (only?.error && !only.ok) {
      const { code, message, status, details } = only.error;
      res.status(status ?? 400).json({ error: { code, message, ...(details ? { details } : {}) } });
      return;
    }
    res.json(out);
  });
}

/** Files from a multipart form (any field name) or one raw body named by ?name= / X-File-Name. */
export async function receiveFiles(req: Request): Promise<ReturnedFile[]> {
  const limit = DEFAULT_LIMITS.maxFileBytes;
  const type = req.headers['content-type'] ?? '';
  // A JSON body was already read by the JSON parser: there is no file in it.
  if (req.readableEnded || /json/i.test(type)) throw new AppError('NO_FILES', 400, '请以文件（multipart/form-data 或原始字节）上传');
  if (!/^multipart\/form-data/i.test(type)) {
    const name = queryString(req, 'name') ?? decodedHeader(req, 'x-file-name') ?? 'upload.xlsx';
    const bytes = await readLimited(req, limit);
    return [{ name, bytes }];
  }
  return new Promise<ReturnedFile[]>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: limit, files: MAX_FILES, fields: 20 }, defParamCharset: 'utf8' });
    } catch {
      return reject(new AppError('INVALID_REQUEST', 400, 'multipart'));
    }
    const files: ReturnedFile[] = [];
    let failure: AppError | null = null;
    let total = 0;
    bb.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        total += c.length;
        if (total > MAX_TOTAL_BYTES) {
          failure ??= new AppError('PAYLOAD_TOO_LARGE', 413, `一次上传合计不超过 ${MAX_TOTAL_BYTES / 1048576} MB`);
          stream.resume();
          return;
        }
        chunks.push(c);
      });
      stream.on('limit', () => (failure ??= new AppError('FILE_TOO_LARGE', 413, info.filename)));
      stream.on('end', () => files.push({ name: info.filename || 'upload.xlsx', bytes: Buffer.concat(chunks) }));
    });
    bb.on('filesLimit', () => (failure = new AppError('INVALID_REQUEST', 400, `一次最多 ${MAX_FILES} 个文件`)));
    bb.on('error', () => reject(new AppError('INVALID_REQUEST', 400, 'multipart')));
    bb.on('close', () => (failure ? reject(failure) : resolve(files)));
    req.pipe(bb);
  });
}

function readLimited(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        reject(new AppError('FILE_TOO_LARGE', 413));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type { Response };
