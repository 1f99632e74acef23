// 佐证材料: files attached to one entry (measure × unit) of a period. The type comes from the bytes
// (evidence-type.ts), the name is sanitised (shared/cycle/evidence-name.ts), limits are per file and
// per entry, and the file and its record commit together in the store. A unit attaches to and reads
// its own entries; the office all. The office's archive is one .zip ordered 任务/举措/单位.
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Zip, ZipPassThrough } from 'fflate';
import { evidenceName } from '../../../shared/cycle/evidence-name';
import { AppError } from '../../../shared/messages';
import type { Plan } from '../../../shared/model/plan';
import type { EvidenceRow } from '../../store/types';
import { newId } from '../ids';
import type { Actor } from '../actor';
import { periodOf, type CycleCtx } from './context';
import { evidenceKind } from './evidence-type';

export const EVIDENCE_PER_ENTRY = 10;

function measureOf(plan: Plan | undefined, measureKey: string) {
  for (const t of plan?.tasks ?? []) for (const m of t.measures) if (m.key === measureKey) return { task: t, measure: m };
  return null;
}

function mayTouch(actor: Actor, unitId: string): void {
  if (actor.role === 'unit' && actor.unitId !== unitId) throw new AppError('NOT_YOUR_ENTRY', 403);
}

export async function uploadEvidence(
  ctx: CycleCtx, periodId: string, actor: Actor, body: { measureKey: string; unitId: string; fileName: string; bytes: Uint8Array },
): Promise<EvidenceRow> {
  mayTouch(actor, body.unitId);
  const kind = await evidenceKind(body.bytes); // before the transaction: a worker, not the store
  const sha256 = createHash('sha256').update(body.bytes).digest('hex');
  return ctx.store.transaction(async (tx) => {
    await tx.lock({ period: { id: periodId, mode: 'shared' }, names: [`evidence:${periodId}:${body.measureKey}:${body.unitId}`] });
    const period = await periodOf(tx, periodId);
    if (period.state === 'closed' && actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    const found = measureOf((await tx.plans.get(period.planId))?.plan, body.measureKey);
    if (!found) throw new AppError('UNKNOWN_MEASURE', 404, body.measureKey);
    if (!found.measure.assignments.some((a) => a.unitId === body.unitId)) throw new AppError('NOT_ASSIGNED', 400);
    const existing = await tx.evidence.list(periodId, { measureKey: body.measureKey, unitId: body.unitId });
    if (existing.length >= EVIDENCE_PER_ENTRY) throw new AppError('EVIDENCE_LIMIT', 409, `每个条目最多 ${EVIDENCE_PER_ENTRY} 个文件`);
    const row: EvidenceRow = {
      id: newId('ev'), periodId, measureKey: body.measureKey, unitId: body.unitId, name: evidenceName(body.fileName, kind), kind,
      size: body.bytes.byteLength, sha256, createdAt: ctx.now().toISOString(), createdBy: actor.label, codeId: actor.codeId, deletedAt: null, deletedBy: null,
    };
    await tx.evidence.insert(row, body.bytes);
    return row;
  });
}

export async function listEvidence(ctx: CycleCtx, periodId: string, actor: Actor, filter: { measureKey?: string; unitId?: string } = {}): Promise<EvidenceRow[]> {
  await periodOf(ctx.store, periodId);
  if (actor.role === 'unit') filter = { ...filter, unitId: actor.unitId! };
  return ctx.store.evidence.list(periodId, filter);
}

export async function readEvidence(ctx: CycleCtx, id: string, actor: Actor): Promise<{ row: EvidenceRow; bytes: Uint8Array }> {
  const row = await ctx.store.evidence.get(id);
  if (!row || row.deletedAt) throw new AppError('UNKNOWN_EVIDENCE', 404);
  mayTouch(actor, row.unitId);
  const bytes = await ctx.store.evidence.content(id);
  if (!bytes) throw new AppError('UNKNOWN_EVIDENCE', 404);
  return { row, bytes };
}

export async function removeEvidence(ctx: CycleCtx, id: string, actor: Actor): Promise<EvidenceRow> {
  return ctx.store.transaction(async (tx) => {
    const row = await tx.evidence.get(id);
    if (!row || row.deletedAt) throw new AppError('UNKNOWN_EVIDENCE', 404);
    mayTouch(actor, row.unitId);
    const period = await periodOf(tx, row.periodId);
    if (period.state === 'closed' && actor.role !== 'coordinator') throw new AppError('PERIOD_CLOSED', 409);
    const at = ctx.now().toISOString();
    if (!(await tx.evidence.remove(id, at, actor.label))) throw new AppError('UNKNOWN_EVIDENCE', 404);
    return { ...row, deletedAt: at, deletedBy: actor.label };
  });
}

const cut = (s: string, n: number) => [...s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim()].slice(0, n).join('');

/** The archive's paths, in plan order: 任务/举措/单位/文件 (a repeated name gets (2), (3) …). */
export function archivePaths(plan: Plan, rows: readonly EvidenceRow[], unitName: (id: string) => string): { row: EvidenceRow; path: string }[] {
  const order = new Map<string, { task: string; measure: string; n: number }>();
  let n = 0;
  for (const t of plan.tasks) for (const m of t.measures) order.set(m.key, { task: `${t.no} ${cut(t.title, 30)}`, measure: `${m.no} ${cut(m.text, 30)}`, n: n++ });
  const unitOrder = (mk: string, u: string) => plan.tasks.flatMap((t) => t.measures).find((m) => m.key === mk)?.assignments.findIndex((a) => a.unitId === u) ?? 0;
  const sorted = rows.filter((r) => order.has(r.measureKey)).sort((a, b) =>
    order.get(a.measureKey)!.n - order.get(b.measureKey)!.n || unitOrder(a.measureKey, a.unitId) - unitOrder(b.measureKey, b.unitId) || 0);
  const used = new Set<string>();
  return sorted.map((row) => {
    const o = order.get(row.measureKey)!;
    const dir = `${o.task}/${o.measure}/${cut(unitName(row.unitId), 40)}`;
    let path = `${dir}/${row.name}`;
    for (let i = 2; used.has(path); i++) path = `${dir}/${row.name.replace(/(\.[a-z]+)$/, `(${i})$1`)}`;
    used.add(path);
    return { row, path };
  });
}

/** Streams the period's evidence as one .zip (stored: the files are compressed already), one file in memory at a time. */
export async function writeEvidenceZip(ctx: CycleCtx, periodId: string, out: Writable): Promise<number> {
  const period = await periodOf(ctx.store, periodId);
  const plan = (await ctx.store.plans.get(period.planId))?.plan;
  if (!plan) throw new AppError('UNKNOWN_PERIOD', 404);
  const units = new Map((await ctx.store.units.list()).map((u) => [u.id, u.shortName || u.name]));
  const entries = archivePaths(plan, await ctx.store.evidence.list(periodId), (id) => units.get(id) ?? id);
  let failed: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else out.write(chunk);
    if (final) out.end();
  });
  for (const { row, path } of entries) {
    const bytes = await ctx.store.evidence.content(row.id);
    if (!bytes) continue;
    const f = new ZipPassThrough(path);
    f.mtime = new Date(row.createdAt);
    zip.add(f);
    f.push(bytes, true);
    if (!out.writableNeedDrain) continue;
    await new Promise((r) => out.once('drain', r));
  }
  zip.end();
  if (failed) throw failed;
  return entries.length;
}
