// Plans: imported, versioned, several active at once, all sharing one unit registry. Edits to
// assignments (resolve a placeholder group, add/remove a unit, change the lead) store a new version.
import type { Plan, PlanDiff, Unit } from '../../shared/model/plan';
import { AppError } from '../../shared/messages';
import { cleanText } from '../../shared/text/integrity';
import type { AppContext } from '../context';
import type { PlanRow, ReadRepos, Tx } from '../store/types';
import type { Actor } from './actor';
import { newId } from './ids';
import { buildIndex, type PlanIndex } from './plan-index';

export type { PlanIndex };

const inTx = (db: ReadRepos | Tx): db is Tx => 'afterCommit' in db;

/**
 * The plan's parsed index, cached by version (one cheap query per call). Read through `db` — the
 * transaction when called inside one; what a transaction read is cached only once it committed.
 */
export async function getPlanIndex(ctx: AppContext, planId: string, db: ReadRepos | Tx = ctx.store): Promise<PlanIndex> {
  const version = await db.plans.version(planId);
  if (version === undefined) throw new AppError('NOT_FOUND', 404, `计划 ${planId}`);
  const cached = ctx.planCache.get(planId);
  if (cached && cached.version === version) return cached;
  const row = await db.plans.get(planId);
  if (!row) throw new AppError('NOT_FOUND', 404, `计划 ${planId}`);
  const idx = buildIndex(row);
  const keep = () => {
    const now = ctx.planCache.get(planId);
    if (!now || now.version <= idx.version) ctx.planCache.set(planId, idx);
  };
  if (inTx(db)) db.afterCommit(keep);
  else keep();
  return idx;
}

/** Stores a newly imported plan (and its units in the shared registry). */
export async function createPlanInTx(ctx: AppContext, tx: Tx, plan: Plan, actor: Actor, opts: { id?: string } = {}): Promise<PlanIndex> {
  const at = ctx.now().toISOString();
  const row: PlanRow = { id: opts.id ?? newId('plan'), title: plan.title, version: 1, active: true, importedAt: at, updatedAt: at, plan };
  await addUnits(tx, plan.units);
  await tx.plans.insert(row, actor.label, '导入');
  return buildIndex(row);
}

export async function createPlan(ctx: AppContext, plan: Plan, actor: Actor, opts: { id?: string } = {}): Promise<PlanIndex> {
  return ctx.store.transaction((tx) => createPlanInTx(ctx, tx, plan, actor, opts));
}

/** Units the registry does not know yet (an existing unit keeps its edits). */
async function addUnits(tx: Tx, units: readonly Unit[]): Promise<void> {
  for (const u of units) if (!(await tx.units.get(u.id))) await tx.units.upsert(u);
}

/**
 * Re-import or edit: `revise` turns the current plan into the next version, inside one transaction
 * that holds the plan's lock (two edits at once on PostgreSQL: the second revises the first's result).
 */
async function revisePlan(ctx: AppContext, planId: string, actor: Actor, note: string, revise: (cur: PlanIndex, tx: Tx) => Promise<Plan>): Promise<PlanIndex> {
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ names: [`plan:${planId}`] });
    const cur = await getPlanIndex(ctx, planId, tx);
    const revised = await revise(cur, tx);
    await addUnits(tx, revised.units);
    const at = ctx.now().toISOString();
    await tx.plans.update(planId, revised, cur.version + 1, at, actor.label, note);
    return buildIndex({ ...cur, version: cur.version + 1, title: revised.title, plan: revised });
  });
}

/** Re-import: the revised plan (keys already matched by the importer's diff) becomes a new version. */
export function replacePlan(ctx: AppContext, planId: string, revised: Plan, actor: Actor, note = '重新导入'): Promise<PlanIndex> {
  return revisePlan(ctx, planId, actor, note, async () => revised);
}

export type { PlanDiff };

async function requireUnit(db: ReadRepos, unitId: string): Promise<Unit> {
  const u = await db.units.get(unitId);
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
): Promise<PlanIndex> {
  return revisePlan(ctx, planId, actor, `调整分工：${edit.measureKey}`, async (cur, tx) => {
    if (!cur.measures.has(edit.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, edit.measureKey);
    const unitIds = [...new Set(edit.unitIds)];
    const units: Unit[] = [];
    for (const id of unitIds) units.push(await requireUnit(tx, id));
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
    return plan;
  });
}

/** Replaces a placeholder group (省有关部门 / 相关市政府) by concrete units, in one measure or everywhere. */
export function resolveGroup(
  ctx: AppContext, planId: string, req: { groupUnitId: string; measureKey?: string; unitIds: string[] }, actor: Actor,
): Promise<PlanIndex> {
  return revisePlan(ctx, planId, actor, `落实 ${req.groupUnitId}`, async (cur, tx) => {
    if (req.measureKey && !cur.measures.has(req.measureKey)) throw new AppError('UNKNOWN_MEASURE', 400, req.measureKey);
    // only a placeholder (省有关部门 / 相关市政府) is "resolved"; a real unit's measures are its own
    if ((await requireUnit(tx, req.groupUnitId)).kind !== 'placeholder_group') throw new AppError('NOT_A_GROUP', 400, req.groupUnitId);
    const units: Unit[] = [];
    for (const id of new Set(req.unitIds)) units.push(await requireUnit(tx, id));
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
    return plan;
  });
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
