// Sentence-level three-way merge of a long text field: each side's edits are diffed against the
// base with node-diff3 over sentences (never characters); the two edit lists are combined when
// they touch different sentences. Unlike textbook diff3, edits to *adjacent* sentences merge —
// they don't overlap. Returns null when the edits overlap (same sentence, or two different
// insertions at one place): the caller then records a conflict that keeps both values.
import { diffIndices } from 'node-diff3';
import { splitSentences } from './sentences';

interface Hunk {
  start: number; // in base sentences
  end: number; // exclusive
  lines: string[]; // replacement
}

function hunks(base: string[], side: string[]): Hunk[] {
  return diffIndices(base, side).map((d) => ({
    start: d.buffer1[0],
    end: d.buffer1[0] + d.buffer1[1],
    lines: d.buffer2Content,
  }));
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

export function mergeText(base: string, mine: string, theirs: string): string | null {
  if (mine === theirs) return mine;
  if (mine === base) return theirs;
  if (theirs === base) return mine;
  const o = splitSentences(base);
  const a = hunks(o, splitSentences(mine));
  const b = hunks(o, splitSentences(theirs));
  for (const x of a) for (const y of b) if (overlaps(x, y)) return null;
  // Apply all hunks in base order; at one position an insertion goes before a replacement.
  const all = [...a, ...b.filter((y) => !a.some((x) => same(x, y)))].sort(
    (x, y) => x.start - y.start || (x.end - x.start) - (y.end - y.start),
  );
  const out: string[] = [];
  let pos = 0;
  for (const h of all) {
    out.push(...o.slice(pos, h.start), ...h.lines);
    pos = Math.max(pos, h.end);
  }
  out.push(...o.slice(pos));
  return out.join('');
}
