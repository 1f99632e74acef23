// Consolidated table and reporting status (催报 list).
import type { Router } from 'express';
import { actorOf, coordinatorOf } from '../auth';
import type { AppContext } from '../context';
import { consolidatedFor, reportStatus } from '../services/reports';
import { requirePeriod } from '../services/sync';
import { param, queryString } from './http';

export function reportRoutes(r: Router, ctx: AppContext): void {
  r.get('/api/periods/:periodId/consolidated', async (req, res) => {
    const a = actorOf(req);
    res.json(await consolidatedFor(ctx, param(req, 'periodId'), a, { live: queryString(req, 'live') === '1' }));
  });

  r.get('/api/periods/:periodId/status', async (req, res) => {
    coordinatorOf(req);
    const period = await requirePeriod(ctx.store, param(req, 'periodId'));
    res.json({ period, ...(await reportStatus(ctx, period.id)) });
  });
}
