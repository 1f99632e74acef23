// Sign-in by `Authorization: Bearer <access code>`. Failed sign-ins are counted per client IP; past
// the limit every request from that IP gets 429 RATE_LIMITED until the window ends (so a guessed
// right code is refused too). Successful requests are never counted — 100 concurrent add-ins behind
// one office NAT are fine. (express-rate-limit counts requests in flight before it knows the
// outcome, which would limit busy valid clients; this needs only the failures.)
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../shared/messages';
import type { AppContext } from './context';
import type { Actor } from './services/actor';
import { authenticate } from './services/codes';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

export class FailureLimiter {
  private hits = new Map<string, { count: number; resetAt: number }>();
  constructor(private limit: number, private windowMs: number) {}

  blocked(key: string, now = Date.now()): boolean {
    const h = this.hits.get(key);
    if (!h) return false;
    if (now >= h.resetAt) {
      this.hits.delete(key);
      return false;
    }
    return h.count >= this.limit;
  }

  fail(key: string, now = Date.now()): void {
    const h = this.hits.get(key);
    if (!h || now >= h.resetAt) this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
    else h.count++;
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (now >= v.resetAt) this.hits.delete(k);
  }

  retryAfterSeconds(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    return h ? Math.max(1, Math.ceil((h.resetAt - now) / 1000)) : 1;
  }
}

export function bearerCode(req: Request): string | null {
  const h = req.get('authorization');
  if (!h) return null;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m ? m[1].trim() : null;
}

interface SignIn {
  actor: Actor;
  /** store.authVersion() when looked up: any code/unit change since (here or by another process) misses. */
  version: number;
  expiresAtMs: number;
  /** When the code's last use was last noted (noted again after a minute, as `authenticate` does). */
  notedAtMs: number;
}

/**
 * Sign-in with a small cache (code → actor), as every request signs in: a hit skips the hash and the
 * lookup. A revoke, a new code or a unit edit — in this process or any other — changes
 * store.authVersion() and so empties it; expiry is checked on every hit.
 */
export class SignIns {
  private cache = new Map<string, SignIn>();
  constructor(private ctx: AppContext) {}

  actor(code: string): Actor | null {
    const { ctx } = this;
    const version = ctx.store.authVersion();
    const now = ctx.now().getTime();
    const hit = this.cache.get(code);
    if (hit && hit.version === version && now < hit.expiresAtMs) {
      if (now - hit.notedAtMs > 60_000) {
        ctx.store.noteCodeUse(hit.actor.codeId!, new Date(now).toISOString());
        hit.notedAtMs = now;
      }
      return hit.actor;
    }
    if (hit) this.cache.delete(code);
    const actor = authenticate(ctx, code);
    if (!actor || !actor.codeId) return actor;
    const info = ctx.store.getCode(actor.codeId);
    if (!info) return actor;
    // authenticate only queues a new last use (store.noteCodeUse): this is the one it compared
    const used = info.lastUsedAt ? Date.parse(info.lastUsedAt) : -Infinity;
    if (this.cache.size >= 10_000) this.cache.clear();
    Object.freeze(actor); // shared by every request signed in with this code
    this.cache.set(code, {
      actor,
      version,
      expiresAtMs: info.expiresAt ? Date.parse(info.expiresAt) : Infinity,
      // authenticate noted the use unless the stored one is under a minute old
      notedAtMs: now - used > 60_000 ? now : used,
    });
    return actor;
  }
}

/** Middleware: sets req.actor or answers 401/429. */
export function requireAuth(ctx: AppContext) {
  const limiter = new FailureLimiter(ctx.config.authFailLimit, ctx.config.authFailWindowMs);
  const signIns = new SignIns(ctx);
  return (req: Request, res: Response, next: NextFunction) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? '?';
    if (limiter.blocked(ip)) {
      res.setHeader('Retry-After', String(limiter.retryAfterSeconds(ip)));
      return next(new AppError('RATE_LIMITED', 429));
    }
    const code = bearerCode(req);
    if (!code) return next(new AppError('UNAUTHENTICATED', 401));
    const actor = signIns.actor(code);
    if (!actor) {
      limiter.fail(ip);
      ctx.logger.warn({ ip }, 'failed sign-in');
      return next(new AppError('BAD_CODE', 401));
    }
    req.actor = actor;
    next();
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 401);
  return req.actor;
}

export function coordinatorOf(req: Request): Actor {
  const a = actorOf(req);
  if (a.role !== 'coordinator') throw new AppError('COORDINATOR_ONLY', 403);
  return a;
}
