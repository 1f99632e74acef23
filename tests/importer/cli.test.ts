// `fengong plan import` run for real, as a person would: the report, the JSON, and bad files.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_TABLE_PATH, importReferenceTable } from '../../server/readers/reference-plan';
import { layoutPerMeasure, layoutToXlsx } from './table-files';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'fengong.mjs');

// At most two CLI processes at a time: CI has two cores.
let running = 0;
const waiting: Array<() => void> = [];
async function slot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function fengong(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return slot(() => spawnFengong(args));
}

async function spawnFengong(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, FENGONG_DEBUG: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'fengong-cli-'));
const file = (name: string, content: Buffer | string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe.concurrent('fengong plan import', () => {
  const files: Record<string, string> = {};
  beforeAll(async () => {
    files.xlsx = file('分工表.xlsx', await layoutToXlsx('鲁南经济圈一体化发展重点任务分工表', layoutPerMeasure(importReferenceTable().plan)));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRows([
      ['2026年工作台账'],
      ['项目', '金额', '负责人', '备注'],
      ['道路', 100, '张三', ''],
    ]);
    files.noHeader = file('台账.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    files.noTableDocx = file('通知.docx', await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('关于报送进展情况的通知')] }] })));
    files.empty = file('empty.txt', '');
    files.prose = file('prose.txt', '这是一段说明文字，不是表格。\n第二行。\n');
    files.png = file('picture.xlsx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    files.truncated = file('broken.docx', (await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('x')] }] }))).subarray(0, 300));
  });

  it('prints a readable Chinese report with counts and warnings', async () => {
    const r = await fengong('plan', 'import', REFERENCE_TABLE_PATH);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('主要任务 26 项，具体举措 49 条，责任分工 137 条，责任单位 34 个');
    expect(r.stdout).toContain('鲁南4市政府 → 临沂市人民政府、枣庄市人民政府、济宁市人民政府、菏泽市人民政府');
    expect(r.stdout).toContain('需要人工核对 5 处');
    expect(r.stdout).toMatch(/UNITS_MEASURES_MISMATCH\] 第12项/);
  });

  let referenceJson: ReturnType<typeof fengong> | undefined;
  const referenceRun = () => (referenceJson ??= fengong('plan', 'import', REFERENCE_TABLE_PATH, '--json'));

  it('--json gives the canonical plan: every task and measure, four city governments, clean text', async () => {
    const r = await referenceRun();
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.title).toBe('鲁南经济圈一体化发展重点任务分工表');
    expect(json.tasks).toHaveLength(26);
    expect(json.tasks.map((t: { measures: unknown[] }) => t.measures.length)).toEqual([4, 1, 1, 1, 3, 2, 3, 5, 1, 2, 2, 1, 1, 1, 1, 1, 2, 1, 1, 3, 2, 1, 4, 1, 2, 2]);
    const m232 = json.tasks[22].measures[1];
    expect(m232.units).toEqual(['临沂市人民政府', '枣庄市人民政府', '济宁市人民政府', '菏泽市人民政府']);
    expect(json.tasks[25].measures[1].units[0]).toBe('省发展改革委');
    expect(r.stdout).not.toMatch(/4 4 市|先行 先试|2020 年/);
    expect(r.stdout).toContain('"title": "鼓励改革创新先行先试"');
    const names = json.units.map((u: { name: string }) => u.name);
    expect(names).toContain('枣庄市人民政府');
    expect(names).not.toContain('鲁南4市政府');
    expect(json.units.find((u: { name: string }) => u.name === '省有关部门').kind).toBe('placeholder_group');
    expect(json.warnings.some((w: { code: string; taskNo?: string }) => w.code === 'UNITS_MEASURES_MISMATCH' && w.taskNo === '12')).toBe(true);
    for (const t of json.tasks) for (const m of t.measures) expect(m.key).not.toBe(m.no);
  });

  it('an .xlsx of the table gives the same JSON as the .txt', async () => {
    const [a, b] = await Promise.all([referenceRun(), fengong('plan', 'import', files.xlsx, '--json')]);
    expect(b.code).toBe(0);
    const strip = (s: string) => {
      const j = JSON.parse(s);
      return { title: j.title, tasks: j.tasks.map((t: { no: string; title: string; measures: Array<{ key: string; text: string; units: string[] }> }) => [t.no, t.title, t.measures.map((m) => [m.key, m.text, m.units])]) };
    };
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
  });

  it.each([
    ['empty', 'EMPTY_FILE', '文件为空'],
    ['prose', 'NOT_A_TABLE', '没有找到分工表'],
    ['noTableDocx', 'NOT_A_TABLE', '没有找到分工表'],
    ['noHeader', 'NO_HEADER_ROW', '没有找到表头行'],
    ['png', 'UNSUPPORTED_FILE', 'PNG 图片'],
    ['truncated', 'UNREADABLE_FILE', '文件无法读取'],
  ])('a bad file (%s) exits non-zero with a clear message and no stack trace', async (name, code, text) => {
    const r = await fengong('plan', 'import', files[name]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`[${code}]`);
    expect(r.stderr).toContain(text);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  });

  it('a missing file is a clear error too', async () => {
    const r = await fengong('plan', 'import', join(dir, 'nope.xlsx'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('找不到文件');
  });
});
