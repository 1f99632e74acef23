// 本期 vs 上期: what a unit wrote this period that was not there last period, marked by sentence
// (as offices underline new text by hand). Sentences as the merge splits them (。；！？ and line
// breaks); a sentence counts as old when the previous text held it (spacing aside) — as many times
// as it held it. Joining the pieces gives the current text back exactly.
import { splitSentences } from '../merge/sentences';

export interface Piece {
  text: string;
  isNew: boolean;
}

const norm = (s: string) => s.replace(/[\s\u3000]+/g, '');

export function markNewText(previous: string, current: string): Piece[] {
  const old = new Map<string, number>();
  for (const s of splitSentences(previous)) {
    const k = norm(s);
    if (k) old.set(k, (old.get(k) ?? 0) + 1);
  }
  const pieces: Piece[] = [];
  for (const s of splitSentences(current)) {
    const k = norm(s);
    const left = old.get(k) ?? 0;
    const isNew = k !== '' && left === 0;
    if (left > 0) old.set(k, left - 1);
    const last = pieces.at(-1);
    // whitespace-only pieces (a line break) join their neighbour's kind
    if (last && (last.isNew === isNew || k === '')) last.text += s;
    else pieces.push({ text: s, isNew });
  }
  return pieces;
}

/** Whether anything is new. */
export const hasNewText = (pieces: readonly Piece[]): boolean => pieces.some((p) => p.isNew);

/** Where an entry field's marked pieces are kept (one map for a period's comparison). */
export const newTextKey = (measureKey: string, unitId: string, field: string): string => `${measureKey}\u0000${unitId}\u0000${field}`;
