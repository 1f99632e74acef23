// `fengong plan import <file> [--json]`: import a 分工表 and print a report, or the canonical plan.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/messages';
import type { Plan } from '../../shared/model/plan';
import type { ImportResult } from '../../shared/importer';
import { readPlanFile } from '../readers/read-plan-file';
import { MAX_FILE_BYTES } from '../readers/sniff';

const KIND_LABEL: Record<string, string> = {
  provincial_department: '省直部门',
  party_organ: '党委机关',
  city_government: '市政府',
  placeholder_group: '待明确的单位组',
  other: '其他',
};

export async function readPlanPath(path: string): Promise<ImportResult> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new AppError('UNREADABLE_FILE', 400, `${path} 不是文件`);
    size = s.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('FILE_NOT_FOUND', 404, path);
  }
  if (size > MAX_FILE_BYTES) throw new AppError('FILE_TOO_LARGE', 413, `${(size / 1024 / 1024).toFixed(1)} MB`);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    throw new AppError('UNREADABLE_FILE', 400, path);
  }
  return readPlanFile(buf, basename(path));
}

/** The canonical plan for `--json`: units per measure as canonical names, lead first. */
export function canonicalPlanJson(result: ImportResult) {
  const { plan, counts } = result;
  return {
    title: plan.title,
    counts,
    tasks: plan.tasks.map((t) => ({
      no: t.no,
      title: t.title,
      measures: t.measures.map((m) => {
        const ordered = [...m.assignments].sort((a, b) => Number(b.role === 'lead') - Number(a.role === 'lead') || a.order - b.order);
        return {
          key: m.key,
          no: m.no,
          text: m.text,
          units: ordered.map((a) => a.unitId),
          leads: ordered.filter((a) => a.role === 'lead').map((a) => a.unitId),
          unitsText: m.unitsText,
          eachOwnPart: m.eachOwnPart,
          openGroups: m.openGroups,
          assignments: m.assignments,
        };
      }),
    })),
    units: plan.units.map((u) => ({
      name: u.name,
      kind: u.kind,
      shortName: u.shortName,
      aliases: u.aliases,
      needsResolution: u.needsResolution,
      measures: plan.tasks.flatMap((t) => t.measures.filter((m) => m.assignments.some((a) => a.unitId === u.id)).map((m) => m.no)),
    })),
    groups: plan.groups,
    warnings: plan.warnings,
  };
}

export function importReport(result: ImportResult, file: string): string {
  const { plan, counts } = result;
  const lines: string[] = [];
  lines.push(`分工表：${plan.title}`);
  lines.push(`文件：${file}`);
  lines.push(`主要任务 ${counts.tasks} 项，具体举措 ${counts.measures} 条，责任分工 ${counts.assignments} 条，责任单位 ${plan.units.length} 个。`);
  lines.push(`单位类别：${unitKinds(plan)}`);
  for (const g of plan.groups) lines.push(`单位组：${g.name} → ${g.members.join('、')}（分别填报）`);
  if (!plan.warnings.length) {
    lines.push('没有需要核对的问题。');
  } else {
    lines.push(`需要人工核对 ${plan.warnings.length} 处：`);
    plan.warnings.forEach((w, i) => lines.push(`  ${i + 1}. [${w.code}] ${w.message}`));
  }
  return `${lines.join('\n')}\n`;
}

function unitKinds(plan: Plan): string {
  return Object.entries(KIND_LABEL)
    .map(([kind, label]) => [label, plan.units.filter((u) => u.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n} 个`)
    .join('，');
}

/** `… --json | head` closes stdout early; that is not an error worth a stack trace. */
function ignoreClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

export function registerPlanCommands(program: Command): void {
  const plan = program.commands.find((c) => c.name() === 'plan') ?? program.command('plan').description('分工表：导入、查看');
  plan
    .command('import')
    .description('导入分工表（.txt、.xlsx 或 .docx），打印导入报告（数量、需要核对的问题）')
    .argument('<file>', '分工表文件')
    .option('--json', '在标准输出打印规范化的计划（JSON）')
    .action(async (file: string, opts: { json?: boolean }) => {
      const result = await readPlanPath(file);
      ignoreClosedPipe();
      if (opts.json) process.stdout.write(`${JSON.stringify(canonicalPlanJson(result), null, 2)}\n`);
      else process.stdout.write(importReport(result, file));
    });
}
