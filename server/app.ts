// The Express app factory (no listening here — serve.ts and tests do that).
import express, { type ErrorRequestHandler, type Request, type Response, type NextFunction } from 'express';
import compression from 'compression';
import cors from 'cors';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorBody } from '../shared/api/contract';
import { AppError, ERRORS } from '../shared/messages';
import type { AppContext } from './context';
import { mountFonts } from './fonts/fonts-route';
import { buildOpenApi } from './openapi';
import { routeModules } from './routes/index';
import { routeTable } from './routes/mount';
import { securityHeaders } from './security-headers';
import { SqliteStore } from './store/sqlite';

/** webpack's output names (webpack.config.js): a content hash in the name, so cached for good. */
const HASHED_ASSET = /\/assets\/[^/]+\.[0-9a-f]{8}\.js$/;

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For / -Proto are believed only from the proxies named by --trust-proxy (default: none)
  app.set('trust proxy', ctx.config.trustProxy ?? false);
  app.use(securityHeaders({ extraFrameAncestors: ctx.config.frameAncestors }));
  app.use(compression());
  app.use(requestLog(ctx));
  app.use(
    cors({
      origin: ctx.config.corsOrigins ?? true,
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Content-Disposition', 'Retry-After'],
      maxAge: 600,
    }),
  );
  app.use('/api', durableResponses(ctx));

  // every route from the table (shared/api/routes.ts): public ones first, then the signed-in API
  const { on, routers } = routeTable(ctx);
  on('health', (_req, res) => {
    res.json({ ok: true, version: ctx.config.version });
  });
  let openapi: Record<string, unknown> | null = null;
  on('openapi', (_req, res) => {
    openapi ??= buildOpenApi(ctx.config.version);
    res.json(openapi);
  });
  // The benchmark's baseline: same app, same middleware and body parsing, no sign-in, no database.
  on('noop', (_req, res) => {
    res.json({ ok: true });
  });
  for (const mount of routeModules) mount(on, ctx);
  app.use(...routers);
  app.use('/api', (_req, _res, next) => next(new AppError('NOT_FOUND', 404)));

  // static pages: the webpack output (task pane, console, fill page) and the add-in's icons
  mountFonts(app); // the bundled CJK fonts the print view falls back to
  if (ctx.config.iconsDir && existsSync(ctx.config.iconsDir)) app.use('/icons', express.static(ctx.config.iconsDir, { maxAge: '1h' }));
  if (ctx.config.staticDir && existsSync(ctx.config.staticDir)) {
    const staticDir = ctx.config.staticDir;
    app.get('/', (_req, res) => res.redirect('/console/'));
    // the task pane is built to /addin/taskpane.html (the manifest's URL); /taskpane.html is an alias
    app.get('/taskpane.html', (_req, res, next) => {
      const built = ['taskpane.html', join('addin', 'taskpane.html')].map((f) => join(staticDir, f)).find((f) => existsSync(f));
      if (!built) return next();
      res.sendFile(built);
    });
    app.use(
      express.static(ctx.config.staticDir, {
        index: ['index.html'],
        extensions: ['html'],
        setHeaders: (res, path) => {
          if (HASHED_ASSET.test(path.replace(/\\/g, '/'))) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          else if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache'); // always revalidated: it names the current assets
        },
      }),
    );
  }

  app.use(errorHandler(ctx));
  return app;
}

/**
 * No answer leaves before what it reports is on disk: with the 'wal-fsync' durability the store's
 * fsync runs on the thread pool, and the response waits for it (reads too, so nobody is shown a
 * value a power cut could still take back). If the disk fails, the connection is dropped unanswered.
 */
function durableResponses(ctx: AppContext) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (!(ctx.store instanceof SqliteStore) || ctx.store.durability === 'full') return next();
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      ctx.store.durable().then(
        () => (end as (...a: unknown[]) => Response).apply(this, args),
        (err) => {
          ctx.logger.error({ err }, 'fsync failed; answer withheld');
          this.socket?.destroy();
        },
      );
      return this;
    } as typeof res.end;
    next();
  };
}

function requestLog(ctx: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!ctx.logger.isLevelEnabled('info')) return next();
    const t0 = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      ctx.logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10, actor: req.actor?.codeId }, 'request');
    });
    next();
  };
}

/** Every error leaves as `{ error: { code, message } }` with a stable code and a Chinese message. */
function errorHandler(ctx: AppContext): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: ErrorBody;
    const e = err as { type?: string; status?: number };
    if (err instanceof AppError) {
      status = err.status;
      body = { error: { code: err.code, message: err.message, ...(err.extra?.details ? { details: err.extra.details } : {}) } };
    } else if (e?.type === 'entity.parse.failed') {
      status = 400;
      body = { error: { code: 'BAD_JSON', message: ERRORS.BAD_JSON } };
    } else if (e?.type === 'entity.too.large') {
      status = 413;
      body = { error: { code: 'PAYLOAD_TOO_LARGE', message: ERRORS.PAYLOAD_TOO_LARGE } };
    } else if (e?.status && e.status >= 400 && e.status < 500) {
      status = e.status;
      body = { error: { code: 'INVALID_REQUEST', message: ERRORS.INVALID_REQUEST } };
    } else {
      ctx.logger.error({ err, url: req.originalUrl }, 'unhandled error');
      body = { error: { code: 'INTERNAL', message: ERRORS.INTERNAL } };
    }
    if (res.headersSent) return;
    // a refusal never reads the rest of a body it did not want: the connection closes instead
    if (!req.complete) res.setHeader('Connection', 'close');
    res.status(status).json(body);
  };
}
