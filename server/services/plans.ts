// Plans: imported, versioned, several active at once, all sharing one unit registry. Edits to
// assignments (resolve a placeholder group, add/remove a unit, change the lead) store a new version.
import type { Plan, PlanDiff, Unit } from '../../shared/model/plan';
import { AppError } from '../../shared/messages';
import { cleanText } from '../../shared/text/integrity';
import type { AppContext } from '../context';
import type { Actor } from './actor';
import { newId } from './ids';
import { buildIndex, type PlanIndex } from './plan-index';

export type { PlanIndex };

export function getPlanIndex(ctx: AppContext, planId: string): PlanIndex {
  const version = ctx.store.planVersion(planId);
  if (version === undefined) throw new AppError('NOT_FOUND', 404, `计划 ${planId}`);
  const cached = ctx.planCache.get(planId);
  if (cached && cached.version === version) return cached;
  const row = ctx.store.getPlan(planId)!;
  const idx = buildIndex(row);
  ctx.planCache.set(planId, idx);
  return idx;
}

/** Stores a newly imported plan (and its units in the shared registry). */
export function createPlan(ctx: AppContext, plan: Plan, actor: Actor, opts: { id?: string } = {}): PlanIndex {
  const at = ctx.now().toISOString();
  const id = opts.id ?? newId('plan');
  ctx.store.transaction(() => {
    for (const u of plan.units) if (!ctx.store.getUnit(u.id)) ctx.store.upsertUnit(u);
    ctx.store.insertPlan({ id, title: plan.title, version: 1, active: true, importedAt: at, updatedAt: at, plan }, actor.label, '导入');
  });
  return getPlanIndex(ctx, id);
}

/** Re-import: the revised plan (keys already matched by the importer's diff) becomes a new version. */
export function replacePlan(ctx: AppContext, planId: string, revised: Plan, actor: Actor, note = '重新导入'): PlanIndex {
  const cur = getPlanIndex(ctx, planId);
  ctx.store.transaction(() => {
    for (const u of revised.units) if (!ctx.store.getUnit(u.id)) ctx.store.upsertUnit(u);
    ctx.store.updatePlan(planId, revised, cur.version + 1, ctx.now().toISOString(), actor.label, note);
  });
  return getPlanIndex(ctx, planId);
}

export type { PlanDiff };

function requireUnit(ctx: AppContext, unitId: string): Unit {
  const u = ctx.store.getUnit(unitId);
  if (!u) throw new AppError('UNKNOWN_UNIT', 400, unitId);
  return u;
}

function withUnits(plan: Plan, units: Unit[]): Plan['units'] {
  const have = new Set(plan.units.map((u) => u.id));
  return [...plan.units, ...units.filter((u) => !have.has(u.id))];
}

/** Sets a measure's units: `unitIds` in order, the first `leads` of them lead. */
export function editAssignment(
  ctx: AppContext, planId: string, edit: { measureKey: string; unitIds: string[]; leads: number }, actor: Actor,
): PlanIndex {
  const cur = getPlanIndex(ctx, planId);
  if (!cur.measures.has(edit.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, edit.measureKey);
  const unitIds = [...new Set(edit.unitIds)];
  const units = unitIds.map((id) => requireUnit(ctx, id));
  const plan: Plan = structuredClone(cur.plan);
  for (const task of plan.tasks) {
    for (const m of task.measures) {
      if (m.key !== edit.measureKey) continue;
      m.assignments = unitIds.map((unitId, order) => {
        const old = m.assignments.find((a) => a.unitId === unitId);
        return { unitId, role: order < edit.leads ? 'lead' : 'co', order, group: old?.group ?? 0, ...(old?.viaGroup ? { viaGroup: old.viaGroup } : {}) };
      });
    }
  }
  plan.units = withUnits(plan, units);
  return replacePlan(ctx, planId, plan, actor, `调整分工：${edit.measureKey}`);
}

/** Replaces a placeholder group (省有关部门 / 相关市政府) by concrete units, in one measure or everywhere. */
export function resolveGroup(
  ctx: AppContext, planId: string, req: { groupUnitId: string; measureKey?: string; unitIds: string[] }, actor: Actor,
): PlanIndex {
  const cur = getPlanIndex(ctx, planId);
  if (req.measureKey && !cur.measures.has(req.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, req.measureKey);
  // only a placeholder (省有关部门 / 相关市政府) is "resolved"; a real unit's measures are its own
  if (requireUnit(ctx, req.groupUnitId).kind !== 'placeholder_group') throw new AppError('NOT_A_GROUP', 400, req.groupUnitId);
  const units = [...new Set(req.unitIds)].map((id) => requireUnit(ctx, id));
  const plan: Plan = structuredClone(cur.plan);
  let touched = 0;
  for (const task of plan.tasks) {
    for (const m of task.measures) {
      if (req.measureKey && m.key !== req.measureKey) continue;
      const at = m.assignments.findIndex((a) => a.unitId === req.groupUnitId);
      if (at < 0) continue;
      touched++;
      const placeholder = m.assignments[at];
      const present = new Set(m.assignments.map((a) => a.unitId));
      const added = units
        .filter((u) => !present.has(u.id))
        .map((u) => ({ unitId: u.id, role: placeholder.role, order: 0, group: placeholder.group, viaGroup: placeholder.viaGroup ?? placeholder.unitId }));
      const list = [...m.assignments.slice(0, at), ...added, ...m.assignments.slice(at + 1)];
      m.assignments = list.map((a, order) => ({ ...a, order }));
    }
  }
  if (touched === 0) throw new AppError('NOT_ASSIGNED', 400, `${req.groupUnitId} 未出现在所选举措中`);
  plan.units = withUnits(plan, units);
  const stillUsed = plan.tasks.some((t) => t.measures.some((m) => m.assignments.some((a) => a.unitId === req.groupUnitId)));
  if (!stillUsed) plan.units = plan.units.map((u) => (u.id === req.groupUnitId ? { ...u, needsResolution: false } : u));
  return replacePlan(ctx, planId, plan, actor, `落实 ${req.groupUnitId}`);
}

/**
 * An imported file's plan with every text cleaned of characters that cannot be stored (docs/rules.md
 * "Text integrity": files are cleaned and the change reported), and a warning saying how many.
 */
export function cleanPlanText(plan: Plan): Plan {
  let cleaned = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const c = cleanText(v);
      if (c !== v) cleaned++;
      return c;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(plan) as Plan;
  if (cleaned === 0) return plan;
  const warning = { code: 'TEXT_CLEANED', message: `文件中有 ${cleaned} 处文字含控制字符或残缺的文字编码，已删除这些字符后导入，请核对。` };
  return { ...out, warnings: [...(out.warnings ?? []), warning] };
}

export function planSummary(idx: PlanIndex) {
  return { id: idx.id, title: idx.title, version: idx.version, active: idx.active, importedAt: idx.importedAt };
}
