// The route modules app.ts mounts, one line per module: paths under /api (behind sign-in) and the
// public /wps/jsplugins.xml (wps.ts).
// A module is `(router, ctx) => void` registering full paths from shared/api/contract.ts.
import type { Router } from 'express';
import type { AppContext } from '../context';
import { meRoutes } from './me';
import { syncRoutes } from './sync';
import { reportRoutes } from './reports';
import { adminRoutes } from './admin';
import { planImportRoutes } from './plans-import';
import { workbookRoutes } from './workbooks';
import { wpsRoutes } from './wps';
import { cycleRoutes } from './cycle';

export type RouteModule = (router: Router, ctx: AppContext) => void;

export const routeModules: RouteModule[] = [
  meRoutes,
  syncRoutes,
  reportRoutes,
  adminRoutes,
  planImportRoutes,
  workbookRoutes,
  wpsRoutes,
  cycleRoutes,
];
