// fengong export [-o FILE] [--period ID] [--paper A3|A4] [--mode rows|summary] [--unit ID] [--tasks 1,2] [--lagging]
// Downloads the consolidated table (.xlsx) from the service with a coordinator code
// (--server URL --code CODE, or FENGONG_SERVER / FENGONG_CODE), like the other office commands.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/messages';
import { consolidatedFileName, officeDate } from '../../shared/layout/file-names';
import { callApi, callService, periodIdOf, serviceError, withServiceOptions, type ServiceOpts } from './service-client';

interface ExportOpts extends ServiceOpts {
  period?: string;
  output?: string;
  paper: string;
  mode: string;
  unit?: string;
  tasks?: string;
  lagging?: boolean;
  format: string;
}

export function registerExport(program: Command): void {
  withServiceOptions(
    program
      .command('export')
      .description('导出落实情况汇总表（默认 .xlsx，A3 横向；也可 --format pdf|docx|html）')
      .option('-o, --output <file>', '输出文件（默认：落实情况汇总表-<期次名称>-<今天的日期>.<格式>，在当前文件夹）')
      .option('--paper <A3|A4>', '纸张', 'A3')
      .option('--mode <rows|summary>', 'rows：每个单位一行；summary：每条举措一行（汇总进展）', 'rows')
      .option('--unit <id>', '只导出一个单位')
      .option('--tasks <list>', '只导出这些任务序号，如 1,2')
      .option('--lagging', '只导出滞后的举措')
      .option('--format <xlsx|pdf|docx|html>', '格式', 'xlsx'),
  ).action(async (o: ExportOpts) => {
    const periodId = await periodIdOf(o, o.period);
    const query = { paper: o.paper.toUpperCase(), mode: o.mode, unit: o.unit, tasks: o.tasks, lagging: o.lagging ? '1' : undefined };
    const formats: Record<string, 'exportXlsx' | 'printPdf' | 'exportDocx' | 'printHtml' | undefined> = { xlsx: 'exportXlsx', pdf: 'printPdf', docx: 'exportDocx', html: 'printHtml' };
    const route = formats[o.format];
    if (!route) throw new AppError('INVALID_REQUEST', 400, `--format ${o.format}`);
    const r = await callService(o, route, { params: { periodId }, query });
    if (r.status !== 200) throw serviceError(r);
    const file = resolve(o.output ?? (await defaultName(o, periodId)));
    writeFileSync(file, r.bytes);
    process.stdout.write(`已导出 ${file}（${Math.round(r.bytes.length / 1024)} KB）\n`);
  });
}

/** The name the console gives the same download: the period's name and the office's date. */
async function defaultName(o: ExportOpts, periodId: string): Promise<string> {
  const { periods } = (await callApi(o, 'periods', {})) as { periods: { id: string; name: string }[] };
  const name = periods.find((p) => p.id === periodId)?.name ?? periodId;
  return consolidatedFileName(name, o.format, officeDate(), o.mode === 'summary' ? 'summary' : 'rows');
}
