// Consolidated table and reporting status (催报 list).
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { consolidatedFor, reportStatus } from '../services/reports';
import { param, queryString } from './http';
import { periodOf, type Mount } from './mount';

export function reportRoutes(on: Mount, ctx: AppContext): void {
  on('consolidated', async (req, res) => {
    const a = actorOf(req);
    res.json(await consolidatedFor(ctx, param(req, 'periodId'), a, { live: queryString(req, 'live') === '1' }));
  });

  on('reportStatus', async (req, res) => {
    const period = periodOf(req);
    res.json({ period, ...(await reportStatus(ctx, period.id)) });
  });
}
