// The unit registry as the importer knows it: canonical names, short names, aliases, kinds and the
// named groups (鲁南4市政府 → the four city governments). Unit ids are canonical names.
import type { Unit, UnitGroup, UnitKind } from '../model/plan';

export const LUNAN_CITIES = [
  { name: '临沂市人民政府', shortName: '临沂市政府', aliases: ['临沂市', '临沂'] },
  { name: '枣庄市人民政府', shortName: '枣庄市政府', aliases: ['枣庄市', '枣庄'] },
  { name: '济宁市人民政府', shortName: '济宁市政府', aliases: ['济宁市', '济宁'] },
  { name: '菏泽市人民政府', shortName: '菏泽市政府', aliases: ['菏泽市', '菏泽'] },
] as const;

export const LUNAN_GROUP: UnitGroup = {
  name: '鲁南4市政府',
  aliases: ['鲁南四市政府', '4市政府', '四市政府', '鲁南4市人民政府', '鲁南四市人民政府'],
  members: LUNAN_CITIES.map((c) => c.name),
};

/** Placeholders the office must resolve to concrete units. */
const PLACEHOLDERS = new Set(['省有关部门', '相关市政府', '有关部门', '相关部门', '省直有关部门', '有关市政府', '相关市', '有关市']);

/** Well-known short forms → canonical names (canonical = as the reference table writes it). */
const KNOWN_ALIASES: Record<string, string[]> = {
  省发展改革委: ['省发改委', '山东省发展和改革委员会'],
  省工业和信息化厅: ['省工信厅'],
  省住房城乡建设厅: ['省住建厅'],
  省人力资源社会保障厅: ['省人社厅'],
  省卫生健康委: ['省卫健委'],
  省文化和旅游厅: ['省文旅厅'],
  '省委党校（山东行政学院）': ['省委党校', '山东行政学院'],
  省政府: ['省人民政府', '山东省人民政府'],
};

export function unitKind(name: string): UnitKind {
  if (PLACEHOLDERS.has(name) || /^(省|市)?(直)?(有关|相关)/.test(name)) return 'placeholder_group';
  if (/^省(委|纪委)/.test(name)) return 'party_organ';
  if (name === '省政府' || name === '省人民政府') return 'other';
  if (/市(人民)?政府$/.test(name)) return 'city_government';
  if (/^(山东)?省.+(厅|委|局|办|室|院|会|中心|署|处)(（.*）)?$/.test(name)) return 'provincial_department';
  return 'other';
}

function shortNameOf(name: string): string {
  return name.replace(/人民政府$/, '政府');
}

export function makeUnit(name: string): Unit {
  const city = LUNAN_CITIES.find((c) => c.name === name);
  if (city) {
    return { id: city.name, name: city.name, shortName: city.shortName, aliases: [...city.aliases], kind: 'city_government', needsResolution: false };
  }
  const kind = unitKind(name);
  const aliases = [...(KNOWN_ALIASES[name] ?? [])];
  if (name.startsWith('省') && !aliases.includes(`山东${name}`)) aliases.push(`山东${name}`);
  return { id: name, name, shortName: shortNameOf(name), aliases, kind, needsResolution: kind === 'placeholder_group' };
}

/** What a listed name stands for: one unit, or the members of a named group. */
export interface ResolvedName {
  unitIds: string[];
  group?: UnitGroup;
}

const ALIAS_TO_CANONICAL = new Map<string, string>();
for (const [canonical, aliases] of Object.entries(KNOWN_ALIASES)) for (const a of aliases) ALIAS_TO_CANONICAL.set(a, canonical);
for (const c of LUNAN_CITIES) {
  for (const a of [c.shortName, ...c.aliases]) ALIAS_TO_CANONICAL.set(a, c.name);
}

export function resolveName(name: string): ResolvedName {
  if (name === LUNAN_GROUP.name || LUNAN_GROUP.aliases.includes(name)) return { unitIds: [...LUNAN_GROUP.members], group: LUNAN_GROUP };
  return { unitIds: [ALIAS_TO_CANONICAL.get(name) ?? name] };
}
