// Deadlines mean dates (issue 11 item 1), in a real Chromium whose clock is in another time zone
// than the office's: a date-only deadline shows as 2026年12月31日 in the console and the fill page,
// 保存 without a change keeps `2026-12-31` (it used to store 2026-12-31T00:00Z: every unit 已逾期
// 16 hours early), a time is optional, and overdue is the end of that day in Asia/Shanghai.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { api, launchBrowser, shot } from './harness';
import { resolve } from 'node:path';

let s: TestServer;
let browser: Browser;
let now = new Date('2026-12-31T15:00:00.000Z'); // 23:00 on 12-31 in Shanghai, 07:00 in Los Angeles
const HEZE = '菏泽市人民政府';

async function page(timezoneId: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  return { context, page, errors };
}

async function storedDeadline(): Promise<string | null> {
  return (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}`)).body.deadline;
}

beforeAll(async () => {
  s = await startTestServer({ config: { staticDir: resolve('dist') }, deadline: '2026-12-31', now: () => now });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('deadlines are dates (browser in America/Los_Angeles, office in Asia/Shanghai)', () => {
  it('the console shows 2026年12月31日 and 保存 without a change keeps 2026-12-31', async () => {
    const { context, page: p, errors } = await page('America/Los_Angeles');
    // the browser really is in another zone: its local date of the deadline instant differs
    expect(await p.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
    await p.goto(`${s.url}/console/`);
    await p.fill('#code', s.coordinatorCode);
    await p.click('#signin');
    await p.waitForSelector('#main[data-ready="overview"]');
    expect(await p.textContent('#main')).toContain('截止时间：2026年12月31日');
    expect(await p.textContent('#main')).not.toContain('08:00');
    await p.evaluate(() => (location.hash = 'periods'));
    await p.waitForSelector('#main[data-ready="periods"]');
    const row = p.locator(`tr[data-period="${s.periodId}"]`);
    expect(await row.locator('.deadline-date').inputValue()).toBe('2026-12-31');
    expect(await row.locator('.deadline-time').inputValue()).toBe('');
    expect(await row.locator('.deadline-text').textContent()).toBe('2026年12月31日');
    // times are on the office's clock too: opened at 15:00Z is 23:00 in Shanghai (07:00 in Los Angeles)
    await expect.poll(() => row.locator('.events').textContent()).toContain('2026-12-31 23:00');
    await shot(p, 'deadline-periods');
    await row.locator('.save-deadline').click();
    await expect.poll(() => p.textContent('.toast')).toContain('截止时间已保存');
    expect(await storedDeadline()).toBe('2026-12-31');
    // nobody is overdue at 23:00 on the day in Shanghai
    const status = await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/status`);
    expect(status.status).toBe(200);
    expect(status.body.units.filter((u: { overdue: boolean }) => u.overdue)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a time is optional: 18:00 is stored as the office wall time and shown with the date', async () => {
    const { context, page: p, errors } = await page('Europe/London');
    await p.goto(`${s.url}/console/#periods`);
    await p.fill('#code', s.coordinatorCode);
    await p.click('#signin');
    await p.waitForSelector('#main[data-ready="periods"]');
    const row = p.locator(`tr[data-period="${s.periodId}"]`);
    await row.locator('.deadline-date').fill('2027-01-05');
    await row.locator('.deadline-time').fill('18:00');
    expect(await row.locator('.deadline-text').textContent()).toBe('2027年1月5日 18:00');
    await row.locator('.save-deadline').click();
    await expect.poll(storedDeadline).toBe('2027-01-05T18:00');
    await p.waitForSelector('#main[data-ready="periods"]');
    expect(await p.locator(`tr[data-period="${s.periodId}"] .deadline-time`).inputValue()).toBe('18:00');
    // clearing the time makes it the whole day again
    await p.locator(`tr[data-period="${s.periodId}"] .deadline-time`).fill('');
    await p.locator(`tr[data-period="${s.periodId}"] .save-deadline`).click();
    await expect.poll(storedDeadline).toBe('2027-01-05');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the fill page shows the date the office wrote; overdue starts at midnight in Shanghai', async () => {
    await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}`, { deadline: '2026-12-31' });
    const code = await s.issueUnitCode(HEZE, { person: '赵科长' });
    const { context, page: p, errors } = await page('America/New_York');
    await p.goto(`${s.url}/fill/`);
    await p.fill('#code', code);
    await p.click('#signin');
    await p.waitForSelector('#main[data-ready="1"]');
    expect(await p.textContent('#main')).toContain('截止时间：2026年12月31日。');
    await shot(p, 'deadline-fill');
    expect(errors).toEqual([]);
    await context.close();
    const overdue = async () => (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/status`)).body.units.find((u: { unitId: string }) => u.unitId === HEZE).overdue;
    now = new Date('2026-12-31T15:59:59.000Z');
    expect(await overdue()).toBe(false);
    now = new Date('2026-12-31T16:00:00.001Z');
    expect(await overdue()).toBe(true);
  });
});
