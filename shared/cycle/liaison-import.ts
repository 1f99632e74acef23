// Importing the liaison list an office keeps (联络员名单 .xlsx / .csv): a header row found near the
// top by column names (单位 / 联络员 / 办公电话 / 手机 / 邮箱 …, like the other importers), units
// matched by name in their short form (省发改委 = 山东省发展和改革委员会), a deputy (B角) from its own
// columns or from a second row of the same unit. Rows naming no known unit are reported, not guessed.
import { cleanText } from '../text/integrity';
import { normalizeHeader } from '../workbook/headers';
import { findUnitIn, type UnitRef } from '../workbook/find-unit';
import { EMPTY_LIAISON, isEmptyLiaison, LIAISON_KEYS, type Liaison, type LiaisonKey } from './liaison';

type Column = 'unit' | 'role' | 'person' | 'officePhone' | 'mobile' | 'email' | 'position';

/** Names people give each column, compared after normalizeHeader; the first match in this order wins. */
const SYNONYMS: [Column, string[]][] = [
  ['unit', ['单位', '单位名称', '责任单位', '部门', '单位部门', '部门名称', '牵头单位', '承办单位', '报送单位']],
  ['role', ['AB角', 'A/B角', '角色', '类别', '联络员类别']],
  ['position', ['职务', '职务职级', '职级']],
  ['mobile', ['手机', '手机号', '手机号码', '移动电话', '手机号码微信']],
  ['officePhone', ['办公电话', '座机', '固定电话', '办公室电话', '电话', '联系电话', '办公座机']],
  ['email', ['邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail', '邮件']],
  ['person', ['联络员', '联络员姓名', '姓名', '联系人', '联系人姓名', '工作联络员']],
];
const DEPUTY = /备用|B角|副|第二/;

function classify(text: string): Column | null {
  const n = normalizeHeader(text).toLowerCase();
  if (!n || n.length > 20) return null;
  for (const [col, names] of SYNONYMS) if (names.some((x) => normalizeHeader(x).toLowerCase() === n)) return col;
  // "联络员手机" / "备用联络员电话": the contact word decides
  for (const [col, names] of SYNONYMS) if (col !== 'unit' && names.some((x) => x.length >= 2 && n.endsWith(normalizeHeader(x).toLowerCase()))) return col;
  return null;
}

interface ColumnMap {
  unit: number;
  role: number | null;
  /** Liaison field → column. */
  fields: Partial<Record<LiaisonKey, number>>;
}

/** A header row (optionally with a group row above it: 联络员 | 备用联络员 spanning 姓名 / 电话 / 手机). */
function columnsOf(row: readonly string[], above: readonly string[] | null): ColumnMap | null {
  let unit = -1;
  let role: number | null = null;
  const fields: Partial<Record<LiaisonKey, number>> = {};
  let group = '';
  const groups = above && above.filter((t) => t.trim()).length >= 2 ? above : null; // not a title line
  for (let c = 0; c < Math.max(row.length, groups?.length ?? 0); c++) {
    if (groups?.[c]) group = groups[c]; // a merged group cell holds its text in its first column
    // a cell merged down across both header rows holds its name in the upper one
    const text = (row[c] ?? '').trim() || (groups?.[c] ?? '');
    const col = classify(text);
    if (!col) continue;
    if (col === 'unit') {
      if (unit < 0) unit = c;
      continue;
    }
    if (col === 'role') {
      role = c;
      continue;
    }
    if (col === 'position') continue;
    const deputy = DEPUTY.test(text) || DEPUTY.test(group);
    const key: LiaisonKey = col === 'person' ? (deputy ? 'deputyName' : 'name')
      : col === 'officePhone' ? (deputy ? 'deputyOfficePhone' : 'officePhone')
      : col === 'mobile' ? (deputy ? 'deputyMobile' : 'mobile')
      : 'email';
    if (fields[key] === undefined) fields[key] = c;
  }
  const contacts = ['name', 'officePhone', 'mobile'].filter((k) => fields[k as LiaisonKey] !== undefined).length;
  return unit >= 0 && contacts >= 1 ? { unit, role, fields } : null;
}

export interface LiaisonImportRow {
  unitId: string;
  /** The unit as the file wrote it. */
  written: string;
  liaison: Liaison;
  /** 1-based row numbers the liaison came from. */
  rows: number[];
}

export type LiaisonImportProblem =
  | { kind: 'unknown-unit'; row: number; text: string }
  | { kind: 'too-long'; row: number; text: string }
  | { kind: 'duplicate'; row: number; unitId: string };

export type LiaisonImport =
  | { ok: true; headerRow: number; units: LiaisonImportRow[]; problems: LiaisonImportProblem[] }
  | { ok: false; code: 'NO_LIAISON_HEADER' };

const MAX: Record<LiaisonKey, number> = { name: 50, officePhone: 50, mobile: 50, email: 100, deputyName: 50, deputyOfficePhone: 50, deputyMobile: 50 };
const SCAN_ROWS = 15;

export function importLiaisons(grid: readonly (readonly string[])[], units: readonly UnitRef[]): LiaisonImport {
  let header = -1;
  let map: ColumnMap | null = null;
  for (let r = 0; r < Math.min(grid.length, SCAN_ROWS) && !map; r++) {
    // with the row above as groups (联络员 | 备用联络员 over 姓名 / 电话 / 手机); the same when it has none
    map = columnsOf(grid[r], r > 0 ? grid[r - 1] : null);
    if (!map) continue;
    header = r;
    // this row may be the groups of the next one (单位 | 联络员 | 备用联络员 over 姓名 / 电话 / 手机)
    const below = grid[r + 1] ? columnsOf(grid[r + 1], grid[r]) : null;
    if (below && Object.keys(below.fields).length > Object.keys(map.fields).length) (map = below), (header = r + 1);
  }
  if (!map) return { ok: false, code: 'NO_LIAISON_HEADER' };
  const byUnit = new Map<string, LiaisonImportRow>();
  const problems: LiaisonImportProblem[] = [];
  let current: LiaisonImportRow | null = null; // the unit a row without a unit name belongs to (merged cells)
  for (let r = header + 1; r < grid.length; r++) {
    const row = grid[r];
    const get = (c: number | undefined) => (c === undefined ? '' : cleanText(row[c] ?? '').replace(/\s+/g, ' ').trim());
    const unitText = get(map.unit);
    const values = Object.fromEntries(LIAISON_KEYS.map((k) => [k, get(map!.fields[k])])) as Liaison;
    if (isEmptyLiaison(values) && !unitText) continue;
    const tooLong = LIAISON_KEYS.find((k) => values[k].length > MAX[k]);
    if (tooLong) {
      problems.push({ kind: 'too-long', row: r + 1, text: values[tooLong].slice(0, 40) });
      continue;
    }
    if (unitText) {
      const unit = findUnitIn(unitText, units);
      if (!unit) {
        problems.push({ kind: 'unknown-unit', row: r + 1, text: unitText.slice(0, 100) });
        current = null;
        continue;
      }
      const seen = byUnit.get(unit.id);
      current = seen ?? { unitId: unit.id, written: unitText, liaison: { ...EMPTY_LIAISON }, rows: [] };
      byUnit.set(unit.id, current);
    } else if (!current) continue;
    const roleText = map.role === null ? '' : get(map.role);
    const asDeputy = DEPUTY.test(roleText) || (current.rows.length > 0 && !roleText);
    if (asDeputy) {
      if (current.liaison.deputyName || current.liaison.deputyMobile || current.liaison.deputyOfficePhone) {
        problems.push({ kind: 'duplicate', row: r + 1, unitId: current.unitId });
        continue;
      }
      current.liaison.deputyName = values.name || values.deputyName;
      current.liaison.deputyOfficePhone = values.officePhone || values.deputyOfficePhone;
      current.liaison.deputyMobile = values.mobile || values.deputyMobile;
    } else {
      for (const k of LIAISON_KEYS) if (values[k]) current.liaison[k] = values[k];
    }
    current.rows.push(r + 1);
  }
  return { ok: true, headerRow: header + 1, units: [...byUnit.values()], problems };
}
