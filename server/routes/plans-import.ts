// POST /api/admin/plans/import — a 分工表 file as the raw body (.txt / .xlsx / .docx; name in
// ?name= or X-File-Name). Answers a preview first (warnings, counts, the diff against the current
// plan); with ?apply=1 (or ?preview=0) it becomes the plan: a re-import keeps measure keys (the
// importer's diff), so entries already filled stay attached. ?planId= picks the plan to revise;
// ?new=1 imports a further plan beside the active ones.
import express from 'express';
import type { z } from 'zod';
import type { ImportPlanResponse } from '../../shared/api/contract';
import { diffPlans } from '../../shared/importer';
import { AppError } from '../../shared/messages';
import { actorOf } from '../auth';
import type { AppContext } from '../context';
import { readPlanFile } from '../readers/read-plan-file';
import { cleanPlanText, createPlan, getPlanIndex, replacePlan } from '../services/plans';
import { decodedHeader, queryString } from './http';
import type { Mount } from './mount';

const MAX_PLAN_FILE = 20 * 1024 * 1024;

export function planImportRoutes(on: Mount, ctx: AppContext): void {
  // the table's office guard runs before the (up to 20 MB) body is read
  on('importPlan', express.raw({ type: () => true, limit: MAX_PLAN_FILE }), async (req, res) => {
    const actor = actorOf(req);
    const buf = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (buf.length === 0) throw new AppError('EMPTY_FILE', 400);
    const name = queryString(req, 'name') ?? decodedHeader(req, 'x-file-name') ?? 'plan.txt';
    const apply = queryString(req, 'apply') === '1' || queryString(req, 'preview') === '0';
    const read = await readPlanFile(buf, name);
    const imported = { ...read, plan: cleanPlanText(read.plan) };
    const counts = imported.counts;
    const active = (await ctx.store.plans.list()).filter((p) => p.active);
    const targetId = queryString(req, 'new') === '1' ? null : (queryString(req, 'planId') ?? active.at(-1)?.id ?? null);

    let body: z.infer<typeof ImportPlanResponse>;
    if (targetId) {
      const current = await getPlanIndex(ctx, targetId);
      const { plan, diff } = diffPlans(current.plan, imported.plan);
      if (apply) await replacePlan(ctx, targetId, plan, actor, `重新导入 ${name}`);
      body = { preview: !apply, planId: targetId, warnings: plan.warnings ?? [], diff, counts };
    } else {
      const created = apply ? await createPlan(ctx, imported.plan, actor) : null;
      body = { preview: !apply, planId: created?.id ?? null, warnings: imported.plan.warnings ?? [], diff: null, counts };
    }
    res.json(body);
  });
}
