// Small helpers shared by route modules: body/query validation with the contract's zod schemas.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { TEXT_ISSUE } from '../../shared/api/contract';
import { AppError } from '../../shared/messages';

/**
 * Validates a JSON body; a wrong shape → 400 INVALID_REQUEST with zod's issues as details, text
 * that cannot be stored (contract's CleanText) → 400 INVALID_TEXT.
 */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) {
    const text = r.error.issues.some((i) => i.code === 'custom' && (i as { params?: { code?: string } }).params?.code === TEXT_ISSUE);
    throw new AppError(text ? 'INVALID_TEXT' : 'INVALID_REQUEST', 400, r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('；'), {
      details: r.error.issues,
    });
  }
  return r.data;
}

/** A percent-encoded header (X-File-Name); undecodable → 400 rather than a thrown URIError. */
export function decodedHeader(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  try {
    return decodeURIComponent(s);
  } catch {
    throw new AppError('INVALID_REQUEST', 400, `${name} 不是有效的百分号编码`);
  }
}

export function param(req: Request, name: string): string {
  const v = req.params[name];
  return Array.isArray(v) ? v[0] : String(v ?? '');
}

export function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

export function queryInt(req: Request, name: string, fallback: number): number {
  const v = queryString(req, name);
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw new AppError('INVALID_REQUEST', 400, `${name} 必须是非负整数`);
  return Number(v);
}

/**
 * A 200 JSON answer without res.json's extras (an ETag hashed over the body, charset negotiation):
 * for the sync endpoint's answers — POSTs, never cached — on the hot path.
 */
export function sendJson(res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
