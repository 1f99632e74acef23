// Sign-in by `Authorization: Bearer <access code>`, with a limiter on failed sign-ins per client
// address (docs/deployment.md "Sign-in limits"). Codes are 79-bit random secrets, so the limiter
// is about making online guessing pointless without ever turning away a colleague:
//  - the address is the connection's, or — only with `--trust-proxy` — the one the trusted proxy
//    reports (X-Forwarded-For is otherwise ignored, so rotating it changes nothing); IPv6 by /64;
//  - each address has a bucket of `authFailLimit` failures, refilled at that many per
//    `authFailWindowMs`; a failed check takes a token;
//  - a code that has already signed in from this address is always checked (an office NAT's
//    working add-ins are never refused for someone else's typos); any other code is checked only
//    while the bucket has a token — an empty bucket answers 429 with Retry-After, without a lookup.
//  - several processes on PostgreSQL share the buckets and the codes known per address
//    (store.signInLimits, server/store/signin-limits.ts): an attacker spreading guesses over the
//    processes gets no more. A code this process already saw working from the address is decided
//    here without the database; only new codes and failures ask it (one statement each).
import { hash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../shared/messages';
import type { AppContext } from './context';
import type { Actor } from './services/actor';
import { authenticate } from './services/codes';
import type { SharedSignInLimits } from './store/types';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

/** Addresses remembered at once, and codes remembered per address as "signed in from here". */
const MAX_ADDRESSES = 10_000;
const MAX_KNOWN_PER_ADDRESS = 200;

interface AddressState {
  tokens: number;
  at: number; // when `tokens` was last brought up to date
  known: Set<string>; // short hashes of codes that signed in from this address
}

/** What requireAuth asks of a limiter: this process's own, or the one shared through the store. */
interface Limiter {
  mayCheck(key: string, code: string, now: number): boolean | Promise<boolean>;
  succeeded(key: string, code: string, now: number): void | Promise<void>;
  failed(key: string, now: number): void | Promise<void>;
  retryAfterSeconds(key: string, now: number): number;
}

export class SignInLimiter implements Limiter {
  private byAddress = new Map<string, AddressState>();
  private readonly msPerToken: number;
  constructor(private readonly burst: number, windowMs: number) {
    this.msPerToken = windowMs / Math.max(1, burst);
  }

  private state(key: string, now: number): AddressState {
    let st = this.byAddress.get(key);
    if (!st) {
      if (this.byAddress.size >= MAX_ADDRESSES) this.evict();
      st = { tokens: this.burst, at: now, known: new Set() };
      this.byAddress.set(key, st);
    }
    const refill = (now - st.at) / this.msPerToken;
    st.tokens = Math.min(this.burst, st.tokens + refill);
    st.at = now;
    return st;
  }

  /** Whether this code signed in from this address before (in this process). */
  knows(key: string, code: string): boolean {
    return this.byAddress.get(key)?.known.has(shortHash(code)) ?? false;
  }

  /** Whether this code may be checked now from this address. */
  mayCheck(key: string, code: string, now: number): boolean {
    const st = this.state(key, now);
    return st.tokens >= 1 || st.known.has(shortHash(code));
  }

  succeeded(key: string, code: string, now: number): void {
    const known = this.state(key, now).known;
    if (known.size >= MAX_KNOWN_PER_ADDRESS) known.clear();
    known.add(shortHash(code));
  }

  failed(key: string, now: number): void {
    const st = this.state(key, now);
    st.tokens = Math.max(0, st.tokens - 1);
  }

  retryAfterSeconds(key: string, now: number): number {
    const st = this.state(key, now);
    return Math.max(1, Math.ceil(((1 - st.tokens) * this.msPerToken) / 1000));
  }

  /** Forgets addresses with a full bucket first, then the oldest. */
  private evict(): void {
    for (const [k, v] of this.byAddress) if (v.tokens >= this.burst && v.known.size === 0) this.byAddress.delete(k);
    for (const k of this.byAddress.keys()) {
      if (this.byAddress.size < MAX_ADDRESSES) break;
      this.byAddress.delete(k);
    }
  }
}

/** The limiter over the store's shared state (PostgreSQL): the same rules, one bucket for all processes. */
export class SharedSignInLimiter implements Limiter {
  private readonly local: SignInLimiter; // the codes known here, so working ones skip the database
  private readonly msPerToken: number;
  private lastTokens = new Map<string, number>(); // for Retry-After, per address (bounded)
  constructor(private readonly shared: SharedSignInLimits, private readonly burst: number, windowMs: number) {
    this.local = new SignInLimiter(burst, windowMs);
    this.msPerToken = windowMs / Math.max(1, burst);
  }

  async mayCheck(key: string, code: string, now: number): Promise<boolean> {
    if (this.local.knows(key, code)) return true;
    const st = await this.shared.state(key, shortHash(code), this.burst, this.msPerToken, now);
    if (st.known) this.local.succeeded(key, code, now);
    this.tokens(key, st.tokens);
    return st.known || st.tokens >= 1;
  }

  async succeeded(key: string, code: string, now: number): Promise<void> {
    if (this.local.knows(key, code)) return;
    this.local.succeeded(key, code, now);
    await this.shared.succeeded(key, shortHash(code), now);
  }

  async failed(key: string, now: number): Promise<void> {
    this.tokens(key, await this.shared.failed(key, this.burst, this.msPerToken, now));
  }

  retryAfterSeconds(key: string): number {
    return Math.max(1, Math.ceil(((1 - (this.lastTokens.get(key) ?? 0)) * this.msPerToken) / 1000));
  }

  private tokens(key: string, n: number): void {
    if (this.lastTokens.size >= MAX_ADDRESSES) this.lastTokens.clear();
    this.lastTokens.set(key, n);
  }
}

// every signed-in request asks for its code's hash twice (may it be checked, it succeeded): the
// hashes of recent codes are kept (bounded), as the sign-in cache keeps the codes themselves
const shortHashes = new Map<string, string>();
function shortHash(code: string): string {
  let h = shortHashes.get(code);
  if (h === undefined) {
    if (shortHashes.size >= MAX_ADDRESSES) shortHashes.clear();
    h = hash('sha256', code, 'base64url').slice(0, 22);
    shortHashes.set(code, h);
  }
  return h;
}

/** The limiter's key for a client address: IPv4 as is (also IPv4-mapped IPv6), IPv6 by its /64. */
export function addressKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1];
  const bare = ip.replace(/%.*$/, '');
  if (!isIPv6(bare)) return ip;
  const [head, tail = ''] = bare.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = bare.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
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

  async actor(code: string): Promise<Actor | null> {
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
    const actor = await authenticate(ctx, code);
    if (!actor || !actor.codeId) return actor;
    const info = await ctx.store.codes.get(actor.codeId);
    if (!info) return actor;
    // authenticate only queues a new last use (store.noteCodeUse): this is the one it compared
    const used = info.lastUsedAt ? Date.parse(info.lastUsedAt) : -Infinity;
    // a code revoked or a unit renamed while this sign-in was being looked up: answer, don't cache
    if (ctx.store.authVersion() !== version) return actor;
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

/**
 * Middleware: sets req.actor or answers 401/429 — before any body is read (app.ts mounts the body
 * parsers after it), so a refused request costs no parsing (and app.ts's error handler closes the
 * connection rather than draining a body it never read).
 */
export function requireAuth(ctx: AppContext) {
  const { authFailLimit: burst, authFailWindowMs: windowMs } = ctx.config;
  const limiter: Limiter = ctx.store.signInLimits ? new SharedSignInLimiter(ctx.store.signInLimits, burst, windowMs) : new SignInLimiter(burst, windowMs);
  const signIns = new SignIns(ctx);
  return async (req: Request, res: Response, next: NextFunction) => {
    const code = bearerCode(req);
    if (!code) return next(new AppError('UNAUTHENTICATED', 401));
    const ip = req.ip ?? req.socket.remoteAddress ?? '?';
    const key = addressKey(ip);
    const now = ctx.now().getTime();
    try {
      if (!(await limiter.mayCheck(key, code, now))) {
        res.setHeader('Retry-After', String(limiter.retryAfterSeconds(key, now)));
        return next(new AppError('RATE_LIMITED', 429));
      }
      const actor = await signIns.actor(code);
      if (!actor) {
        await limiter.failed(key, now);
        ctx.logger.warn({ ip }, 'failed sign-in');
        return next(new AppError('BAD_CODE', 401));
      }
      await limiter.succeeded(key, code, now);
      req.actor = actor;
    } catch (err) {
      return next(err);
    }
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
