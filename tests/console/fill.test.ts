// The web fill page (/fill) in a real headless Chromium against a real service (story 8): 菏泽市人民政府
// fills its rows, a reload keeps what was typed, saving merges like a sync (a conflict shows both
// texts), 报送 shows up in the office's overview, and a closed period is read-only.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server';
import { startConsoleServer, openPage, signInConsole, shot, api, launchBrowser } from './harness';

const HEZE = '菏泽市人民政府';

let s: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let code: string;
let colleague: string;
let p: string;
let measures: { measureKey: string; measureNo: string }[];

async function entry(measureKey: string) {
  const r = await api(s.url, s.coordinatorCode, 'GET', `${p}/entries?since=0&unit=${encodeURIComponent(HEZE)}`);
  expect(r.status).toBe(200);
  return r.body.entries.find((e: any) => e.measureKey === measureKey && e.unitId === HEZE);
}

const card = (mk: string) => page.locator(`.measure[data-measure="${mk}"]`);
const field = (mk: string, f: string) => card(mk).locator(`[name="${f}"]`);

beforeAll(async () => {
  s = await startConsoleServer();
  p = `/api/periods/${s.periodId}`;
  code = await s.issueUnitCode(HEZE, { person: '赵科长' });
  colleague = await s.issueUnitCode(HEZE, { person: '钱同事' });
  measures = (await api(s.url, code, 'GET', `${p}/assignments`)).body.assignments;
  expect(measures.length).toBeGreaterThan(1);
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('web fill page', () => {
  it('a unit signs in and sees only its own measures with the entry fields', async () => {
    await page.goto(`${s.url}/fill/`);
    await page.fill('#code', s.coordinatorCode);
    await page.click('#signin');
    await expect.poll(() => page.textContent('#signin-error')).toContain('协调办公室的访问码');
    await page.fill('#code', code);
    await page.click('#signin');
    await page.waitForSelector('#main[data-ready="1"]');
    expect(await page.textContent('header.top')).toContain(HEZE);
    expect(await page.locator('.measure').count()).toBe(measures.length);
    const options = await field(measures[0].measureKey, 'status').locator('option').allTextContents();
    expect(options).toEqual(['请选择', '未启动', '推进中', '已完成', '滞后']);
    for (const f of ['progress', 'problems', 'nextSteps', 'contact']) expect(await field(measures[0].measureKey, f).count()).toBe(1);
  });

  it('keeps typed text across a reload, then saves it like a sync', async () => {
    const mk = measures[0].measureKey;
    await field(mk, 'status').selectOption('推进中');
    await field(mk, 'progress').fill('菏泽市已召开专题会议，明确任务分工。');
    await field(mk, 'contact').fill('赵科长 0530-1234567');
    expect(await page.textContent('#pending')).toContain('3 处未保存');
    await page.reload();
    await page.waitForSelector('#main[data-ready="1"]');
    expect(await page.textContent('#restored')).toContain('3 处');
    expect(await field(mk, 'progress').inputValue()).toBe('菏泽市已召开专题会议，明确任务分工。');
    expect(await field(mk, 'status').inputValue()).toBe('推进中');
    await shot(page, '10-fill-draft');

    await page.click('#save');
    await expect.poll(() => page.textContent('#pending')).toContain('全部已保存');
    const e = await entry(mk);
    expect(e.fields.status.value).toBe('推进中');
    expect(e.fields.progress.value).toBe('菏泽市已召开专题会议，明确任务分工。');
    expect(e.fields.contact.value).toBe('赵科长 0530-1234567');
    const history = (await api(s.url, s.coordinatorCode, 'GET', `${p}/history?measure=${mk}&unit=${encodeURIComponent(HEZE)}`)).body.items;
    expect(history.map((h: any) => h.source)).toEqual(['fill', 'fill', 'fill']);
    // the draft is gone once saved: a reload shows the saved values and no restore notice
    await page.reload();
    await page.waitForSelector('#main[data-ready="1"]');
    expect(await page.locator('#restored').count()).toBe(0);
    expect(await field(mk, 'progress').inputValue()).toBe('菏泽市已召开专题会议，明确任务分工。');
  });

  it('text boxes grow with their text: long text opens whole, typing more lines makes the box taller', async () => {
    const mk = measures[0].measureKey; // already filled above: the counts below stay as they were
    const long = Array.from({ length: 14 }, (_, i) => `${i + 1}. 菏泽市推进第${i + 1}项工作，已完成阶段目标。`).join('\n');
    const r = await api(s.url, code, 'POST', `${p}/changes`, { source: 'addin', changes: [{ changeId: 'fill-long-000001', measureKey: mk, unitId: HEZE, field: 'nextSteps', baseRev: 0, value: long }] });
    expect(r.status).toBe(200);
    await page.reload();
    await page.waitForSelector('#main[data-ready="1"]');
    const box = field(mk, 'nextSteps');
    await box.scrollIntoViewIfNeeded();
    const size = () => box.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, top: el.scrollTop }));
    // the whole text shows: nothing hidden inside the box
    await expect.poll(async () => { const x = await size(); return x.scroll - x.client; }).toBeLessThanOrEqual(1);
    const empty = await field(mk, 'problems').evaluate((el) => el.clientHeight);
    const grown = (await size()).client;
    expect(grown).toBeGreaterThan(empty * 2);
    await field(mk, 'problems').fill('一\n二\n三\n四\n五\n六\n七\n八');
    await expect.poll(() => field(mk, 'problems').evaluate((el) => el.clientHeight)).toBeGreaterThan(empty);
    const p2 = await field(mk, 'problems').evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
    expect(p2.scroll - p2.client).toBeLessThanOrEqual(1);
    await shot(page, '10-fill-grown');
    // leave no draft behind for the next tests
    await field(mk, 'problems').fill('');
  });

  it('a colleague changed the same field meanwhile: the conflict shows both texts and the person chooses', async () => {
    const mk = measures[1].measureKey;
    await field(mk, 'problems').fill('我的：资金到位较慢。');
    const other = await api(s.url, colleague, 'POST', `${p}/changes`, {
      source: 'addin',
      changes: [{ changeId: 'colleague-change-1', measureKey: mk, unitId: HEZE, field: 'problems', baseRev: 0, value: '同事：用地指标紧张。' }],
    });
    expect(other.body.results[0].outcome).toBe('accepted');
    await page.click('#save');
    const conflict = card(mk).locator('.conflict');
    await conflict.waitFor();
    expect(await conflict.locator('.pane-current').textContent()).toContain('同事：用地指标紧张。');
    expect(await conflict.locator('.pane-other').textContent()).toContain('我的：资金到位较慢。');
    await card(mk).scrollIntoViewIfNeeded();
    await shot(page, '11-fill-conflict');
    // the colleague saves again while this person decides: the choice is not written over it
    const again = await api(s.url, colleague, 'POST', `${p}/changes`, {
      source: 'addin',
      changes: [{ changeId: 'colleague-change-2', measureKey: mk, unitId: HEZE, field: 'problems', baseRev: 1, value: '同事：用地指标紧张，已报省厅。' }],
    });
    expect(again.body.results[0]).toMatchObject({ outcome: 'accepted', rev: 2 });
    await conflict.locator('button.pick-other').click();
    await conflict.locator('.conflict-moved').waitFor();
    expect(await conflict.locator('.pane-current').textContent()).toContain('同事：用地指标紧张，已报省厅。');
    expect((await entry(mk)).fields.problems.value).toBe('同事：用地指标紧张，已报省厅。');
    // edit: keep both, decided against the newer text
    await conflict.locator('button.pick-edit').click();
    await conflict.locator('textarea.conflict-edit').fill('资金到位较慢；用地指标紧张。');
    await conflict.locator('button.conflict-save').click();
    await expect.poll(async () => (await entry(mk)).fields.problems.value).toBe('资金到位较慢；用地指标紧张。');
    await expect.poll(() => card(mk).locator('.conflict').count()).toBe(0);
    expect(await field(mk, 'problems').inputValue()).toBe('资金到位较慢；用地指标紧张。');
    expect(await page.textContent('#pending')).toContain('全部已保存');
  });

  it('报送 at the end; the office overview shows the unit submitted', async () => {
    await page.fill('#signed-by', '赵处长');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#submit-state')).toContain('已于');
    await shot(page, '12-fill-submitted');
    // after a reload the page still says the unit has submitted
    await page.reload();
    await expect.poll(() => page.textContent('#submit-state')).toContain('已于');

    const office = await openPage(browser);
    await signInConsole(office.page, s);
    const row = office.page.locator(`#unit-status tbody tr[data-key="${HEZE}"]`);
    const cells = await row.locator('td').allTextContents();
    expect(cells[4]).toContain('已报送');
    expect(cells[2]).toBe('2'); // two entries filled
    expect(await office.page.locator(`#chase-list tr[data-unit="${HEZE}"]`).count()).toBe(0);
    expect(await office.page.textContent('#stat-submitted b')).toBe('1');
    await office.page.locator(`#unit-status tbody tr[data-key="${HEZE}"]`).scrollIntoViewIfNeeded();
    await shot(office.page, '13-overview-after-fill');
    await office.page.context().close();
  });

  it('a closed period is read-only on the fill page and the service refuses a save', async () => {
    expect((await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close`)).status).toBe(200);
    // a draft typed before the page learnt of the closing is refused with the service's message
    const mk = measures[0].measureKey;
    await field(mk, 'nextSteps').fill('下一步加快推进。');
    await page.click('#save');
    await expect.poll(() => page.locator('.toast-error').allTextContents()).toContainEqual(expect.stringContaining('本期填报已关闭'));
    await page.reload();
    await page.waitForSelector('#main[data-ready="1"]');
    expect(await page.textContent('#closed-notice')).toContain('本期填报已关闭');
    expect(await page.locator('#save').isDisabled()).toBe(true);
    expect(await field(mk, 'nextSteps').isDisabled()).toBe(true);
    // what was typed is still kept in the browser (nothing lost)
    expect(await field(mk, 'nextSteps').inputValue()).toBe('下一步加快推进。');
    await shot(page, '14-fill-closed');
    expect(errors).toEqual([]);
  });
});
