// The route modules app.ts mounts, one line per module. A module is `(on, ctx) => void`: it names
// routes of the table (shared/api/routes.ts) and gives their handlers; `on` (./mount.ts) puts
// each where the table says, behind the sign-in, guard and body parser the table asks for.
import type { AppContext } from '../context';
import type { Mount } from './mount';
import { meRoutes } from './me';
import { syncRoutes } from './sync';
import { reportRoutes } from './reports';
import { adminRoutes } from './admin';
import { planImportRoutes } from './plans-import';
import { workbookRoutes } from './workbooks';
import { wpsRoutes } from './wps';
import { cycleRoutes } from './cycle';

export type RouteModule = (on: Mount, ctx: AppContext) => void;

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
