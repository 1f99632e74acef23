// The task pane in a real headless Chromium, driving the UI against the strict fake Excel and the
// real service: loads, connects, lays out, syncs, shows and resolves a conflict. office.js's CDN URL
// is answered with the fake (no network); the pane's origin is routed to the built dist/ files and
// its /api calls to the in-process server. Screenshots go to artifacts/addin/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { extname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser } from '../helpers/browser';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { fakeExcelScript } from './fake-bundle';
import { measureRows, openInstance, colOf } from './harness';
import type { Entry } from '../../shared/model/progress';
import { sheetPreviewHtml } from './sheet-preview';
import { FakeExcelHost } from '../fakes/excel/host';

const ORIGIN = 'http://fengong.test';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const DIST = resolve('dist');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

/** Where webpack put the pane (the URL path under the origin). */
function panePath(): string {
  for (const p of ['taskpane.html', 'addin/taskpane.html']) if (existsSync(join(DIST, p))) return `/${p}`;
  throw new Error('dist has no taskpane.html — run the webpack build (tests/global-setup.ts does)');
}

let srv: TestServer;
let browser: Browser;
let page: Page;
let code: string;

async function route(p: Page): Promise<void> {
  const fake = await fakeExcelScript();
  await p.route('**/*', async (r) => {
    const url = new URL(r.request().url());
    if (url.href === OFFICE_JS) return r.fulfill({ status: 200, contentType: 'text/javascript', body: fake });
    if (url.origin !== ORIGIN) return r.abort('internetdisconnected'); // no network beyond the test
    if (url.pathname.startsWith('/api/')) {
      const res = await r.fetch({ url: srv.url + url.pathname + url.search });
      return r.fulfill({ response: res });
    }
    const file = join(DIST, decodeURIComponent(url.pathname));
    if (!file.startsWith(DIST) || !existsSync(file)) return r.fulfill({ status: 404, body: 'not found' });
    return r.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
}

const fakeCall = <T>(p: Page, fn: string, ...args: unknown[]) =>
  p.evaluate(([f, a]) => (window as unknown as Record<string, any>).__fakeExcel[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

/** Screenshot of a sheet rebuilt from its serialized fake state. */
async function previewShot(serialized: string, file: string): Promise<void> {
  const raw = JSON.parse(serialized);
  const host = new FakeExcelHost();
  const s = host.workbook.addSheet(raw.name);
  for (const [k, v] of raw.cells) s.cells.set(k, v);
  for (const [k, v] of raw.colWidths) s.colWidths.set(k, v);
  for (const [k, v] of raw.rowHeights) s.rowHeights.set(k, v);
  for (const c of raw.hiddenCols) s.hiddenCols.add(c);
  Object.assign(s, { merges: raw.merges, frozenRows: raw.frozenRows, protected: raw.protected, pageLayout: raw.pageLayout });
  const p = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await p.setContent(sheetPreviewHtml(s));
  await p.screenshot({ path: artifactPath('addin', file), fullPage: true });
  await p.close();
}

async function serverEntries(unitId: string): Promise<Entry[]> {
  const r = await api<{ entries: Entry[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/entries?since=0&unit=${encodeURIComponent(unitId)}`);
  return r.body.entries;
}

beforeAll(async () => {
  srv = await startTestServer();
  code = await srv.issueUnitCode('省交通运输厅', { person: '王五' });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 360, height: 760 }, locale: 'zh-CN' });
  await route(page);
});
afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('task pane in Chromium against the fake Excel', () => {
  it('where office.js cannot be loaded, the pane says so and points to the alternatives', async () => {
    const p = await browser.newPage({ viewport: { width: 360, height: 500 }, locale: 'zh-CN' });
    await route(p);
    await p.route(OFFICE_JS, (r) => r.abort('internetdisconnected'));
    await p.goto(ORIGIN + panePath());
    await expect.poll(() => p.locator('#message').textContent()).toContain('无法加载 Office 脚本');
    expect(await p.locator('#connect-screen').isHidden()).toBe(true);
    await p.screenshot({ path: artifactPath('addin', '00-no-office-js.png') });
    await p.close();
  });

  it('loads in Chinese without the CDN and connects with an access code', async () => {
    await page.goto(ORIGIN + panePath());
    await page.getByText('分工表协同填报').first().waitFor();
    expect(await page.locator('#server').inputValue()).toBe(ORIGIN);
    await page.screenshot({ path: artifactPath('addin', '01-connect.png') });
    await page.locator('#code').fill('错误的访问码');
    await page.getByRole('button', { name: '连接' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/访问码/);
    await page.locator('#code').fill(code);
    await page.getByRole('button', { name: '连接' }).click();
    await page.locator('#work-screen').waitFor({ state: 'visible' });
    expect(await page.locator('#who').textContent()).toContain('省交通运输厅');
    expect(await page.locator('#period option:checked').textContent()).toBe('2026年下半年');
    await expect.poll(() => page.locator('#status-line').textContent()).toContain('尚未生成填报表'); // set once the sheet was read
  });

  it('lays out the unit sheet', async () => {
    await page.getByRole('button', { name: '生成本单位填报表' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/已生成工作表“省交通运输厅”，共 5 行/);
    const sheet = await page.evaluate(() => {
      const h = (window as unknown as Record<string, any>).__fakeExcel;
      const s = h.mustSheet('省交通运输厅');
      return { protected: s.protected, frozen: s.frozenRows, header: [0, 1, 2, 3, 4, 5].map((c) => String(s.valueAt(3, c))), syncs: h.syncs };
    });
    expect(sheet).toMatchObject({ protected: true, frozen: 4, header: ['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况'] });
    expect(await page.locator('#status-line').textContent()).toContain('待同步修改：0 处');
    await page.screenshot({ path: artifactPath('addin', '02-laid-out.png') });
    // a picture of the sheet itself (rebuilt from the page's fake workbook)
    const state = await page.evaluate(() => {
      const s = (window as unknown as Record<string, any>).__fakeExcel.mustSheet('省交通运输厅');
      return JSON.stringify({ ...s, cells: [...s.cells], colWidths: [...s.colWidths], rowHeights: [...s.rowHeights], hiddenCols: [...s.hiddenCols] });
    });
    await previewShot(state, '02-sheet-unit.png');
  });

  it('an edit in the sheet shows as pending (onChanged hint), and 同步 sends it', async () => {
    await fakeCall(page, 'type', '省交通运输厅', 4, 5, '曲阜至菏泽段主体工程完工。');
    await fakeCall(page, 'type', '省交通运输厅', 4, 4, '推进中');
    await expect.poll(() => page.locator('#status-line').textContent(), { timeout: 5000 }).toContain('待同步修改：2 处');
    await page.screenshot({ path: artifactPath('addin', '03-pending.png') });
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/同步完成：上传 2 处/);
    expect(await page.locator('#status-line').textContent()).toContain('待同步修改：0 处');
    const e = (await serverEntries('省交通运输厅')).find((x) => x.fields.progress?.value === '曲阜至菏泽段主体工程完工。');
    expect(e?.fields.status?.value).toBe('推进中');
    await page.screenshot({ path: artifactPath('addin', '04-synced.png') });
  });

  it('a conflict with a colleague shows both texts; 用我的 resolves it', async () => {
    const other = await openInstance(srv.url, await srv.issueUnitCode('省交通运输厅', { person: '赵六' }));
    await other.session.layout();
    const rows = await measureRows(other, '省交通运输厅');
    const r = rows.get('1.2')!;
    const c = colOf(other.fake, '省交通运输厅', '存在问题');
    other.fake.type('省交通运输厅', r, c, '赵六：征地拆迁进度慢。');
    await other.session.sync();
    await fakeCall(page, 'type', '省交通运输厅', r, c, '王五：资金到位不足。');
    await page.getByRole('button', { name: '同步' }).click();
    await page.locator('#conflicts-panel').waitFor({ state: 'visible' });
    const text = await page.locator('#conflicts').textContent();
    expect(text).toContain('王五：资金到位不足。');
    expect(text).toContain('赵六：征地拆迁进度慢。');
    expect(text).toContain('举措 1.2 · 存在问题');
    expect(await page.locator('#status-line').textContent()).toContain('冲突：1 处');
    await page.screenshot({ path: artifactPath('addin', '05-conflict.png'), fullPage: true });
    await page.getByRole('button', { name: '用我的' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/已处理冲突/);
    expect(await page.locator('#conflicts-panel').isHidden()).toBe(true);
    const e = (await serverEntries('省交通运输厅')).find((x) => x.fields.problems?.value === '王五：资金到位不足。');
    expect(e).toBeTruthy();
    await page.screenshot({ path: artifactPath('addin', '06-resolved.png') });
  });

  it('coordinator mode in the pane: 生成汇总表, no 同步/报送', async () => {
    const p = await browser.newPage({ viewport: { width: 360, height: 600 }, locale: 'zh-CN' });
    await route(p);
    await p.goto(ORIGIN + panePath());
    await p.locator('#code').fill(srv.coordinatorCode);
    await p.getByRole('button', { name: '连接' }).click();
    await p.locator('#work-screen').waitFor({ state: 'visible' });
    expect(await p.locator('#who').textContent()).toBe('协调办公室');
    expect(await p.locator('#sync').isHidden()).toBe(true);
    expect(await p.locator('#submit').isHidden()).toBe(true);
    await p.getByRole('button', { name: '生成汇总表' }).click();
    await expect.poll(() => p.locator('#message').textContent()).toMatch(/已生成工作表“汇总表”，共 \d+ 行/);
    const info = await p.evaluate(() => {
      const s = (window as unknown as Record<string, any>).__fakeExcel.mustSheet('汇总表');
      return { protected: s.protected, titles: s.pageLayout.printTitleRows, paper: s.pageLayout.paperSize };
    });
    expect(info).toEqual({ protected: true, titles: '$2:$2', paper: 'A3' }); // title, then the header row
    await p.screenshot({ path: artifactPath('addin', '09-coordinator.png') });
    await p.close();
  });

  it('coordinator mode: 合并回收的工作簿 merges picked files one by one and reports each', async () => {
    const unit = '枣庄市人民政府';
    const res = await fetch(`${srv.url}/api/periods/${srv.periodId}/templates/${encodeURIComponent(unit)}.xlsx`, { headers: { authorization: `Bearer ${srv.coordinatorCode}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    let header = 0;
    let col = 0;
    ws.eachRow((row, n) => {
      if (header) return;
      row.eachCell((cell, c) => {
        if (String(cell.value) === '进展情况') [header, col] = [n, c];
      });
    });
    expect(header).toBeGreaterThan(0);
    const text = '枣庄市：任务分解方案已印发，正在逐项推进。';
    ws.getRow(header + 1).getCell(col).value = text; // the hidden key column stays as it came
    const good = artifactPath('addin', '枣庄市人民政府-填报表.xlsx');
    writeFileSync(good, Buffer.from(await wb.xlsx.writeBuffer()));
    const bad = artifactPath('addin', '不是工作簿.xlsx');
    writeFileSync(bad, 'this is not a zip');

    const p = await browser.newPage({ viewport: { width: 360, height: 760 }, locale: 'zh-CN' });
    await route(p);
    await p.goto(ORIGIN + panePath());
    expect(await p.locator('#merge-panel').isHidden()).toBe(true);
    await p.locator('#code').fill(srv.coordinatorCode);
    await p.getByRole('button', { name: '连接' }).click();
    await p.locator('#merge-panel').waitFor({ state: 'visible' });
    expect(await p.locator('#merge-title').textContent()).toBe('合并回收的工作簿');
    // progress is shown file by file
    const seen: string[] = [];
    await p.exposeFunction('__progress', (t: string) => seen.push(t));
    await p.evaluate(() => {
      const el = document.getElementById('merge-progress')!;
      new MutationObserver(() => (window as unknown as { __progress: (t: string) => void }).__progress(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await p.setInputFiles('#merge-files', [good, bad]);
    // the first file also starts the service's file worker: give it time on a busy machine
    await expect.poll(() => p.locator('#merge-progress').textContent(), { timeout: 20_000 }).toBe('已处理 2 个文件：1 个已合并，1 个未合并。');
    expect(seen.some((t) => t.startsWith('正在合并 1/2'))).toBe(true);
    expect(seen.some((t) => t.startsWith('正在合并 2/2'))).toBe(true);

    const ok = p.locator('.merge-report[data-file="枣庄市人民政府-填报表.xlsx"]');
    expect(await ok.locator('.tag').textContent()).toBe('已合并');
    expect(await ok.textContent()).toContain(`填报单位：${unit}`);
    expect(Number(await ok.locator('[data-count="merged"] b').textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await ok.locator('[data-count="conflicts"] b').textContent())).toBe(0);
    expect(Number(await ok.locator('[data-count="unmatched"] b').textContent())).toBe(0);

    const no = p.locator('.merge-report[data-file="不是工作簿.xlsx"]');
    expect(await no.locator('.tag').textContent()).toBe('未合并');
    const msg = (await no.locator('.error').textContent()) ?? '';
    expect(msg).toMatch(/[\u4e00-\u9fa5]/);
    expect(msg).not.toMatch(/at \w+ \(|Error:|HTTP_/);
    await p.screenshot({ path: artifactPath('addin', '10-coordinator-merge.png'), fullPage: true });

    // the value arrived in the service
    const e = (await serverEntries(unit)).find((x) => x.fields.progress?.value === text);
    expect(e).toBeTruthy();
    // the same file again: nothing new
    await p.setInputFiles('#merge-files', good);
    await expect.poll(() => p.locator('#merge-progress').textContent()).toBe('已处理 1 个文件：1 个已合并。');
    expect(Number(await ok.locator('[data-count="merged"] b').textContent())).toBe(0);
    expect(Number(await ok.locator('[data-count="unchanged"] b').textContent())).toBeGreaterThanOrEqual(1);
    await p.close();
  });

  it('coordinator mode: a file that does not say whose it is gets a unit picker, and is merged for the chosen unit', async () => {
    // a hand-made table: the plan's columns, no key column, no 填报单位, a file name naming no unit
    const { assignments } = await api<{ assignments: { measureNo: string; measureText: string }[] }>(srv.url, await srv.issueUnitCode('枣庄市人民政府'), 'GET', `/api/periods/${srv.periodId}/assignments`).then((r) => r.body);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['序号', '具体举措', '存在问题']);
    const m = assignments.at(-1)!;
    ws.addRow([m.measureNo, m.measureText, '手工表格：专项资金尚未到位。']);
    const file = artifactPath('addin', '回收表.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    const p = await browser.newPage({ viewport: { width: 360, height: 760 }, locale: 'zh-CN' });
    await route(p);
    await p.goto(ORIGIN + panePath());
    await p.locator('#code').fill(srv.coordinatorCode);
    await p.getByRole('button', { name: '连接' }).click();
    await p.locator('#merge-panel').waitFor({ state: 'visible' });
    await p.setInputFiles('#merge-files', file);
    const card = p.locator('.merge-report[data-file="回收表.xlsx"]');
    await card.locator('.unit-pick select').waitFor();
    expect(await card.locator('.tag').textContent()).toBe('未合并');
    await expect.poll(() => card.locator('.unit-pick option').count()).toBeGreaterThan(10);
    await card.locator('.unit-pick select').selectOption('枣庄市人民政府');
    await p.screenshot({ path: artifactPath('addin', '11-unit-picker.png'), fullPage: true });
    await card.getByRole('button', { name: '按所选单位合并' }).click();
    const merged = p.locator('.merge-report[data-file="回收表.xlsx"]');
    await expect.poll(() => merged.locator('.tag').textContent()).toBe('已合并');
    expect(await merged.textContent()).toContain('填报单位：枣庄市人民政府');
    expect((await serverEntries('枣庄市人民政府')).some((e) => e.fields.problems?.value === '手工表格：专项资金尚未到位。')).toBe(true);
    await p.close();
  });

  it('coordinator mode: the consolidated table, read-only and set up for print (picture)', async () => {
    const coord = await openInstance(srv.url, srv.coordinatorCode);
    const rep = await coord.session.layout();
    const sheet = coord.fake.mustSheet(rep.sheetName);
    expect(sheet.protected).toBe(true);
    const ser = JSON.stringify({ ...sheet, cells: [...sheet.cells], colWidths: [...sheet.colWidths], rowHeights: [...sheet.rowHeights], hiddenCols: [...sheet.hiddenCols] });
    await previewShot(ser, '08-sheet-consolidated.png');
  });

  it('offline: the status says so and the edit waits in the workbook', async () => {
    await page.route(`${ORIGIN}/api/**`, (r) => r.abort('internetdisconnected'));
    await fakeCall(page, 'type', '省交通运输厅', 4, 7, '下步：加快兰考段建设。');
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/离线/);
    expect(await page.locator('#status-line').textContent()).toMatch(/待同步修改：1 处.*离线/);
    await page.screenshot({ path: artifactPath('addin', '07-offline.png') });
    await page.unroute(`${ORIGIN}/api/**`);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/同步完成：上传 1 处/);
    expect(await page.locator('#status-line').textContent()).toMatch(/在线/);
  });
});
