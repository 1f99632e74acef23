// fengong merge <files…> [--unit ID] [--period ID] [--json]
// Sends returned workbooks to the service one by one (its merge endpoint; history records the
// office's code and source 'workbook'), printing progress and each file's report. Exit code 1
// when any file could not be merged.
import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { MergeFileReport, MergeResponse } from '../../shared/api/contract';
import { FIELD_LABELS } from '../../shared/model/progress';
import { callService, periodIdOf, serviceError, withServiceOptions, type ServiceOpts } from './service-client';

interface MergeOpts extends ServiceOpts {
  period?: string;
  unit?: string;
  json?: boolean;
}

export function describeReport(f: MergeFileReport): string {
  if (!f.ok) return `  失败 [${f.error?.code}] ${f.error?.message}`;
  const c = f.counts;
  const lines = [
    `  单位：${f.unitName}（${{ template: '模板键', 'reporter-cell': '填报单位栏', 'sheet-name': '工作表名', 'file-name': '文件名', request: '指定' }[f.unitFrom ?? 'request']}）${f.late ? '　补报（期次已关闭）' : ''}`,
    `  合并 ${c.merged}，未变 ${c.unchanged}，冲突 ${c.conflicts}，未匹配行 ${c.unmatchedRows}，未导入单元格 ${c.ignoredCells}，被拒 ${c.rejected}，公式 ${c.formulaCells}`,
  ];
  for (const m of f.matches.filter((x) => x.confidence < 0.9)) lines.push(`  ? ${m.sheet} 第 ${m.row} 行 → ${m.measureNo}（${m.method}，置信度 ${m.confidence}）`);
  for (const x of f.conflicts) lines.push(`  冲突 ${x.sheet} 第 ${x.row} 行 ${x.measureNo} ${FIELD_LABELS[x.field]}：请在控制台处理（${x.conflictId}）`);
  for (const u of f.unmatchedRows) lines.push(`  未匹配 ${u.sheet} 第 ${u.row} 行：${u.reason}\n      ${u.text.replace(/\n/g, ' / ').slice(0, 120)}`);
  for (const i of f.ignoredCells) lines.push(`  未导入 ${i.sheet}!${i.cell}：${i.reason}${i.text ? `（${i.text.slice(0, 40)}）` : ''}`);
  for (const r of f.rejected) lines.push(`  被拒 ${r.sheet} 第 ${r.row} 行 ${r.measureNo}：${r.message}`);
  for (const s of f.sheets.filter((x) => x.kind === 'ignored')) lines.push(`  工作表“${s.name}”未读取：${s.reason}`);
  return lines.join('\n');
}

export function registerMerge(program: Command): void {
  withServiceOptions(
    program
      .command('merge <files...>')
      .description('合并各单位退回的填报表（.xlsx），逐个文件输出合并报告')
      .option('--unit <id>', '文件中找不到填报单位时，按此单位合并')
      .option('--json', '输出 JSON 报告'),
  ).action(async (files: string[], o: MergeOpts) => {
    const periodId = await periodIdOf(o, o.period);
    const reports: MergeFileReport[] = [];
    const t0 = Date.now();
    for (const [i, file] of files.entries()) {
      const name = basename(file);
      const q = new URLSearchParams({ name });
      if (o.unit) q.set('unit', o.unit);
      let report: MergeFileReport;
      try {
        statSync(file);
        const r = await callService(o, 'POST', `/api/periods/${encodeURIComponent(periodId)}/merge?${q}`, {
          bytes: readFileSync(file),
          type: 'application/octet-stream',
        });
        if (r.status !== 200) throw serviceError(r);
        report = (JSON.parse(r.bytes.toString('utf8')) as MergeResponse).files[0];
      } catch (e) {
        report = failed(name, e instanceof Error ? e.message : String(e));
      }
      reports.push(report);
      if (!o.json) process.stdout.write(`[${i + 1}/${files.length}] ${name}\n${describeReport(report)}\n`);
      else process.stderr.write(`[${i + 1}/${files.length}] ${name} ${report.ok ? '完成' : '失败'}\n`);
    }
    if (o.json) process.stdout.write(`${JSON.stringify({ files: reports }, null, 2)}\n`);
    else {
      const ok = reports.filter((r) => r.ok).length;
      const sum = (k: keyof MergeFileReport['counts']) => reports.reduce((n, r) => n + r.counts[k], 0);
      process.stdout.write(
        `共 ${files.length} 个文件：成功 ${ok}，失败 ${files.length - ok}；合并 ${sum('merged')} 项，冲突 ${sum('conflicts')}，未匹配行 ${sum('unmatchedRows')}，未导入单元格 ${sum('ignoredCells')}（${((Date.now() - t0) / 1000).toFixed(1)} 秒）\n`,
      );
    }
    if (reports.some((r) => !r.ok)) process.exitCode = 1;
  });
}

function failed(file: string, message: string): MergeFileReport {
  return {
    file, ok: false, error: { code: 'FAILED', message }, unitId: null, unitName: null, unitFrom: null, kind: null, late: false, sheets: [],
    counts: { merged: 0, unchanged: 0, conflicts: 0, unmatchedRows: 0, ignoredCells: 0, rejected: 0, formulaCells: 0 },
    merged: [], conflicts: [], unmatchedRows: [], ignoredCells: [], rejected: [], formulaCells: [], matches: [],
  };
}
