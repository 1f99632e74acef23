// Access codes: shown once, stored only as a sha256 hash, revocable, with an expiry. A unit code
// belongs to one unit (optionally one person); coordinator codes (several allowed) are separate.
import { createHash, randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { AccessCodeInfo } from '../../shared/api/contract';
import { AppError } from '../../shared/messages';
import type { AppContext } from '../context';
import type { Tx } from '../store/types';
import type { Actor } from './actor';
import { newId } from './ids';

type CodeInfo = z.infer<typeof AccessCodeInfo>;

// No 0/O/1/I/L: codes are read aloud on the phone and typed by hand.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function hashCode(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('hex');
}

/** Case and dashes/spaces don't matter when typing a code. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase().replace(/[\s-]/g, '');
}

function makeCode(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s.match(/.{4}/g)!.join('-'); // 16 × log2(31) ≈ 79 bits
}

export interface IssueRequest {
  unitId: string | null;
  person?: string;
  expiresAt?: string | null;
}

export function issueCode(ctx: AppContext, req: IssueRequest, actor: Actor | null): Promise<{ code: string; info: CodeInfo }> {
  return ctx.store.transaction((tx) => issueCodeInTx(ctx, tx, req, actor));
}

export async function issueCodeInTx(ctx: AppContext, tx: Tx, req: IssueRequest, actor: Actor | null): Promise<{ code: string; info: CodeInfo }> {
  if (req.unitId !== null) {
    const unit = await tx.units.get(req.unitId);
    if (!unit) throw new AppError('UNKNOWN_UNIT', 400, req.unitId);
  }
  const now = ctx.now();
  let expiresAt = req.expiresAt === undefined ? null : req.expiresAt;
  if (req.expiresAt === undefined && req.unitId !== null) {
    expiresAt = new Date(now.getTime() + ctx.config.codeValidityDays * 86_400_000).toISOString();
  }
  if (expiresAt && Number.isNaN(Date.parse(expiresAt))) throw new AppError('INVALID_REQUEST', 400, 'expiresAt');
  const code = makeCode();
  const info: CodeInfo = {
    id: newId('code'), unitId: req.unitId, role: req.unitId === null ? 'coordinator' : 'unit', person: req.person ?? null,
    createdAt: now.toISOString(), expiresAt, revokedAt: null, lastUsedAt: null,
  };
  await tx.codes.insert(info, hashCode(code));
  tx.afterCommit(() => ctx.logger.info({ codeId: info.id, unitId: info.unitId, role: info.role, by: actor?.label }, 'access code issued'));
  return { code, info };
}

export function revokeCode(ctx: AppContext, codeId: string): Promise<CodeInfo> {
  return ctx.store.transaction(async (tx) => {
    const c = await tx.codes.get(codeId);
    if (!c) throw new AppError('NOT_FOUND', 404, codeId);
    await tx.codes.revoke(codeId, ctx.now().toISOString());
    return (await tx.codes.get(codeId))!;
  });
}

/** The actor behind a code, or null when unknown, revoked or expired. */
export async function authenticate(ctx: AppContext, code: string): Promise<Actor | null> {
  const info = await ctx.store.codes.findByHash(hashCode(code));
  if (!info || info.revokedAt) return null;
  const now = ctx.now();
  if (info.expiresAt && Date.parse(info.expiresAt) <= now.getTime()) return null;
  // last-used is informational: update at most once a minute to keep sign-ins off the write path
  if (!info.lastUsedAt || now.getTime() - Date.parse(info.lastUsedAt) > 60_000) ctx.store.noteCodeUse(info.id, now.toISOString());
  const unit = info.unitId ? await ctx.store.units.get(info.unitId) : undefined;
  return {
    role: info.role,
    unitId: info.unitId,
    codeId: info.id,
    label: info.person || (unit ? unit.shortName || unit.name : '协调办公室'),
  };
}

/** Server console: a fresh coordinator code (optionally revoking all others) for a lost code. */
export function resetCoordinatorCode(ctx: AppContext, opts: { revokeOthers?: boolean; person?: string } = {}): Promise<{ code: string; revoked: number }> {
  return ctx.store.transaction(async (tx) => {
    const revoked = opts.revokeOthers ? await tx.codes.revokeCoordinators(ctx.now().toISOString()) : 0;
    const { code } = await issueCodeInTx(ctx, tx, { unitId: null, person: opts.person ?? '协调办公室', expiresAt: null }, null);
    return { code, revoked };
  });
}
