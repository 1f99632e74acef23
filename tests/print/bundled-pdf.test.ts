// A fresh machine: the service's print.pdf with the Chromium that comes with npm ci and no font
// installed at all (a fontconfig that lists none) — the Chinese text comes from the bundled Noto
// fonts, embedded in the PDF as subset CID TrueType fonts, and the service logs which browser printed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { referencePlan, startTestServer, type TestServer } from '../helpers/server';
import { artifactPath } from '../helpers/browser';
import { pdfPageToPng, readPdf } from '../helpers/pdf';
import { download } from '../workbooks/helpers';
import { applyChanges } from '../../server/services/sync';
import { closePdfBrowser } from '../../server/workbooks/pdf';
import { BUNDLED_PLATFORM } from '../../server/browser/bundled-chromium';

const UNIT = '枣庄市人民政府';
const plan = referencePlan();
const task = plan.tasks.find((t) => t.measures.some((m) => m.assignments.some((a) => a.unitId === UNIT)))!;
const measure = task.measures.find((m) => m.assignments.some((a) => a.unitId === UNIT))!;
const PROGRESS = '枣庄机场项目已完成选址报告，正在开展可行性研究。';

describe.runIf(BUNDLED_PLATFORM)('print.pdf on a machine with neither a system browser nor fonts (the npm Chromium, Linux x64)', () => {
  let dir: string;
  const logs: Array<Record<string, unknown>> = [];
  let s: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fengong-nofonts-'));
    const noFonts = join(dir, 'no-fonts.conf');
    writeFileSync(noFonts, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    vi.stubEnv('FENGONG_CHROMIUM', 'bundled');
    vi.stubEnv('FONTCONFIG_FILE', noFonts);
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    s = await startTestServer({ logger: pino({ level: 'info' }, sink) });
    await applyChanges(s.ctx, {
      periodId: s.periodId,
      changes: [{ changeId: 'bundled-pdf-0001', measureKey: measure.key, unitId: UNIT, field: 'progress', baseRev: 0, value: PROGRESS }],
      actor: { role: 'unit', unitId: UNIT, codeId: null, label: '测试' },
      source: 'addin',
    });
  });

  afterAll(async () => {
    await closePdfBrowser();
    await s?.close();
    vi.unstubAllEnvs();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the title, the units and their text in the bundled fonts, embedded as subset CID TrueType', async () => {
    const r = await download(s, `/api/periods/${s.periodId}/print.pdf?tasks=1,${task.no}`);
    expect(r.status).toBe(200);
    writeFileSync(artifactPath('print', 'bundled-fonts.pdf'), r.bytes);
    await pdfPageToPng(r.bytes, 1, artifactPath('print', 'bundled-fonts-1.png'), 80);

    const pages = await readPdf(r.bytes);
    const text = pages.map((p) => p.text).join('').replace(/\s+/g, '');
    expect(text).toContain('鲁南经济圈一体化发展重点任务落实情况汇总表');
    expect(text).toContain('枣庄市政府');
    expect(text).toContain('省交通运输厅');
    expect(text).toContain(PROGRESS);
    expect(text).toContain('—1—');

    const fonts = pages.flatMap((p) => p.fonts);
    expect(fonts.length).toBeGreaterThan(3);
    for (const f of fonts) {
      expect(f, f.name).toMatchObject({ embedded: true, type3: false });
      // a subset (ABCDEF+) of a bundled face; the names say "ExtraLight"/"Thin" because Google
      // cut the 400-weight slices from the variable fonts and kept the default instance's name.
      expect(f.name).toMatch(/^[A-Z]{6}\+Noto(Serif|Sans)SC/);
    }
    expect(fonts.some((f) => f.name.includes('NotoSerifSC'))).toBe(true); // body, title
    expect(fonts.some((f) => f.name.includes('NotoSansSC'))).toBe(true); // header row

    expect(logs.find((l) => l.msg === 'print-to-PDF browser started')).toMatchObject({ browser: 'bundled', version: expect.stringMatching(/^147\./) });
  });
});
