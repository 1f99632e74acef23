// Routes are mounted from the table (shared/api/routes.ts): a module names the route and gives
// its handler; the method, the path, who may call it and how its body is read come from the
// table, so none of them is written twice.
//  - public routes go on a router in front of the sign-in; every other route on the API router,
//    behind `requireAuth` (an unknown /api path without a code is still 401);
//  - the coordinator guard is declared by `access: 'office'` and put in front of the route's body
//    parser, so a unit's request is refused before a byte of its body is read;
//  - `:periodId` is looked up once per request (`router.param`) and handed to the handler as
//    `req.period`; an unknown period is 404 UNKNOWN_PERIOD before the handler runs. The sync batch
//    is the exception (OWN_PERIOD_READ): its merge reads the period inside its transaction anyway,
//    under the period's lock, and answers the same 404 — on PostgreSQL the lookup before it would be
//    one more round trip on the hot path. It sits on a router of its own, without the param handler,
//    in front of the others with the sign-in as its first handler: the busiest request passes one
//    router instead of three (each costs its layers' matching and Express's per-router bookkeeping).
import express, { Router, type RequestHandler } from 'express';
import { routes, type BodyKind, type RouteDef, type RouteName } from '../../shared/api/routes';
import type { Period } from '../../shared/model/progress';
import { AppError } from '../../shared/messages';
import { coordinatorOf, requireAuth } from '../auth';
import type { AppContext } from '../context';
import { requirePeriod } from '../services/sync';

declare module 'express-serve-static-core' {
  interface Request {
    /** The route's `:periodId`, loaded by the API router's param handler. */
    period?: Period;
  }
}

/** Mounts one route of the table with its handlers. */
export type Mount = (name: RouteName, ...handlers: RequestHandler[]) => void;

export interface RouteTable {
  on: Mount;
  /** The sync batch (signed in), the public routes (no sign-in), then the signed-in API; app.ts uses them in this order. */
  routers: [ownPeriod: Router, publicRoutes: Router, api: Router];
}

/** The period a route's `:periodId` named (the param handler loaded it). */
export function periodOf(req: express.Request): Period {
  if (!req.period) throw new AppError('INTERNAL', 500, 'route has no :periodId');
  return req.period;
}

/** Routes whose service reads (and 404s) the period itself, inside its transaction. */
const OWN_PERIOD_READ: ReadonlySet<RouteName> = new Set<RouteName>(['changes']);

const officeOnly: RequestHandler = (req, _res, next) => {
  coordinatorOf(req);
  next();
};

export function routeTable(ctx: AppContext): RouteTable {
  const publicRoutes = Router();
  const api = Router();
  const ownPeriod = Router(); // (no param handler: param handlers belong to their router)
  // sign in first, then read the body (per-route limits): an unauthenticated request costs no parsing
  const signIn = requireAuth(ctx); // one instance: one sign-in cache and one limiter for every route
  api.use('/api', signIn);
  api.param('periodId', async (req, _res, next, id: string) => {
    req.period = await requirePeriod(ctx.store, id);
    next();
  });
  const parsers: Record<BodyKind, RequestHandler[]> = {
    none: [],
    json: [express.json({ limit: ctx.config.smallBodyLimit })],
    batch: [express.json({ limit: ctx.config.bodyLimit })],
    file: [], // the handler reads the bytes itself (raw or multipart), after the guard
  };
  const on: Mount = (name, ...handlers) => {
    const route: RouteDef = routes[name];
    const own = route.access !== 'public' && OWN_PERIOD_READ.has(name);
    const router = route.access === 'public' ? publicRoutes : own ? ownPeriod : api;
    const guard = [...(own ? [signIn] : []), ...(route.access === 'office' ? [officeOnly] : [])];
    router[route.method](route.path, ...guard, ...parsers[route.body], ...handlers);
  };
  return { on, routers: [ownPeriod, publicRoutes, api] };
}
