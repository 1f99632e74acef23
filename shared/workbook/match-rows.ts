// Matching the rows of a re-formatted or hand-made table (no keys) with a unit's measures,
// by 序号 and measure-text similarity, with a confidence a person can judge in the report.
import { textSimilarity } from './similarity';

export interface MeasureCandidate {
  measureKey: string;
  measureNo: string; // "1.2"
  taskNo: string; // "1"
  measureText: string;
}

export interface SheetRowIdentity {
  row: number; // 0-based grid row, for the report
  no: string; // 序号 cell as typed ('' when empty)
  measureText: string; // 具体举措 cell ('' when the table has none)
  /** Does the row hold anything the unit wrote? An empty row never takes a measure from a filled one. */
  filled?: boolean;
}

export type MatchMethod = 'no+text' | 'no' | 'task+text' | 'task' | 'text';

export interface RowMatch {
  row: number;
  measureKey: string | null;
  confidence: number; // 0..1, two decimals
  method: MatchMethod | null;
  /** Why a row stayed unmatched (Chinese, for the report). */
  reason?: string;
}

/** Accept confidences at or above this; below, the row is reported as unmatched. */
export const MIN_CONFIDENCE = 0.6;

/** "1．2" / "1-2" / " 1.2 " / "１.２" → "1.2"; "(3)" → "3"; "" when not a number. */
export function normalizeNo(raw: string): string {
  const t = raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(/[．。、\-－—_]/g, '.')
    .replace(/^[（(](.*)[）)]$/, '$1')
    .replace(/\.+$/, '');
  return /^\d+(\.\d+)*$/.test(t) ? t : '';
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function bestByText(rowText: string, cands: MeasureCandidate[]): { c: MeasureCandidate; sim: number; second: number } | null {
  let best: MeasureCandidate | null = null;
  let sim = 0;
  let second = 0;
  for (const c of cands) {
    const s = textSimilarity(rowText, c.measureText);
    if (s > sim) {
      second = sim;
      sim = s;
      best = c;
    } else if (s > second) second = s;
  }
  return best ? { c: best, sim, second } : null;
}

/** Match one row. `carriedTaskNo` is the last task 序号 seen above (merged or left empty below). */
export function matchRow(row: SheetRowIdentity, cands: MeasureCandidate[], carriedTaskNo = ''): RowMatch {
  const no = normalizeNo(row.no);
  const text = row.measureText.trim();
  const miss = (reason: string): RowMatch => ({ row: row.row, measureKey: null, confidence: 0, method: null, reason });
  const hit = (c: MeasureCandidate, confidence: number, method: MatchMethod): RowMatch => ({
    row: row.row,
    measureKey: c.measureKey,
    confidence: round2(confidence),
    method,
  });

  const byNo = no ? cands.find((c) => c.measureNo === no) : undefined;
  if (byNo) {
    if (!text) return hit(byNo, 0.8, 'no');
    const s = textSimilarity(text, byNo.measureText);
    if (s >= 0.35) return hit(byNo, 0.6 + 0.4 * s, 'no+text');
    // 序号 and text disagree: trust the text only when it is clearly another measure of this unit.
    const other = bestByText(text, cands);
    if (other && other.sim >= 0.8) return hit(other.c, other.sim * 0.9, 'text');
    return miss(`序号 ${no} 与举措内容不符（相似度 ${round2(s)}）`);
  }

  const taskNo = no && !no.includes('.') ? no : !no ? carriedTaskNo : '';
  if (taskNo) {
    const inTask = cands.filter((c) => c.taskNo === taskNo);
    if (inTask.length === 1 && !text) return hit(inTask[0], 0.7, 'task');
    if (inTask.length > 0 && text) {
      const b = bestByText(text, inTask);
      if (b && b.sim >= 0.35 && b.sim - b.second >= 0.05) return hit(b.c, Math.min(1, 0.55 + 0.45 * b.sim), 'task+text');
    }
  }

  if (!text) return miss(no ? `序号 ${row.no.trim()} 不是本单位负责的举措` : '没有序号和举措内容，无法对应');
  const b = bestByText(text, cands);
  if (!b || b.sim < 0.5) return miss(`举措内容与本单位的举措都不相符（最高相似度 ${round2(b?.sim ?? 0)}）`);
  if (b.sim - b.second < 0.05 && b.sim < 0.95) return miss('举措内容与多条举措同样相近，无法确定');
  const conf = b.sim;
  return conf >= MIN_CONFIDENCE ? hit(b.c, conf, 'text') : miss(`举措内容相似度过低（${round2(conf)}）`);
}

/**
 * Match all rows; when two rows claim one measure the filled one, else the more confident, wins
 * and the other is reported (never merged twice, never dropped silently). A copy of the whole
 * table has a row per (measure, unit): the unit fills its own, the others stay empty.
 */
export function matchRows(rows: SheetRowIdentity[], cands: MeasureCandidate[]): RowMatch[] {
  let carried = '';
  const out: RowMatch[] = [];
  for (const r of rows) {
    const n = normalizeNo(r.no);
    if (n && !n.includes('.')) carried = n;
    else if (n) carried = n.split('.')[0];
    out.push(matchRow(r, cands, carried));
  }
  const owner = new Map<string, RowMatch>();
  const filled = new Map(rows.map((r) => [r.row, r.filled !== false]));
  const wins = (a: RowMatch, b: RowMatch) => {
    const fa = filled.get(a.row)!;
    const fb = filled.get(b.row)!;
    return fa !== fb ? fa : a.confidence > b.confidence;
  };
  for (const m of out) {
    if (!m.measureKey) continue;
    const prev = owner.get(m.measureKey);
    if (!prev) {
      owner.set(m.measureKey, m);
      continue;
    }
    const [keep, drop] = wins(m, prev) ? [m, prev] : [prev, m];
    owner.set(m.measureKey, keep);
    drop.reason = `与第 ${keep.row + 1} 行对应同一条举措`;
    drop.measureKey = null;
    drop.method = null;
  }
  return out;
}
