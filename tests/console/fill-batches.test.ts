// The fill page's 保存 splits a large save into batches the service takes (shared/sync/change-batches.ts):
// 省发展改革委 fills 26 fields at the field limit (520,000 characters, over the batch cap) in a real
// Chromium; one 保存 sends several requests, each within the cap, and all of it is stored as typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MAX_FIELD_LENGTH } from '../../shared/api/contract';
import { batchText, MAX_BATCH_TEXT } from '../../shared/sync/change-batches';
import type { TestServer } from '../helpers/server';
import { api, launchBrowser, openPage, startConsoleServer } from './harness';

const U = '省发展改革委';
let s: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  s = await startConsoleServer();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('fill page save over the batch cap', () => {
  it('one 保存 of 520,000 characters goes out in batches within the cap, and everything is stored', async () => {
    const code = await s.issueUnitCode(U);
    const keys: string[] = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments.map((a: any) => a.measureKey);
    expect(keys.length).toBeGreaterThanOrEqual(13);
    const typed = keys.slice(0, 13).flatMap((mk, i) => [
      { mk, f: 'progress', text: `进展${i}`.padEnd(MAX_FIELD_LENGTH, '推') },
      { mk, f: 'nextSteps', text: `下步${i}`.padEnd(MAX_FIELD_LENGTH, '进') },
    ]);
    const pushes: number[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/changes')) pushes.push(batchText(JSON.parse(r.postData()!).changes));
    });
    await page.goto(`${s.url}/fill/`);
    await page.fill('#code', code);
    await page.click('#signin');
    await page.waitForSelector('#main[data-ready="1"]');
    for (const t of typed) await page.locator(`.measure[data-measure="${t.mk}"] [name="${t.f}"]`).fill(t.text);
    expect(await page.textContent('#pending')).toContain(`${typed.length} 处未保存`);

    await page.click('#save');
    await expect.poll(() => page.textContent('#pending'), { timeout: 30_000 }).toContain('全部已保存');
    expect(pushes.length).toBeGreaterThan(1);
    for (const n of pushes) expect(n).toBeLessThanOrEqual(MAX_BATCH_TEXT);
    expect(pushes.reduce((x, y) => x + y, 0)).toBe(typed.length * MAX_FIELD_LENGTH);

    const entries = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/entries?since=0&unit=${encodeURIComponent(U)}`)).body.entries;
    for (const t of typed) expect(entries.find((e: any) => e.measureKey === t.mk).fields[t.f].value).toBe(t.text);
    expect(errors).toEqual([]);
  });
});
