// Re-import: compare a revised table with the current plan. Measures are matched by text
// similarity, helped by 序号 and task (so a reworded measure keeps its key, and an inserted task or
// measure shifts display numbers but no keys). The revised plan comes back with the current keys.
import type { Measure, Plan, PlanDiff, Task } from '../model/plan';
import { uniqueKey } from './measure-key';
import { bigrams, diceOf, normalizeForMatch, similarity } from './similarity';

/** Any measure at least this similar is the same measure, wherever it moved. */
export const SAME_MEASURE = 0.6;
/** Within the same task and at the same 序号, a more heavily reworded measure is still the same. */
const SAME_PLACE = 0.3;
const SAME_TASK_TITLE = 0.6;

interface Flat {
  taskIndex: number;
  task: Task;
  measure: Measure;
  norm: string;
  grams: Map<string, number>;
}

function flatten(plan: Plan): Flat[] {
  return plan.tasks.flatMap((task, taskIndex) =>
    task.measures.map((measure) => ({ taskIndex, task, measure, norm: normalizeForMatch(measure.text), grams: bigrams(measure.text) })),
  );
}

/** Revised task index → current task index: same title first, then similar titles. */
function matchTasks(current: Plan, revised: Plan): Map<number, number> {
  const out = new Map<number, number>();
  const used = new Set<number>();
  revised.tasks.forEach((t, r) => {
    const c = current.tasks.findIndex((ct, i) => !used.has(i) && normalizeForMatch(ct.title) === normalizeForMatch(t.title));
    if (c >= 0) {
      out.set(r, c);
      used.add(c);
    }
  });
  const pairs: Array<[number, number, number]> = [];
  revised.tasks.forEach((t, r) => {
    if (out.has(r)) return;
    current.tasks.forEach((ct, c) => {
      if (used.has(c)) return;
      const sim = similarity(t.title, ct.title) + (t.no === ct.no ? 0.1 : 0);
      if (sim >= SAME_TASK_TITLE) pairs.push([sim, r, c]);
    });
  });
  pairs.sort((a, b) => b[0] - a[0]);
  for (const [, r, c] of pairs) {
    if (out.has(r) || used.has(c)) continue;
    out.set(r, c);
    used.add(c);
  }
  return out;
}

function leadsOf(m: Measure): string[] {
  return m.assignments.filter((a) => a.role === 'lead').map((a) => a.unitId);
}

export function diffPlans(current: Plan, revised: Plan): { plan: Plan; diff: PlanDiff } {
  const taskMatch = matchTasks(current, revised);
  const cur = flatten(current);
  const rev = flatten(revised);
  const revToCur = new Map<number, { c: number; sim: number }>();
  const usedCur = new Set<number>();
  const take = (cands: Array<{ score: number; sim: number; r: number; c: number }>) => {
    cands.sort((a, b) => b.score - a.score || a.r - b.r || a.c - b.c);
    for (const cand of cands) {
      if (revToCur.has(cand.r) || usedCur.has(cand.c)) continue;
      revToCur.set(cand.r, { c: cand.c, sim: cand.sim });
      usedCur.add(cand.c);
    }
  };
  const placeBonus = (rm: Flat, cm: Flat) => {
    const sameTask = taskMatch.get(rm.taskIndex) === cm.taskIndex;
    return { sameTask, samePlace: sameTask && rm.measure.no === cm.measure.no };
  };
  // 1. Unchanged text (most of a revision): exact matches, nearest place first.
  const byNorm = new Map<string, number[]>();
  cur.forEach((cm, c) => byNorm.set(cm.norm, [...(byNorm.get(cm.norm) ?? []), c]));
  const exact: Array<{ score: number; sim: number; r: number; c: number }> = [];
  rev.forEach((rm, r) => {
    for (const c of byNorm.get(rm.norm) ?? []) {
      const { sameTask, samePlace } = placeBonus(rm, cur[c]);
      exact.push({ score: 1 + (sameTask ? 0.2 : 0) + (samePlace ? 0.05 : 0), sim: 1, r, c });
    }
  });
  take(exact);
  // 2. Reworded: similar text among what is left.
  const similar: Array<{ score: number; sim: number; r: number; c: number }> = [];
  rev.forEach((rm, r) => {
    if (revToCur.has(r)) return;
    cur.forEach((cm, c) => {
      if (usedCur.has(c)) return;
      const { sameTask, samePlace } = placeBonus(rm, cm);
      const floor = samePlace ? SAME_PLACE : SAME_MEASURE;
      // Dice can be at most 2·min/(a+b): skip pairs whose lengths alone rule them out.
      const [a, b] = [rm.norm.length, cm.norm.length];
      if ((2 * Math.min(a, b)) / (a + b || 1) < floor) return;
      const sim = diceOf(rm.grams, cm.grams);
      if (sim < floor) return;
      similar.push({ score: sim + (sameTask ? 0.2 : 0) + (samePlace ? 0.05 : 0), sim, r, c });
    });
  });
  take(similar);

  const diff: Required<PlanDiff> = {
    addedMeasures: [],
    removedMeasures: [],
    changedMeasures: [],
    addedAssignments: [],
    removedAssignments: [],
    changedLeads: [],
    addedTasks: [],
    removedTasks: [],
    renumberedMeasures: [],
    renamedTasks: [],
  };
  // Keys: matched measures take the current key; new ones get a key no current measure ever had.
  const taken = new Set(cur.map((f) => f.measure.key));
  const newKeys = new Map<Measure, string>();
  rev.forEach((rm, r) => {
    const match = revToCur.get(r);
    if (match) {
      newKeys.set(rm.measure, cur[match.c].measure.key);
      return;
    }
    const key = taken.has(rm.measure.key) ? uniqueKey(rm.task.title, rm.measure.text, taken) : rm.measure.key;
    taken.add(key);
    newKeys.set(rm.measure, key);
    diff.addedMeasures.push({ key, no: rm.measure.no, text: rm.measure.text });
  });
  cur.forEach((cm, c) => {
    if (!usedCur.has(c)) diff.removedMeasures.push({ key: cm.measure.key, no: cm.measure.no, text: cm.measure.text });
  });
  rev.forEach((rm, r) => {
    const match = revToCur.get(r);
    if (!match) return;
    const old = cur[match.c].measure;
    const m = rm.measure;
    const key = old.key;
    if (old.text !== m.text) {
      diff.changedMeasures.push({ key, no: m.no, oldNo: old.no, oldText: old.text, text: m.text, similarity: Math.round(match.sim * 1000) / 1000 });
    } else if (old.no !== m.no) {
      diff.renumberedMeasures.push({ key, no: m.no, oldNo: old.no });
    }
    const oldUnits = new Set(old.assignments.map((a) => a.unitId));
    const newUnits = new Set(m.assignments.map((a) => a.unitId));
    for (const u of newUnits) if (!oldUnits.has(u)) diff.addedAssignments.push({ key, unitId: u });
    for (const u of oldUnits) if (!newUnits.has(u)) diff.removedAssignments.push({ key, unitId: u });
    const oldLead = leadsOf(old);
    const lead = leadsOf(m);
    if (oldLead.join('\u0000') !== lead.join('\u0000')) diff.changedLeads.push({ key, oldLead, lead });
  });
  const matchedCurTasks = new Set(taskMatch.values());
  revised.tasks.forEach((t, r) => {
    const c = taskMatch.get(r);
    if (c === undefined) diff.addedTasks.push({ no: t.no, title: t.title });
    else if (current.tasks[c].title !== t.title) diff.renamedTasks.push({ no: t.no, oldNo: current.tasks[c].no, oldTitle: current.tasks[c].title, title: t.title });
  });
  current.tasks.forEach((t, c) => {
    if (!matchedCurTasks.has(c)) diff.removedTasks.push({ no: t.no, title: t.title });
  });

  const plan: Plan = {
    ...revised,
    tasks: revised.tasks.map((t) => ({ ...t, measures: t.measures.map((m) => ({ ...m, key: newKeys.get(m) ?? m.key })) })),
  };
  return { plan, diff };
}
