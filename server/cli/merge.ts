// fengong merge <files…> [--unit 单位] [--period ID] [--json]
// Sends returned workbooks and Word tables to the service one by one (its merge endpoint; history
// records the office's code and source 'workbook'), printing progress and each file's report in plain
// words. A file that does not say whose it is (or names several units) is refused with the
// candidates; --unit names the unit for such files. Exit code 1 when any file could not be merged.
import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { MergeResponse, UnitQuestionDetails, type MergeFileReport } from '../../shared/api/contract';
import { FIELD_LABELS } from '../../shared/model/progress';
import { describeColumns, describeMerge, failedMergeReport, mergeVerdict, needsUnitChoice } from '../../shared/workbook/merge-report';
import { callService, periodIdOf, withServiceOptions, type ServiceOpts } from './service-client';

interface MergeOpts extends ServiceOpts {
  period?: string;
  unit?: string;
  json?: boolean;
}

export function describeReport(f: MergeFileReport): string {
  const lines = [`  ${mergeVerdict(f).label}${f.error ? ` [${f.error.code}]` : ''}：${describeMerge(f).join(' ')}`];
  if (!f.ok) {
    const d = f.error?.details;
    if (d?.candidates.length) lines.push(`  文件中可能的填报单位：${d.candidates.join('、')}`);
    if (d?.seen.length) lines.push(`  已查看：${d.seen.join('；')}`);
    if (needsUnitChoice(f)) lines.push(`  用 --unit 指定单位后重新合并，例如：fengong merge "${f.file}" --unit ${d?.candidates[0] ?? '枣庄市人民政府'}`);
    return lines.join('\n');
  }
  for (const c of describeColumns(f)) lines.push(`  列 ${c.sheet}!${c.column}“${c.header}” → ${c.meaning}：${c.reason}`);
  for (const m of f.matches.filter((x) => x.confidence < 0.9)) lines.push(`  ? ${m.sheet} 第 ${m.row} 行 → ${m.measureNo}（${m.method}，置信度 ${m.confidence}）`);
  for (const x of f.conflicts) lines.push(`  冲突 ${x.sheet} 第 ${x.row} 行 ${x.measureNo} ${FIELD_LABELS[x.field]}：请在控制台处理（${x.conflictId}）`);
  for (const u of f.unmatchedRows) lines.push(`  未匹配 ${u.sheet} 第 ${u.row} 行：${u.reason}\n      ${u.text.replace(/\n/g, ' / ').slice(0, 120)}`);
  for (const i of f.ignoredCells) lines.push(`  未导入 ${i.sheet}!${i.cell}：${i.reason}${i.text ? `（${i.text.slice(0, 40)}）` : ''}`);
  for (const r of f.rejected) lines.push(`  被拒 ${r.sheet} 第 ${r.row} 行 ${r.measureNo}：${r.message}`);
  for (const l of f.links) lines.push(`  超链接 ${l.sheet}!${l.cell}：${l.target}`);
  for (const s of f.sheets.filter((x) => x.kind === 'ignored')) lines.push(`  工作表“${s.name}”未读取：${s.reason}`);
  return lines.join('\n');
}

/** A refused single file comes back as an error body: turn it into a report (keeping the candidates). */
function refused(name: string, status: number, bytes: Buffer): MergeFileReport {
  try {
    const e = JSON.parse(bytes.toString('utf8')).error as { code: string; message: string; details?: unknown };
    const details = UnitQuestionDetails.safeParse(e.details);
    return failedMergeReport(name, e.code, e.message, details.success ? details.data : undefined);
  } catch {
    return failedMergeReport(name, 'FAILED', `服务返回 HTTP ${status}`);
  }
}

export function registerMerge(program: Command): void {
  withServiceOptions(
    program
      .command('merge <files...>')
      .description('合并各单位退回的填报表（.xlsx、.docx；服务器装有 LibreOffice 时也可 .xls、.et、.ods、.doc），逐个文件输出合并报告')
      .option('--unit <单位>', '文件中看不出填报单位（或出现多个单位）时，按此单位合并：单位全称、简称或编号')
      .option('--json', '输出 JSON 报告'),
  ).action(async (files: string[], o: MergeOpts) => {
    const periodId = await periodIdOf(o, o.period);
    const reports: MergeFileReport[] = [];
    const t0 = Date.now();
    for (const [i, file] of files.entries()) {
      const name = basename(file);
      let report: MergeFileReport;
      try {
        statSync(file);
        const r = await callService(o, 'merge', { params: { periodId }, query: { name, unit: o.unit } }, {
          bytes: readFileSync(file),
          type: 'application/octet-stream',
        });
        report = r.status === 200 ? MergeResponse.parse(JSON.parse(r.bytes.toString('utf8'))).files[0] : refused(name, r.status, r.bytes);
      } catch (e) {
        report = failedMergeReport(name, 'FAILED', e instanceof Error ? e.message : String(e));
      }
      reports.push(report);
      if (!o.json) process.stdout.write(`[${i + 1}/${files.length}] ${name}\n${describeReport(report)}\n`);
      else process.stderr.write(`[${i + 1}/${files.length}] ${name} ${mergeVerdict(report).label}\n`);
    }
    if (o.json) process.stdout.write(`${JSON.stringify({ files: reports }, null, 2)}\n`);
    else {
      const ok = reports.filter((r) => r.ok).length;
      const sum = (k: keyof MergeFileReport['counts']) => reports.reduce((n, r) => n + r.counts[k], 0);
      process.stdout.write(
        `共 ${files.length} 个文件：读取 ${ok}，未合并 ${files.length - ok}；合并 ${sum('merged')} 项，冲突 ${sum('conflicts')}，未匹配行 ${sum('unmatchedRows')}，未导入单元格 ${sum('ignoredCells')}（${((Date.now() - t0) / 1000).toFixed(1)} 秒）\n`,
      );
    }
    if (reports.some((r) => !r.ok)) process.exitCode = 1;
  });
}
