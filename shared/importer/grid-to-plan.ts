// The cell parser: turns a grid (from any reader) into a plan — tasks, measures, assignments,
// units — and the warnings a person must look at. Pure and isomorphic.
import { AppError } from '../messages';
import type { Assignment, ImportWarning, Measure, Plan, Task, Unit, UnitGroup } from '../model/plan';
import { cleanText, compact } from './clean-text';
import type { Grid, GridCell, GridRow } from './grid';
import { findHeader, headerColumns, type Columns } from './header';
import { uniqueKey } from './measure-key';
import { parseUnitsParagraph } from './parse-units';
import { findSuspectDoubled } from './suspect-doubled';
import { makeUnit, resolveName } from './units';

export interface ImportCounts {
  tasks: number;
  measures: number;
  assignments: number;
}

export interface ImportResult {
  plan: Plan;
  counts: ImportCounts;
}

/** Measures of consecutive rows that share one 责任单位 cell. */
interface Block {
  measures: string[];
  unitParas: string[];
}

interface TaskDraft {
  no: string;
  title: string;
  blocks: Block[];
}

const DEFAULT_TITLE = '重点任务分工表';

export function importGrid(grid: Grid): ImportResult {
  const header = findHeader(grid.rows);
  if (!header) throw missingHeader(grid.rows);
  const warnings: ImportWarning[] = [...(grid.notes ?? [])];
  const title = titleFrom(grid.rows.slice(0, header.index));
  const drafts = collectTasks(grid.rows.slice(header.index + 1), header.columns, warnings);
  if (!drafts.length) throw new AppError('NOT_A_TABLE', 400, '表头下没有任何任务行');
  const plan = buildPlan(title, drafts, warnings);
  return { plan, counts: countPlan(plan) };
}

export function countPlan(plan: Plan): ImportCounts {
  const measures = plan.tasks.flatMap((t) => t.measures);
  return { tasks: plan.tasks.length, measures: measures.length, assignments: measures.reduce((n, m) => n + m.assignments.length, 0) };
}

function missingHeader(rows: GridRow[]): AppError {
  const tabular = rows.some((r) => r.filter((c) => !c.merged && c.paras.join('').trim() !== '').length >= 3);
  return tabular ? new AppError('NO_HEADER_ROW', 400) : new AppError('NOT_A_TABLE', 400);
}

function titleFrom(rows: GridRow[]): string {
  for (const row of rows) {
    const text = cleanText(row.filter((c) => !c.merged).map((c) => c.paras.join(' ')).join(' '));
    if (text) return text;
  }
  return DEFAULT_TITLE;
}

function own(c: GridCell | undefined): GridCell | undefined {
  return c && !c.merged ? c : undefined;
}

function paras(c: GridCell | undefined): string[] {
  return own(c)?.paras.map(cleanText).filter(Boolean) ?? [];
}

function rowText(row: GridRow): string {
  return cleanText(row.filter((c) => !c.merged).map((c) => c.paras.join(' ')).join(' '));
}

function ignoredRow(text: string): ImportWarning {
  return { code: 'IGNORED_ROW', message: `表中一行没有具体举措，未导入：“${text.slice(0, 60)}”。`, text };
}

function collectTasks(rows: GridRow[], cols: Columns, warnings: ImportWarning[]): TaskDraft[] {
  const tasks: TaskDraft[] = [];
  let current = null as TaskDraft | null;
  let lastUnitParas: string[] = [];
  for (const row of rows) {
    if (headerColumns(row)) continue; // the header repeated on every page
    const text = rowText(row);
    if (!text) continue;
    const noText = cols.no === null ? '' : compact(paras(row[cols.no]).join('')).replace(/[、.．。]$/u, '');
    const title = cols.task === null ? '' : paras(row[cols.task]).join('');
    const measures = paras(row[cols.measure]);
    const unitsCell = row[cols.units];
    const unitParas = paras(unitsCell);
    const sameTask = current !== null && (noText === '' || noText === current.no) && (title === '' || title === current.title);
    if (!sameTask && (noText || title)) {
      current = { no: noText, title, blocks: [] };
      tasks.push(current);
    } else if (!current) {
      warnings.push(ignoredRow(text));
      continue;
    }
    const last: Block | undefined = current.blocks[current.blocks.length - 1];
    if (!measures.length) {
      // Units without measures on a row of their own: they belong to the block above.
      if (unitParas.length && last) last.unitParas.push(...unitParas);
      else if (unitParas.length) current.blocks.push({ measures: [], unitParas });
      continue;
    }
    if (unitParas.length) {
      current.blocks.push({ measures, unitParas });
      lastUnitParas = unitParas;
    } else if (unitsCell?.merged === 'up') {
      if (last) last.measures.push(...measures);
      else current.blocks.push({ measures, unitParas: [...lastUnitParas] });
    } else if (last && last.unitParas.length) {
      last.measures.push(...measures);
      warnings.push({
        code: 'EMPTY_UNITS_CELL',
        message: `第${current.no}项“${current.title}”：举措“${measures[0].slice(0, 30)}…”的责任单位为空，已按上一条举措的责任单位处理，请核对。`,
        taskNo: current.no,
        text: measures[0],
      });
    } else {
      current.blocks.push({ measures, unitParas: [] });
    }
  }
  return tasks.filter((t) => {
    if (t.blocks.some((b) => b.measures.length)) return true;
    warnings.push(ignoredRow([t.no, t.title, ...t.blocks.flatMap((b) => b.unitParas)].join(' ').trim()));
    return false;
  });
}

interface ParsedAssignments {
  assignments: Assignment[];
  openGroups: number[];
  eachOwnPart: boolean;
  groups: UnitGroup[];
}

/** Units of one or more 责任单位 paragraphs, in the order listed; the first listed leads. */
function assignmentsFrom(unitParas: string[]): ParsedAssignments {
  const parsed = unitParas.map(parseUnitsParagraph);
  const explicitLeads = parsed.some((p) => p.groups.some((g) => g.leads));
  const assignments: Assignment[] = [];
  const openGroups: number[] = [];
  const groups: UnitGroup[] = [];
  const seen = new Set<string>();
  let groupIndex = 0;
  let first = true;
  for (const p of parsed) {
    for (const g of p.groups) {
      for (const name of g.names) {
        const resolved = resolveName(name);
        const lead = explicitLeads ? g.leads : first;
        first = false;
        if (resolved.group && !groups.includes(resolved.group)) groups.push(resolved.group);
        for (const unitId of resolved.unitIds) {
          if (seen.has(unitId)) continue;
          seen.add(unitId);
          const a: Assignment = { unitId, role: lead ? 'lead' : 'co', order: assignments.length, group: groupIndex };
          if (resolved.group) a.viaGroup = resolved.group.name;
          assignments.push(a);
        }
      }
      if (g.open) openGroups.push(groupIndex);
      groupIndex++;
    }
  }
  return { assignments, openGroups, eachOwnPart: parsed.some((p) => p.eachOwnPart), groups };
}

function buildPlan(title: string, drafts: TaskDraft[], warnings: ImportWarning[]): Plan {
  const keys = new Set<string>();
  const units = new Map<string, Unit>();
  const groups = new Map<string, UnitGroup>();
  const tasks: Task[] = [];
  let autoNo = 0;
  for (const d of drafts) {
    autoNo++;
    const no = d.no || String(autoNo);
    if (!d.no) warnings.push({ code: 'MISSING_TASK_NO', message: `任务“${d.title}”没有序号，已按顺序编为第${no}项，请核对。`, taskNo: no });
    if (/^\d+$/.test(no)) autoNo = Number(no);
    const label = `第${no}项“${d.title}”`;
    warnDoubled(warnings, d.title, `${label}的任务名称`, { taskNo: no });
    const measures: Measure[] = [];
    for (const block of d.blocks) {
      const shared = sharedUnitParas(block, label, no, warnings);
      block.measures.forEach((text, i) => {
        const unitParas = shared ?? [block.unitParas[i]];
        const parsed = assignmentsFrom(unitParas);
        for (const g of parsed.groups) groups.set(g.name, g);
        for (const a of parsed.assignments) if (!units.has(a.unitId)) units.set(a.unitId, makeUnit(a.unitId));
        const mNo = `${no}.${measures.length + 1}`;
        if (!parsed.assignments.length) {
          warnings.push({ code: 'MEASURE_WITHOUT_UNITS', message: `${label}的举措${mNo}没有责任单位，请补充。`, taskNo: no, measureNo: mNo });
        }
        warnDoubled(warnings, text, `${label}的举措${mNo}`, { taskNo: no, measureNo: mNo });
        measures.push({
          key: uniqueKey(d.title, text, keys),
          no: mNo,
          text,
          assignments: parsed.assignments,
          openGroups: parsed.openGroups,
          eachOwnPart: parsed.eachOwnPart,
          unitsText: unitParas.join('\n'),
        });
      });
    }
    tasks.push({ no, title: d.title, measures });
  }
  warnPlaceholders(tasks, units, warnings);
  return { title, tasks, units: [...units.values()], groups: [...groups.values()], warnings };
}

/**
 * The unit paragraphs every measure of the block shares, or null when they pair up one to one.
 * A count that lines up neither way is reported, and all listed units are given to every measure.
 */
function sharedUnitParas(block: Block, label: string, taskNo: string, warnings: ImportWarning[]): string[] | null {
  const n = block.measures.length;
  const k = block.unitParas.length;
  if (k === n && n > 1) return null;
  if (k === n || k === 1 || k === 0) return block.unitParas;
  const assumed =
    n === 1
      ? `已假定所列全部单位共同负责这1条举措`
      : `已假定所列全部单位共同负责这${n}条举措`;
  warnings.push({
    code: 'UNITS_MEASURES_MISMATCH',
    message: `${label}：具体举措有${n}段，责任单位有${k}段，无法一一对应；${assumed}（${block.unitParas.join('；')}），请核对。`,
    taskNo,
    text: block.unitParas.join('\n'),
  });
  return block.unitParas;
}

function warnDoubled(warnings: ImportWarning[], text: string, where: string, at: { taskNo: string; measureNo?: string }): void {
  for (const s of findSuspectDoubled(text)) {
    warnings.push({
      code: 'SUSPECT_DOUBLED_TEXT',
      message: `${where}疑似有重复的字“${s.pair}”（…${s.context}…），可能是原文提取错误；已按原文保留，请核对。`,
      ...at,
      text: s.context,
    });
  }
}

function warnPlaceholders(tasks: Task[], units: Map<string, Unit>, warnings: ImportWarning[]): void {
  for (const unit of units.values()) {
    if (!unit.needsResolution) continue;
    const nos = tasks.flatMap((t) => t.measures.filter((m) => m.assignments.some((a) => a.unitId === unit.id)).map((m) => m.no));
    warnings.push({
      code: 'UNRESOLVED_GROUP',
      message: `“${unit.name}”不是具体单位（举措${nos.join('、')}），请协调办公室指定具体负责单位。`,
      text: unit.name,
    });
  }
}
