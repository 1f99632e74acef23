// Consolidated table and reporting status (催报 list).
import type { Router } from 'express';
import { actorOf, coordinatorOf } from '../auth';
import type { AppContext } from '../context';
import { consolidatedFor, reportStatus } from '../services/reports';
import { requirePeriod } from '../services/sync';
import { param, queryString } from './http';

export function reportRoutes(r: Router, ctx: AppContext): void {
  r.get('/api/periods/:periodId/consolidated', (req, res) => {
    const a = actorOf(req);
    res.json(consolidatedFor(ctx, param(req, 'periodId'), a, { live: queryString(req, 'live') === '1' }));
  });

  r.get('/api/periods/:periodId/status', (req, res) => {
    coordinatorOf(req);
    const period = requirePeriod(ctx, param(req, 'periodId'));
    res.json({ period, ...reportStatus(ctx, period.id) });
  });
}
