// Issue 11's story in the task pane (real Chromium, the strict fake Excel, the real service): the
// unit submits with its 审签 → the office returns one entry with a reason (API) → the pane shows the
// reason and which entry → the unit edits, syncs and resubmits → the notice is gone, and after the
// office approves the pane says 审核通过. Also: the entry's 佐证材料 listed with a download link that
// gives the same bytes; an entry 办结 while the unit had typed there: the sync says the text was not
// sent because the measure is closed and the pane shows the text in full; laid out again, that row
// is locked. Screenshots in artifacts/addin/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser } from '../helpers/browser';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { fakeExcelScript } from './fake-bundle';
import { decodeRowKey } from '../../shared/layout/keys';

const ORIGIN = 'http://fengong.test';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const DIST = resolve('dist');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
const UNIT = '省交通运输厅';
const SHEET = UNIT;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');

let srv: TestServer;
let browser: Browser;
let page: Page;
let code: string;
/** measure 序号 → key, for this unit */
let keys: Map<string, string>;

function panePath(): string {
  for (const p of ['taskpane.html', 'addin/taskpane.html']) if (existsSync(join(DIST, p))) return `/${p}`;
  throw new Error('dist has no taskpane.html — run the webpack build (tests/global-setup.ts does)');
}

async function route(p: Page): Promise<void> {
  const fake = await fakeExcelScript();
  await p.route('**/*', async (r) => {
    const url = new URL(r.request().url());
    if (url.href === OFFICE_JS) return r.fulfill({ status: 200, contentType: 'text/javascript', body: fake });
    if (url.origin !== ORIGIN) return r.abort('internetdisconnected');
    if (url.pathname.startsWith('/api/')) return r.fulfill({ response: await r.fetch({ url: srv.url + url.pathname + url.search }) });
    const file = join(DIST, decodeURIComponent(url.pathname));
    if (!file.startsWith(DIST) || !existsSync(file)) return r.fulfill({ status: 404, body: 'not found' });
    return r.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
}

const fake = <T>(fn: string, ...args: unknown[]) =>
  page.evaluate(([f, a]) => (window as unknown as Record<string, any>).__fakeExcel[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

/** What the page's fake workbook holds in a cell. */
const valueAt = (r: number, c: number) =>
  page.evaluate(([sheet, rr, cc]) => String((window as unknown as Record<string, any>).__fakeExcel.mustSheet(sheet).valueAt(rr, cc)), [SHEET, r, c] as const);

/** 0-based sheet row of a measure 序号 (through the hidden key column), and a column by its header (row 3). */
async function cellOf(no: string, header: string): Promise<{ r: number; c: number }> {
  const grid = await page.evaluate((sheet) => {
    const s = (window as unknown as Record<string, any>).__fakeExcel.mustSheet(sheet);
    const u = s.usedRange(true);
    const rows: string[][] = [];
    for (let r = 0; r <= u.bottom; r++) rows.push(Array.from({ length: u.right + 1 }, (_, c) => String(s.valueAt(r, c))));
    return rows;
  }, SHEET);
  const c = grid[3].indexOf(header);
  const keyCol = grid[0].length - 1;
  const r = grid.findIndex((row) => decodeRowKey(row[keyCol])?.measureKey === keys.get(no));
  if (c < 0 || r < 0) throw new Error(`no cell for ${no} ${header}`);
  return { r, c };
}

const office = (method: string, path: string, body?: unknown) => api(srv.url, srv.coordinatorCode, method, path, body);
const message = () => page.locator('#message').textContent();

/** Sign in; again: 断开连接 first (the page, and with it the fake workbook, stays). */
async function connect(first: boolean): Promise<void> {
  if (first) await page.goto(ORIGIN + panePath());
  else {
    await page.getByRole('button', { name: '断开连接' }).click();
    expect(await page.locator('#return-notice').count()).toBe(0); // drawn anew after sign-in, not left from before
  }
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: '连接' }).click();
  await page.locator('#work-screen').waitFor({ state: 'visible' });
}

beforeAll(async () => {
  srv = await startTestServer();
  code = await srv.issueUnitCode(UNIT, { person: '王五' });
  const { assignments } = (await api<{ assignments: { measureNo: string; measureKey: string }[] }>(srv.url, code, 'GET', `/api/periods/${srv.periodId}/assignments`)).body;
  keys = new Map(assignments.map((a) => [a.measureNo, a.measureKey]));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 360, height: 900 }, locale: 'zh-CN' });
  await route(page);
});
afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('审签 → 报送 → 退回 → 重新报送 → 通过, in the task pane', () => {
  it('the unit fills, and 报送 asks for the 审签人 before it submits', async () => {
    await connect(true);
    expect(await page.locator('#cycle-panel').isHidden()).toBe(true); // nothing to say yet
    await page.getByRole('button', { name: '生成本单位填报表' }).click();
    await expect.poll(message).toMatch(/已生成工作表/);
    const { r, c } = await cellOf('1.2', '进展情况');
    await fake('type', SHEET, r, c, '征迁工作已完成80%。');
    await page.getByRole('button', { name: '报送' }).click();
    await expect.poll(message).toContain('请填写审签人');
    expect((await office('GET', `/api/periods/${srv.periodId}/review?unit=${encodeURIComponent(UNIT)}`)).body.state).toBe('not-submitted');
    await page.locator('#signed-by').fill('李厅长');
    await page.getByRole('button', { name: '报送' }).click();
    await expect.poll(message).toMatch(/已报送（.*审签：李厅长）/);
    const review = (await office('GET', `/api/periods/${srv.periodId}/review?unit=${encodeURIComponent(UNIT)}`)).body;
    expect(review).toMatchObject({ state: 'submitted', signedBy: '李厅长' });
    expect(await page.locator('#submitted-notice').textContent()).toContain('审签：李厅长');
  });

  it('the office returns entry 1.2 with a reason: after 同步 the pane shows it, and which entry', async () => {
    const res = await office('POST', `/api/admin/periods/${srv.periodId}/units/${encodeURIComponent(UNIT)}/review`, {
      decision: 'return', reason: '进展情况过于笼统，请补充具体完成的工程量。', measureKeys: [keys.get('1.2')],
    });
    expect(res.status).toBe(200);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#return-notice').count()).toBe(1);
    const notice = await page.locator('#return-notice').textContent();
    expect(notice).toContain('协调办公室已退回本单位报送中的 1 项举措');
    expect(notice).toContain('退回意见：进展情况过于笼统，请补充具体完成的工程量。');
    const card = page.locator(`.entry-notice[data-measure="${keys.get('1.2')}"]`);
    expect(await card.locator('h3').textContent()).toBe('举措 1.2');
    expect(await card.locator('.return-reason').textContent()).toBe('退回意见：进展情况过于笼统，请补充具体完成的工程量。');
    // only the named entry carries the reason
    expect(await page.locator('.entry-notice .return-reason').count()).toBe(1);
    expect(await page.locator('#submit').textContent()).toBe('重新报送');
    await page.screenshot({ path: artifactPath('addin', 'review-01-returned.png'), fullPage: true });
  });

  it('signing in again shows the same return notice', async () => {
    await connect(false);
    await expect.poll(() => page.locator('#return-notice').textContent()).toContain('进展情况过于笼统');
    await expect.poll(() => page.locator('#signed-by').inputValue()).toBe('李厅长'); // the last signer is offered
  });

  it('the unit edits and resubmits: the notice clears; the office approves: the pane says so', async () => {
    const { r, c } = await cellOf('1.2', '进展情况');
    await fake('type', SHEET, r, c, '征迁工作已完成80%，完成路基土方120万立方米。');
    await page.getByRole('button', { name: '重新报送' }).click();
    await expect.poll(message).toMatch(/已报送/);
    await expect.poll(() => page.locator('#return-notice').count()).toBe(0);
    expect(await page.locator('.entry-notice .return-reason').count()).toBe(0);
    expect(await page.locator('#submit').textContent()).toBe('报送');
    expect((await srv.field(keys.get('1.2')!, UNIT, 'progress'))?.value).toBe('征迁工作已完成80%，完成路基土方120万立方米。');
    const review = (await office('GET', `/api/periods/${srv.periodId}/review?unit=${encodeURIComponent(UNIT)}`)).body;
    expect(review).toMatchObject({ state: 'submitted', resubmitted: true });
    expect((await office('POST', `/api/admin/periods/${srv.periodId}/units/${encodeURIComponent(UNIT)}/review`, { decision: 'approve' })).status).toBe(200);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(() => page.locator('#approved-notice').textContent()).toContain('审核通过');
    expect(await page.locator('#return-notice').count()).toBe(0);
    await page.screenshot({ path: artifactPath('addin', 'review-02-approved.png'), fullPage: true });
  });
});

describe('佐证材料 in the task pane', () => {
  it("lists the entry's evidence with a link that downloads the same bytes", async () => {
    const mk = keys.get('1.3')!;
    const up = await fetch(`${srv.url}/api/periods/${srv.periodId}/evidence?measure=${encodeURIComponent(mk)}`, {
      method: 'POST', headers: { authorization: `Bearer ${code}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('施工进度表.pdf') }, body: PDF,
    });
    expect(up.status).toBe(200);
    await page.getByRole('button', { name: '同步' }).click();
    const card = page.locator(`.entry-notice[data-measure="${mk}"]`);
    await expect.poll(() => card.locator('.evidence-link').allTextContents()).toEqual(['施工进度表.pdf']);
    const [download] = await Promise.all([page.waitForEvent('download'), card.locator('.evidence-link').click()]);
    expect(download.suggestedFilename()).toBe('施工进度表.pdf');
    expect(readFileSync((await download.path())!).equals(PDF)).toBe(true);
    await page.screenshot({ path: artifactPath('addin', 'review-03-evidence.png'), fullPage: true });
  });
});

describe('办结 entries in the add-in', () => {
  it('text typed before the office closed the entry is not sent, said so, shown in full, and kept in the sheet', async () => {
    const mk = keys.get('1.4')!;
    const { r, c } = await cellOf('1.4', '存在问题');
    const typed = '机场航站楼用地指标尚未落实。';
    await fake('type', SHEET, r, c, typed);
    expect((await office('POST', `/api/admin/periods/${srv.periodId}/close-measure`, { measureKey: mk, unitId: UNIT, note: '已完成' })).status).toBe(200);
    await page.getByRole('button', { name: '同步' }).click();
    await expect.poll(message).toContain('1 处修改未发送：举措 1.4 已由协调办公室确认办结');
    expect(await srv.field(mk, UNIT, 'problems')).toBeUndefined(); // nothing written
    expect(await valueAt(r, c)).toBe(typed);
    await expect.poll(() => page.locator('#closed-edits-notice').textContent()).toContain('1 处修改属于已办结的举措，不会发送');
    expect(await page.locator(`#closed-edits-notice .closed-edit[data-measure="${mk}"]`).textContent()).toBe(typed);
    expect(await page.locator('#status-line').textContent()).toContain('其中 1 处属已办结举措，不会发送');
    const card = page.locator(`.entry-notice[data-measure="${mk}"]`);
    expect(await card.locator('.closed-tag').textContent()).toBe('已办结');
    await page.screenshot({ path: artifactPath('addin', 'review-04-closed.png'), fullPage: true });
  });

  it('laid out again, the 办结 row is marked and locked (typing there is refused), others stay editable', async () => {
    await page.getByRole('button', { name: '生成本单位填报表' }).click();
    await expect.poll(message).toMatch(/已生成工作表.*保留了 1 处未同步的修改/);
    const closed = await cellOf('1.4', '存在问题');
    const open = await cellOf('1.2', '存在问题');
    expect(await valueAt(closed.r, 2)).toContain('【已办结，不再填报】');
    await expect(fake('type', SHEET, closed.r, closed.c, '再改一次')).rejects.toThrow(/受保护/);
    await fake('type', SHEET, open.r, open.c, '无。');
    // the text typed before the closure is still there, still shown as not sendable
    expect(await valueAt(closed.r, closed.c)).toBe('机场航站楼用地指标尚未落实。');
    await expect.poll(() => page.locator('#closed-edits-notice').textContent()).toContain('不会发送');
  });
});
