// Finding which unit a returned table belongs to, everywhere a person would look: the template key,
// a 填报单位 line, the title lines, the sheet name, the file name, the 责任单位 column. Names are
// compared in their short form (unit-names.ts) against each unit's name, short name and aliases.
// When the file names several units, or none, the office is asked — never a guess.
import { shortUnitForm } from './unit-names';

export interface UnitRef {
  id: string;
  name: string;
  shortName: string;
  aliases: string[];
}

export type UnitFrom = 'template' | 'reporter-cell' | 'title' | 'sheet-name' | 'file-name' | 'units-column' | 'request';

/** How each source is named in reports (console, task pane, CLI). */
export const UNIT_FROM_LABELS: Record<UnitFrom, string> = {
  template: '模板中的隐藏键',
  'reporter-cell': '“填报单位”栏',
  title: '标题行',
  'sheet-name': '工作表名',
  'file-name': '文件名',
  'units-column': '“责任单位”列',
  request: '办公室指定',
};

/** A name shorter than this is matched only as the whole text (枣庄 is 枣庄市人民政府 only alone). */
const MIN_CONTAINED = 3;

interface Form {
  unit: UnitRef;
  form: string;
}

const formsCache = new WeakMap<readonly UnitRef[], Form[]>();

/** Every unit's names in short form, longest first (so a longer name wins where two overlap). */
function formsOf(units: readonly UnitRef[]): Form[] {
  let forms = formsCache.get(units);
  if (forms) return forms;
  forms = [];
  for (const u of units) {
    const seen = new Set<string>();
    for (const n of [u.name, u.shortName, u.id, ...u.aliases]) {
      const form = shortUnitForm(n);
      // Within the province 省 is often left out (交通厅, 发改委), but not from 省委 / 省政府.
      const bare = /^省[^委政]/.test(form) ? form.slice(1) : '';
      for (const f of [form, bare]) if (f && !seen.has(f)) forms.push({ unit: u, form: f }), seen.add(f);
    }
  }
  forms.sort((a, b) => b.form.length - a.form.length);
  formsCache.set(units, forms);
  return forms;
}

/** The units named in `text`, in order of appearance; a name inside a longer matched name does not count. */
export function unitsMentioned(text: string, units: readonly UnitRef[]): UnitRef[] {
  const t = shortUnitForm(text);
  if (!t) return [];
  const forms = formsOf(units);
  const exact = forms.find((f) => f.form === t);
  if (exact) return [exact.unit];
  const taken: { from: number; to: number; unit: UnitRef }[] = [];
  for (const f of forms) {
    if (f.form.length < MIN_CONTAINED) continue;
    for (let i = t.indexOf(f.form); i >= 0; i = t.indexOf(f.form, i + 1)) {
      const to = i + f.form.length;
      if (taken.some((s) => i < s.to && to > s.from)) continue; // inside (or across) a longer name
      taken.push({ from: i, to, unit: f.unit });
    }
  }
  taken.sort((a, b) => a.from - b.from);
  const out: UnitRef[] = [];
  for (const s of taken) if (!out.includes(s.unit)) out.push(s.unit);
  return out;
}

/** The one unit named by `text`, or null when it names none or several. */
export function findUnitIn(text: string, units: readonly UnitRef[]): UnitRef | null {
  const found = unitsMentioned(text, units);
  return found.length === 1 ? found[0] : null;
}

const REPORTER_LABEL = /(填报|报送|上报)(单位|部门)(名称)?[（(]?(盖章|公章)?[）)]?/;

/**
 * The 填报单位 line among the first rows: "填报单位：枣庄市人民政府　　填报日期：…", or the label with
 * the name in the next cell. Gives the name as written (also when no unit matches it).
 */
export function findReporterCell(grid: readonly (readonly string[])[], scanRows = 12): string | null {
  const limit = Math.min(grid.length, scanRows);
  for (let r = 0; r < limit; r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const text = row[c] ?? '';
      const m = REPORTER_LABEL.exec(text);
      if (!m) continue;
      const after = text
        .slice(m.index + m[0].length)
        .replace(/^[\s:：]+/, '')
        .split(/[\s\u3000]{2,}|填报日期|填报期次|报送日期|联系人|日期/)[0]
        .trim();
      if (after) return after;
      for (let k = c + 1; k < row.length; k++) {
        const next = (row[k] ?? '').trim();
        if (next && next !== text) return next;
      }
    }
  }
  return null;
}

/** One place the file may say whose it is, and the units named there. */
export interface UnitSource {
  from: UnitFrom;
  /** The text as the file has it (for the report: 标题行“省发展改革委重点任务进展”). */
  text: string;
  units: UnitRef[];
}

export type UnitResolution =
  | { kind: 'found'; unit: UnitRef; from: UnitFrom; evidence: string }
  | { kind: 'ambiguous'; candidates: UnitRef[]; evidence: string[] }
  | { kind: 'unknown'; seen: string[] };

export const describeSource = (s: { from: UnitFrom; text: string }) => (s.from === 'units-column' || s.from === 'request' ? `${UNIT_FROM_LABELS[s.from]}：${s.text}` : `${UNIT_FROM_LABELS[s.from]}“${s.text.slice(0, 60)}”`);

/**
 * Sources are taken in the order given (most telling first). The first that names units gives the
 * candidates; later ones may narrow them to one. Several left, or none: the office's choice
 * (`request`) decides, else the caller asks.
 */
export function resolveUnit(sources: readonly UnitSource[], request?: UnitRef): UnitResolution {
  let cands: UnitRef[] | null = null;
  const used: UnitSource[] = [];
  for (const s of sources) {
    if (s.units.length === 0) continue;
    const next: UnitRef[] = cands === null ? s.units : cands.filter((u) => s.units.includes(u));
    if (next.length === 0) continue; // names someone else (a 责任单位 list, a forwarding office): no help
    cands = next;
    used.push(s);
    if (cands.length === 1) return { kind: 'found', unit: cands[0], from: s.from, evidence: used.map(describeSource).join('；') };
  }
  if (request) return { kind: 'found', unit: request, from: 'request', evidence: describeSource({ from: 'request', text: request.name }) };
  if (cands) return { kind: 'ambiguous', candidates: cands, evidence: used.map(describeSource) };
  return { kind: 'unknown', seen: sources.filter((s) => s.text.trim()).map(describeSource) };
}
