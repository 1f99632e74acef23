// What each column of a returned table means, from its header AND its cells. Units retitle columns
// freely (完成情况, 进展, 完成进度, 是否完成 for the status; 工作进展 for 进展情况) and add columns of their
// own, so a header alone misleads: a column whose filled cells are mostly status words is the status
// column whatever its title; where two columns compete for one field the content decides; and every
// column is given a meaning and the reason, for the report.
import { FIELD_LABELS, type Field } from '../model/fields';
import { classifyHeader, FIELD_ROLES, type ColumnRole } from './headers';
import { statusKind } from './status-words';

export const ROLE_LABELS: Record<ColumnRole, string> = {
  ...FIELD_LABELS,
  no: '序号',
  task: '主要任务',
  measure: '具体举措',
  units: '责任单位',
  reporter: '填报单位',
  office: '办公室汇总',
};

/** A status column: at least this share of its filled cells look like statuses (and one is a known word). */
const STATUS_SHARE = 0.6;
/** Narrative: filled cells this long on average (characters). */
const NARRATIVE_CHARS = 12;

export type ContentKind = 'empty' | 'status' | 'phone' | 'narrative' | 'short';

export interface ColumnProfile {
  filled: number;
  /** Cells that are status words of the table (status-words.ts). */
  statusWords: number;
  /** Cells that look like a typed status, known or not. */
  statusLike: number;
  /** Cells of running text (longer than any status). */
  sentences: number;
  avgLength: number;
  kind: ContentKind;
}

export interface ColumnDecision {
  col: number; // 0-based
  header: string;
  /** What the column is read as; null: not imported (its filled cells are reported). */
  role: ColumnRole | null;
  reason: string;
}

export interface ColumnPlan {
  /** The column read for each role. */
  roles: Partial<Record<ColumnRole, number>>;
  /** Every column that has a header or a filled cell, left to right. */
  decisions: ColumnDecision[];
}

const PHONE = /1[3-9]\d{9}|\d{3,4}[-－—]\d{7,8}|\d{7,8}/;

export function profileColumn(cells: readonly string[], header: string): ColumnProfile {
  const filled = cells.map((t) => t.trim()).filter(Boolean);
  if (filled.length === 0) return { filled: 0, statusWords: 0, statusLike: 0, sentences: 0, avgLength: 0, kind: 'empty' };
  let statusWords = 0;
  let statusLike = 0;
  for (const t of filled) {
    const k = statusKind(t, header);
    if (k === 'word') statusWords++;
    if (k) statusLike++;
  }
  const avgLength = filled.reduce((n, t) => n + t.length, 0) / filled.length; // UTF-16 units: CJK is one each
  const phones = filled.filter((t) => PHONE.test(t) && [...t].length <= 40).length;
  const kind: ContentKind =
    statusWords > 0 && statusLike / filled.length >= STATUS_SHARE ? 'status' : phones / filled.length >= 0.5 ? 'phone' : avgLength >= NARRATIVE_CHARS ? 'narrative' : 'short';
  const sentences = filled.filter((t) => t.length > NARRATIVE_CHARS).length;
  return { filled: filled.length, statusWords, statusLike, sentences, avgLength, kind };
}

const q = (h: string) => `“${h.replace(/\s+/g, ' ').slice(0, 30)}”`;

interface Col {
  col: number;
  header: string;
  headerRole: ColumnRole | null;
  profile: ColumnProfile;
  role?: ColumnRole | null;
  reason?: string;
}

/**
 * Decide the meaning of every column. `header` is the header row's texts (a header merged across
 * columns repeats its text: only the first of the run is a column of its own); `data` the rows below.
 * `skip` are columns that are not the unit's (the hidden key column).
 */
export function planColumns(header: readonly string[], data: readonly (readonly string[])[], skip: ReadonlySet<number> = new Set()): ColumnPlan {
  const width = Math.max(header.length, ...data.map((r) => r.length), 0);
  const cols: Col[] = [];
  for (let c = 0; c < width; c++) {
    if (skip.has(c)) continue;
    const h = (header[c] ?? '').trim();
    const continued = c > 0 && h !== '' && h === (header[c - 1] ?? '').trim();
    const cells = data.map((r) => r[c] ?? '');
    // A header merged across: the covered column only matters where it holds its own text.
    const own = continued ? cells.filter((t, i) => t.trim() && t !== (data[i][c - 1] ?? '')) : cells;
    const profile = profileColumn(own, h);
    if (!h && profile.filled === 0) continue;
    if (continued && profile.filled === 0) continue;
    cols.push({ col: c, header: h, headerRole: continued ? null : h ? classifyHeader(h) : null, profile });
  }

  const roles: Partial<Record<ColumnRole, number>> = {};
  const assign = (c: Col, role: ColumnRole, reason: string) => {
    c.role = role;
    c.reason = reason;
    roles[role] = c.col;
  };
  const free = (c: Col) => c.role === undefined;

  // Identity columns (序号, 举措, 单位 …) by their header: the first of each kind.
  for (const c of cols) {
    const r = c.headerRole;
    if (!r || FIELD_ROLES.includes(r) || roles[r] !== undefined) continue;
    assign(c, r, `表头${q(c.header)}`);
  }

  // The status: the column whose cells are mostly status words, under a status- or progress-like header.
  // A progress-titled column is taken as the status only when another column holds the progress, or
  // when none of its cells is running text (else its status words are read as progress: nothing lost).
  const otherProgress = (c: Col) => cols.some((o) => o !== c && free(o) && o.headerRole === 'progress' && o.profile.kind !== 'status' && o.profile.kind !== 'empty');
  const statusLike = cols.filter(
    (c) => free(c) && c.profile.kind === 'status' && (c.headerRole === 'status' || (c.headerRole === 'progress' && (c.profile.sentences === 0 || otherProgress(c)))),
  );
  // A status-titled column that qualifies keeps the status; content moves it only from elsewhere.
  statusLike.sort((a, b) => rank(a) - rank(b) || share(b) - share(a));
  const progressHeaded = cols.filter((c) => free(c) && c.headerRole === 'progress' && c.profile.kind !== 'status');
  if (statusLike.length) {
    const s = statusLike[0];
    const p = s.profile;
    const words = p.statusLike === p.statusWords ? `${p.statusWords}/${p.filled} 格为完成状态词` : `${p.statusLike}/${p.filled} 格像完成状态，其中 ${p.statusWords} 格可直接识别`;
    assign(s, 'status', s.headerRole === 'status' ? `表头${q(s.header)}，${words}` : `表头${q(s.header)}，但内容多为完成状态词（${words}），按完成状态读取`);
  } else {
    const s = cols.find((c) => free(c) && c.headerRole === 'status');
    if (s) {
      // Prose under a status title (完成进度 holding what was done): it is the progress when nothing else is.
      if (s.profile.kind === 'narrative' && progressHeaded.length === 0)
        assign(s, 'progress', `表头${q(s.header)}，但内容为成段文字（平均 ${Math.round(s.profile.avgLength)} 字），按进展情况读取`);
      else assign(s, 'status', `表头${q(s.header)}${s.profile.filled ? `（${s.profile.statusWords}/${s.profile.filled} 格为完成状态词，其余逐格报告）` : ''}`);
    }
  }

  // Text fields by header; where several columns claim one field, the fuller, longer text wins.
  for (const f of ['progress', 'problems', 'nextSteps', 'contact'] as Field[]) {
    if (roles[f] !== undefined) continue;
    const claim = cols.filter((c) => free(c) && c.headerRole === f);
    if (claim.length === 0) continue;
    claim.sort((a, b) => fit(b, f) - fit(a, f) || a.col - b.col);
    const [win, ...rest] = claim;
    assign(win, f, claim.length === 1 || rest.every((r) => r.profile.filled === 0)
      ? `表头${q(win.header)}`
      : `表头${q(win.header)}；与${rest.map((r) => q(r.header)).join('、')}同为${FIELD_LABELS[f]}，此列${f === 'contact' ? '更像联系方式' : '内容更完整'}`);
    for (const r of rest) {
      r.role = null;
      r.reason = r.profile.filled
        ? `表头${q(r.header)}也像${FIELD_LABELS[f]}，但已按${q(win.header)}列读取${FIELD_LABELS[f]}；此列内容未导入，逐格列出`
        : `表头${q(r.header)}，此列为空（${FIELD_LABELS[f]}按${q(win.header)}列读取）`;
    }
  }

  for (const c of cols) {
    if (!free(c)) continue;
    c.role = null;
    c.reason = !c.header
      ? '该列没有表头，内容未导入'
      : c.profile.filled === 0
        ? `列${q(c.header)}为空`
        : c.headerRole && !FIELD_ROLES.includes(c.headerRole)
        ? `列${q(c.header)}是${ROLE_LABELS[c.headerRole]}，已有前一列，内容未导入`
        : c.headerRole
          ? `列${q(c.header)}与已读取的${ROLE_LABELS[c.headerRole]}列重复，内容未导入`
          : `列${q(c.header)}不是填报字段（完成状态、进展情况、存在问题、下步计划、联系人），内容未导入`;
  }
  return { roles, decisions: cols.map((c) => ({ col: c.col, header: c.header, role: c.role ?? null, reason: c.reason ?? '' })) };
}

const share = (c: Col) => (c.profile.filled ? c.profile.statusLike / c.profile.filled : 0);
const rank = (c: Col) => (c.headerRole === 'status' ? 0 : 1);

/** How well a column's content fits a text field: filled cells first, then length (phones for contact). */
function fit(c: Col, f: Field): number {
  const p = c.profile;
  if (f === 'contact') return (p.kind === 'phone' ? 1000 : 0) + p.filled;
  return p.filled * 1000 + Math.min(999, p.avgLength);
}
