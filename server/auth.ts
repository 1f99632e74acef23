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

/** Middleware: sets req.actor or answers 401/429. */
export function requireAuth(ctx: AppContext) {
  const limiter = new FailureLimiter(ctx.config.authFailLimit, ctx.config.authFailWindowMs);
  return (req: Request, res: Response, next: NextFunction) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? '?';
    if (limiter.blocked(ip)) {
      res.setHeader('Retry-After', String(limiter.retryAfterSeconds(ip)));
      return next(new AppError('RATE_LIMITED', 429));
    }
    const code = bearerCode(req);
    if (!code) return next(new AppError('UNAUTHENTICATED', 401));
    const actor = authenticate(ctx, code);
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
