// Sentence-level three-way merge of a long text field (docs/rules.md "Merge rule"): each side's
// edits are diffed against the base over sentences (never characters); the two edit lists are
// combined when they touch different sentences. Unlike textbook diff3, edits to *adjacent*
// sentences merge — they don't overlap. Returns null when the edits overlap (same sentence, or two
// different insertions at one place): the caller then records a conflict that keeps both values.
//
// Bounded (docs/rules.md "Bounds"): the diff is Myers' O((N+M)·D) algorithm (jsdiff's diffArrays)
// stopped at MAX_EDIT_SENTENCES inserted + deleted sentences per side; beyond that the edit is no
// longer "a few sentences changed" and a person decides (null → conflict). So one merge costs at
// most linear time × a constant, whatever the text (repeated sentences, thousands of short ones).
import { diffArrays } from 'diff';
import { splitSentences } from './sentences';

/** Inserted + deleted sentences one side may have against the base and still be merged. */
export const MAX_EDIT_SENTENCES = 200;

/**
 * Work a caller lets merges spend, in units of about one sentence comparison: splitting the three
 * texts costs SPLIT_UNITS_PER_CHAR per character (measured: splitting and numbering 60,000
 * characters takes as long as ~5 million comparisons), one diff of n + m sentences with d edits at
 * most (n + m)·(d + 1). A batch shares one budget (docs/rules.md "Bounds"); work that could exceed
 * what is left is not started (null → conflict).
 */
export interface MergeBudget {
  units: number;
}
export const SPLIT_UNITS_PER_CHAR = 80;

interface Hunk {
  start: number; // in base sentences
  end: number; // exclusive
  lines: string[]; // replacement
}

/** Sentences as small integers (one number per distinct sentence), so the diff compares numbers. */
function interner() {
  const ids = new Map<string, number>();
  return (parts: string[]) =>
    parts.map((p) => {
      let id = ids.get(p);
      if (id === undefined) ids.set(p, (id = ids.size));
      return id;
    });
}

/** The side's edits against the base as hunks, or null when there are more than the bound (or budget) allows. */
function hunks(base: number[], side: number[], sideText: string[], budget: MergeBudget): Hunk[] | null {
  const size = base.length + side.length + 1;
  const maxEditLength = Math.min(MAX_EDIT_SENTENCES, Math.floor(budget.units / size) - 1);
  if (maxEditLength < 0) {
    budget.units = 0; // spent: the batch's later merges are conflicts without even splitting their texts
    return null;
  }
  const changes = diffArrays(base, side, { maxEditLength });
  budget.units -= size * ((changes ? changes.filter((c) => c.added || c.removed).reduce((n, c) => n + (c.count ?? 0), 0) : maxEditLength) + 1);
  if (!changes) return null;
  const out: Hunk[] = [];
  let pos = 0; // in base
  let at = 0; // in side
  let open: Hunk | null = null;
  for (const c of changes) {
    const n = c.count ?? c.value.length;
    if (!c.added && !c.removed) {
      open = null;
      pos += n;
      at += n;
      continue;
    }
    if (!open) out.push((open = { start: pos, end: pos, lines: [] }));
    if (c.removed) {
      pos += n;
      open.end = pos;
    } else {
      open.lines.push(...sideText.slice(at, at + n));
      at += n;
    }
  }
  return out;
}

const same = (a: Hunk, b: Hunk) => a.start === b.start && a.end === b.end && a.lines.join('') === b.lines.join('');

function overlaps(a: Hunk, b: Hunk): boolean {
  if (same(a, b)) return false; // both made the same edit
  const aIns = a.start === a.end;
  const bIns = b.start === b.end;
  if (aIns && bIns) return a.start === b.start;
  if (aIns) return a.start > b.start && a.start < b.end;
  if (bIns) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export function mergeText(base: string, mine: string, theirs: string, budget: MergeBudget = { units: Infinity }): string | null {
  if (mine === theirs) return mine;
  if (mine === base) return theirs;
  if (theirs === base) return mine;
  const split = (base.length + mine.length + theirs.length) * SPLIT_UNITS_PER_CHAR;
  if (budget.units < split) {
    budget.units = 0;
    return null;
  }
  budget.units -= split;
  const o = splitSentences(base);
  const mineS = splitSentences(mine);
  const theirsS = splitSentences(theirs);
  const ids = interner();
  const oIds = ids(o);
  const a = hunks(oIds, ids(mineS), mineS, budget);
  const b = a && hunks(oIds, ids(theirsS), theirsS, budget);
  if (!a || !b) return null;
  // both lists are in base order: a hunk can only overlap the hunks of the other side near it
  for (const x of a) for (const y of b) if (y.start <= x.end && overlaps(x, y)) return null;
  // Apply all hunks in base order; at one position an insertion goes before a replacement.
  const all = [...a, ...b.filter((y) => !a.some((x) => same(x, y)))].sort(
    (x, y) => x.start - y.start || (x.end - x.start) - (y.end - y.start),
  );
  const out: string[] = [];
  let pos = 0;
  for (const h of all) {
    for (let i = pos; i < h.start; i++) out.push(o[i]);
    out.push(...h.lines);
    pos = Math.max(pos, h.end);
  }
  for (let i = pos; i < o.length; i++) out.push(o[i]);
  return out.join('');
}
