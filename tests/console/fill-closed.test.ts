// The fill page when an entry is 办结 while the unit has unsaved text on it (real Chromium, real
// service): 保存 does not store it (MEASURE_CLOSED) and says so; the text is not counted as
// "未保存" for ever but shown apart as 因已办结不能提交, in full, with 复制 and 放弃; a reload keeps
// it (the draft stays in the browser); the other entries save as before; 放弃 is the person's
// choice, asked first. Screenshots in artifacts/console/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { api, launchBrowser, openPage, shot } from './harness';

const UNIT = '省科技厅';
let s: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let code: string;
let closedKey: string;
let openKey: string;

beforeAll(async () => {
  s = await startTestServer({ config: { staticDir: resolve('dist') } });
  code = await s.issueUnitCode(UNIT, { person: '钱科员' });
  const { assignments } = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/assignments`)).body;
  expect(assignments.length).toBeGreaterThan(1);
  [closedKey, openKey] = [assignments[0].measureKey, assignments[1].measureKey];
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const card = (mk: string) => page.locator(`.measure[data-measure="${mk}"]`);
const TYPED = '科技厅：新建省级重点实验室3家，正在验收。';

describe('an unsaved draft on an entry closed meanwhile', () => {
  it('保存 does not store it and says why; it is shown apart, not as 未保存', async () => {
    await page.goto(`${s.url}/fill/`);
    await page.fill('#code', code);
    await page.click('#signin');
    await page.waitForSelector('#main[data-ready="1"]');
    await card(closedKey).locator('[name="progress"]').fill(TYPED);
    await card(openKey).locator('[name="problems"]').fill('无。');
    await expect.poll(() => page.textContent('#pending')).toBe('2 处未保存');
    const closed = await api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/close-measure`, { measureKey: closedKey, unitId: UNIT });
    expect(closed.status).toBe(200);

    await page.click('#save');
    await expect.poll(() => page.textContent('#pending')).toBe('全部已保存；1 处因已办结不能提交');
    expect(await page.locator('.toast').last().textContent()).toContain('1 处未能保存：该举措已由协调办公室确认办结');
    expect(await s.field(closedKey, UNIT, 'progress')).toBeUndefined(); // store unchanged
    expect((await s.field(openKey, UNIT, 'problems'))?.value).toBe('无。'); // the other entry saved
    const c = card(closedKey);
    expect(await c.getAttribute('data-closed')).toBe('1');
    expect(await c.locator('.closed-tag').textContent()).toBe('已办结');
    expect(await c.locator('[name="progress"]').isDisabled()).toBe(true);
    expect(await c.locator('.closed-drafts').textContent()).toContain('因该举措已办结不能再提交');
    expect(await c.locator('.closed-draft[data-field="progress"] .closed-draft-text').textContent()).toBe(TYPED);
    expect(await c.locator('.fld[data-field="progress"] .field-note').textContent()).toBe('未保存（已办结，不能提交）');
    await shot(page, 'fill-closed-01-draft-kept', true);

    // 保存 again sends nothing (the text is not re-sent for ever)
    await page.click('#save');
    await expect.poll(() => page.locator('.toast').last().textContent()).toContain('没有需要保存的内容');
  });

  it('after a reload the draft is still there, shown the same way', async () => {
    await page.reload();
    await page.waitForSelector('#main[data-ready="1"]');
    expect(await page.textContent('#pending')).toBe('全部已保存；1 处因已办结不能提交');
    expect(await page.locator('#closed-drafts-notice').textContent()).toContain('1 处因已办结不能提交');
    const c = card(closedKey);
    expect(await c.locator('.closed-draft-text').textContent()).toBe(TYPED);
    expect(await c.locator('[name="progress"]').inputValue()).toBe(TYPED);
  });

  it('复制 offers the text; 放弃 asks first, and only then drops the draft', async () => {
    const c = card(closedKey);
    await c.locator('.closed-draft-copy').click();
    await expect.poll(() => page.locator('.toast').last().textContent()).toMatch(/已复制到剪贴板|请选中文字后手动复制/);
    // the harness accepts every dialog; answer this one ourselves: first no, then yes
    page.removeAllListeners('dialog');
    const asked: string[] = [];
    page.once('dialog', (d) => (asked.push(d.message()), void d.dismiss()));
    await c.locator('.closed-draft-discard').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('放弃“进展情况”中尚未保存的内容');
    expect(await c.locator('.closed-draft-text').textContent()).toBe(TYPED); // declined: kept
    page.once('dialog', (d) => void d.accept());
    await c.locator('.closed-draft-discard').click();
    await expect.poll(() => c.locator('.closed-drafts').count()).toBe(0);
    expect(await page.textContent('#pending')).toBe('全部已保存');
    expect(await c.locator('[name="progress"]').inputValue()).toBe('');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fengong.fill.draft.')))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
