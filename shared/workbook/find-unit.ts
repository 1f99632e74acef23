// Finding which unit a returned table belongs to, from a 填报单位 cell, a sheet name or a file name.
export interface UnitRef {
  id: string;
  name: string;
  shortName: string;
  aliases: string[];
}

const squash = (s: string) => s.replace(/[\s\u3000]+/g, '');

/** The unit named by `text`: an exact name first, else the longest name contained in it (unique). */
export function findUnitIn(text: string, units: readonly UnitRef[]): UnitRef | null {
  const t = squash(text);
  if (!t) return null;
  for (const u of units) {
    if ([u.name, u.shortName, u.id, ...u.aliases].some((n) => squash(n) === t)) return u;
  }
  let best: UnitRef | null = null;
  let bestLen = 0;
  let tie = false;
  for (const u of units) {
    for (const n of [u.name, u.shortName, ...u.aliases]) {
      const k = squash(n);
      if (k.length < 3 || !t.includes(k)) continue;
      if (k.length > bestLen) {
        best = u;
        bestLen = k.length;
        tie = false;
      } else if (k.length === bestLen && best && best.id !== u.id) tie = true;
    }
  }
  return tie ? null : best;
}

/** The unit in a 填报单位 cell among the first rows: "填报单位：枣庄市人民政府" or the next cell. */
export function findReporterCell(grid: readonly (readonly string[])[], units: readonly UnitRef[], scanRows = 12): UnitRef | null {
  const limit = Math.min(grid.length, scanRows);
  for (let r = 0; r < limit; r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const text = row[c] ?? '';
      const i = text.search(/(填报|报送)单位/);
      if (i < 0) continue;
      const after = text.slice(i + 4).replace(/^[\s:：]+/, '').split(/[\s\u3000]{2,}|填报日期|联系人|日期/)[0];
      const inCell = findUnitIn(after, units);
      if (inCell) return inCell;
      for (let k = c + 1; k < row.length; k++) {
        if (!row[k]?.trim() || row[k] === text) continue;
        return findUnitIn(row[k], units);
      }
    }
  }
  return null;
}
