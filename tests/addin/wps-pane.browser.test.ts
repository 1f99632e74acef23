// The WPS 表格 add-in in a real headless Chromium against the strict fake WPS and the real service,
// as the Excel pane is tested: the ribbon page opens the task pane; the pane connects, lays out,
// syncs, shows a conflict, finds its cell and resolves it, submits with 审签 and shows the office's 退回. WPS's globals (`Application`, `wps`) are
// installed by the fake before the page's scripts run; the pages come from dist/wps as built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser } from '../helpers/browser';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { fakeWpsScript } from './fake-bundle';
import { colOf, measureRows, openInstance } from './harness';
import type { Entry } from '../../shared/model/progress';

const ORIGIN = 'http://fengong.test';
const DIST = resolve('dist');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.png': 'image/png', '.xml': 'application/xml' };
const UNIT = '济宁市人民政府';
const SHEET = '济宁市政府'; // the unit's short name

let srv: TestServer;
let browser: Browser;

async function open(withWps = true, viewport = { width: 360, height: 760 }): Promise<Page> {
  const p = await browser.newPage({ viewport, locale: 'zh-CN' });
  if (withWps) await p.addInitScript({ content: await fakeWpsScript() });
  await p.route('**/*', async (r) => {
    const url = new URL(r.request().url());
    if (url.origin !== ORIGIN) return r.abort('internetdisconnected');
    if (url.pathname.startsWith('/api/')) return r.fulfill({ response: await r.fetch({ url: srv.url + url.pathname + url.search }) });
    const file = join(DIST, decodeURIComponent(url.pathname));
    if (!file.startsWith(DIST) || !existsSync(file)) return r.fulfill({ status: 404, body: 'not found' });
    return r.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  return p;
}

const wps = <T>(p: Page, fn: string, ...args: unknown[]) =>
  p.evaluate(([f, a]) => (window as unknown as Record<string, any>).__fakeWps[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

async function serverEntries(unitId: string): Promise<Entry[]> {
  const r = await api<{ entries: Entry[] }>(srv.url, srv.coordinatorCode, 'GET', `/api/periods/${srv.periodId}/entries?since=0&unit=${encodeURIComponent(unitId)}`);
  return r.body.entries;
}

beforeAll(async () => {
  if (!existsSync(join(DIST, 'wps/taskpane.html'))) throw new Error('dist/wps is not built — tests/global-setup.ts runs webpack');
  srv = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('WPS 表格 add-in in Chromium against the fake WPS', () => {
  it('the ribbon button opens the task pane once, then toggles it (synchronous callbacks)', async () => {
    const p = await open();
    await p.goto(`${ORIGIN}/wps/index.html`);
    const out = await p.evaluate(() => {
      const w = window as unknown as Record<string, any>;
      const loaded = w.OnAddinLoad({ name: 'ribbon' });
      const first = w.OnAction({ Id: 'fengongShowPane' });
      const panes = w.__fakeWps.taskPanes.map((x: { url: string; Visible: boolean }) => ({ url: x.url, visible: x.Visible }));
      w.OnAction({ Id: 'fengongShowPane' });
      return { loaded, first, panes, after: w.__fakeWps.taskPanes.map((x: { Visible: boolean }) => x.Visible), image: w.GetImage({ Id: 'fengongShowPane' }) };
    });
    expect(out).toEqual({ loaded: true, first: true, panes: [{ url: `${ORIGIN}/wps/taskpane.html`, visible: true }], after: [false], image: 'images/icon-32.png' });
    await p.close();
  });

  it('outside WPS the pane says where to open it', async () => {
    const p = await open(false, { width: 360, height: 400 });
    await p.goto(`${ORIGIN}/wps/taskpane.html`);
    await expect.poll(() => p.locator('#message').textContent()).toContain('WPS 表格');
    expect(await p.locator('#connect-screen').isHidden()).toBe(true);
    await p.close();
  });

  it('济宁市人民政府 (story 9): connect, lay out, fill, 同步; a colleague’s conflict shown, found and resolved', async () => {
    const code = await srv.issueUnitCode(UNIT, { person: '孙七' });
    const page = await open();
    await page.goto(`${ORIGIN}/wps/taskpane.html`);
    expect(await page.locator('#server').inputValue()).toBe(ORIGIN);
    await page.locator('#code').fill(code);
    await page.getByRole('button', { name: '连接' }).click();
    await page.locator('#work-screen').waitFor({ state: 'visible' });
    expect(await page.locator('#who').textContent()).toContain(UNIT);
    await page.screenshot({ path: artifactPath('addin', 'wps-01-connected.png') });

    await page.getByRole('button', { name: '生成本单位填报表' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(new RegExp(`已生成工作表“${SHEET}”`));
    const sheet = await page.evaluate((name) => {
      const s = (window as unknown as Record<string, any>).__fakeWps.mustSheet(name);
      return { protected: s.protected, frozen: s.frozenRows, header: [0, 1, 2, 3, 4, 5].map((c) => String(s.valueAt(3, c))), hasState: !!(window as any).__fakeWps.workbook.sheet('fengong_state') };
    }, SHEET);
    expect(sheet).toMatchObject({ protected: true, frozen: 4, header: ['序号', '主要任务', '具体举措', '责任单位', '完成状态', '进展情况'], hasState: true });

    await wps(page, 'type', SHEET, 4, 5, '济宁：任务分解方案已印发。');
    await wps(page, 'type', SHEET, 4, 4, '推进中');
    await expect.poll(() => page.locator('#status-line').textContent(), { timeout: 5000 }).toContain('待同步修改：2 处');
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/同步完成：上传 2 处/);
    expect((await serverEntries(UNIT)).some((e) => e.fields.progress?.value === '济宁：任务分解方案已印发。' && e.fields.status?.value === '推进中')).toBe(true);
    await page.screenshot({ path: artifactPath('addin', 'wps-02-synced.png') });

    // a colleague (in Excel) saves the same field first
    const other = await openInstance(srv.url, await srv.issueUnitCode(UNIT, { person: '周八' }));
    await other.session.layout();
    const rows = await measureRows(other, SHEET);
    const [no, r] = [...rows.entries()][1];
    const c = colOf(other.fake, SHEET, '存在问题');
    other.fake.type(SHEET, r, c, '周八：资金缺口大。');
    await other.session.sync();
    await wps(page, 'type', SHEET, r, c, '孙七：用地指标紧张。');
    await page.getByRole('button', { name: '同步' }).click();
    await page.locator('#conflicts-panel').waitFor({ state: 'visible' });
    const text = await page.locator('#conflicts').textContent();
    expect(text).toContain('孙七：用地指标紧张。');
    expect(text).toContain('周八：资金缺口大。');
    expect(text).toContain(`举措 ${no} · 存在问题`);
    await page.getByRole('button', { name: '定位' }).click();
    await expect.poll(() => page.evaluate(() => (window as any).__fakeWps.selection)).toEqual({ sheet: SHEET, area: { top: r, left: c, bottom: r, right: c } });
    await page.screenshot({ path: artifactPath('addin', 'wps-03-conflict.png'), fullPage: true });
    await page.getByRole('button', { name: '用我的' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/已处理冲突/);
    expect(await page.locator('#conflicts-panel').isHidden()).toBe(true);
    expect((await serverEntries(UNIT)).some((e) => e.fields.problems?.value === '孙七：用地指标紧张。')).toBe(true);

    // offline: the edit waits in the workbook, then goes out
    await page.route(`${ORIGIN}/api/**`, (rt) => rt.abort('internetdisconnected'));
    await wps(page, 'type', SHEET, 4, 7, '下步：推进项目落地。');
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/离线/);
    expect(await page.locator('#status-line').textContent()).toMatch(/待同步修改：1 处.*离线/);
    await page.unroute(`${ORIGIN}/api/**`);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/同步完成：上传 1 处/);
    await page.locator('#signed-by').fill('吴局长'); // 审签 is asked at 报送
    await page.getByRole('button', { name: '报送' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/已报送.*审签：吴局长/);
    await page.screenshot({ path: artifactPath('addin', 'wps-04-submitted.png') });

    // the office returns the whole submission: the WPS pane (same core) shows the reason after 同步
    const back = await api(srv.url, srv.coordinatorCode, 'POST', `/api/admin/periods/${srv.periodId}/units/${encodeURIComponent(UNIT)}/review`, { decision: 'return', reason: '请补充各项举措的资金落实情况。' });
    expect(back.status).toBe(200);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#return-notice').textContent()).toContain('协调办公室已退回本单位的报送');
    expect(await page.locator('#return-notice').textContent()).toContain('退回意见：请补充各项举措的资金落实情况。');
    expect(await page.locator('.entry-notice .return-reason').count()).toBe(0); // a whole return is said once, not per entry
    await page.screenshot({ path: artifactPath('addin', 'wps-05-returned.png'), fullPage: true });
    await page.close();
  });
});
