// The 督办 cycle in a real Chromium (issue 11): the office imports its liaison list → the 催报清单
// shows the liaisons before anyone filled a row (and its CSV, and the 催报通知); 省科技厅 submits with
// its sign-off → the office returns one entry with a reason → the unit sees the reason on the fill
// page → submits again → the office approves. Screenshots in artifacts/console/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server';
import { startConsoleServer, openPage, signInConsole, showPage, api, launchBrowser, shot } from './harness';

const KEJI = '省科技厅';
let s: TestServer;
let browser: Browser;
let office: Page;
let unit: Page;
let errors: string[];
let code: string;
let measures: { measureKey: string; measureNo: string }[];


beforeAll(async () => {
  s = await startConsoleServer();
  code = await s.issueUnitCode(KEJI, { person: '钱科员' });
  measures = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments;
  browser = await launchBrowser();
  ({ page: office, errors } = await openPage(browser));
  ({ page: unit } = await openPage(browser));
  unit.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('督办 cycle: liaisons, 审签/报送, 退回 and 重新报送', () => {
  it('imports the liaison list (.csv) with a preview; the 催报清单, its CSV and the 催报通知 show the liaisons', async () => {
    await signInConsole(office, s);
    await showPage(office, 'units');
    const csv = '\uFEFF各单位督办联络员名单,,,,\r\n序号,单位,联络员,办公电话,手机,备用联络员\r\n1,山东省科学技术厅,孙主任,0531-51751234,13905310001,周科长\r\n2,省不存在局,某人,,,\r\n';
    await office.setInputFiles('#liaison-file', { name: '联络员名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await office.waitForSelector('#liaison-apply');
    expect(await office.textContent('#liaison-preview')).toContain('识别出 1 个单位');
    expect(await office.textContent('#liaison-problems')).toContain('第 4 行：单位名称无法识别（省不存在局）');
    await shot(office, 'cycle-01-liaison-preview', true);
    expect((await api(s.url, s.coordinatorCode, 'GET', '/api/admin/liaisons')).body.liaisons).toEqual([]); // a preview stores nothing
    await office.click('#liaison-apply');
    await expect.poll(() => office.textContent(`#liaison-table tr[data-unit="${KEJI}"] .l-name`)).toBe('孙主任');
    expect(await office.textContent(`#liaison-table tr[data-unit="${KEJI}"] .l-deputyName`)).toBe('周科长');

    await showPage(office, 'overview');
    const row = office.locator(`#chase-list tr[data-unit="${KEJI}"]`);
    expect(await row.locator('.liaison').textContent()).toBe('孙主任（办公 0531-51751234，手机 13905310001）；备用 周科长');
    await shot(office, 'cycle-02-chase-with-liaisons', true);
    const [download] = await Promise.all([office.waitForEvent('download'), office.click('#chase-export')]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toContain('单位,联络员,办公电话,手机,电子邮箱,备用联络员');
    expect(text).toContain(`${KEJI},孙主任,0531-51751234,13905310001,,周科长`);
    await office.click('#reminder');
    await office.waitForSelector('#reminder-text');
    const notice = await office.inputValue('#reminder-text');
    expect(notice).toContain('催报通知');
    expect(notice).toContain(`${KEJI}：`);
    expect(notice).toContain('报送截止时间为2026年12月31日');
    expect(notice).toContain('贵单位联络员：孙主任（办公 0531-51751234，手机 13905310001）；备用 周科长。');
    await shot(office, 'cycle-03-reminder', true);
    await office.keyboard.press('Escape');
  });

  it('the unit submits with its sign-off; the office returns one entry with a reason', async () => {
    await unit.goto(`${s.url}/fill/`);
    await unit.fill('#code', code);
    await unit.click('#signin');
    await unit.waitForSelector('#main[data-ready="1"]');
    const mk = measures[0].measureKey;
    await unit.locator(`.measure[data-measure="${mk}"] [name="status"]`).selectOption('推进中');
    await unit.locator(`.measure[data-measure="${mk}"] [name="progress"]`).fill('已与3所高校签订共建协议。');
    await unit.click('#submit');
    await expect.poll(() => unit.textContent('.toast:last-child')).toContain('请填写审签人');
    await unit.fill('#signed-by', '李副厅长');
    await unit.click('#submit');
    await expect.poll(() => unit.textContent('#submit-state')).toContain('审签：李副厅长');

    await showPage(office, 'overview');
    expect(await office.textContent('#stat-unreviewed b')).toBe('1');
    const rev = office.locator(`#review-list tr[data-unit="${KEJI}"]`);
    expect(await rev.locator('.signed-by').textContent()).toBe('李副厅长');
    await shot(office, 'cycle-04-review-waiting', true);
    await rev.locator('.return').click();
    await office.fill('#return-reason', '请补充共建实验室名单');
    await office.locator(`#return-measures input[value="${mk}"]`).check();
    await office.click('dialog .dlg-actions button.primary');
    await office.waitForSelector('#main[data-ready="overview"]');
    await expect.poll(() => office.textContent('#stat-returned b')).toBe('1');
    // a returned unit is back in the 催报清单, red, with the reason
    const chase = office.locator(`#chase-list tr[data-unit="${KEJI}"]`);
    expect(await chase.textContent()).toContain('已退回：请补充共建实验室名单');
    expect(await chase.locator('.light-red').count()).toBe(1);
    await shot(office, 'cycle-05-returned-in-chase', true);
    // … and the per-unit table says so too (not 已报送)
    const unitRow = office.locator(`#unit-status tr[data-key="${KEJI}"]`);
    expect(await unitRow.textContent()).toContain('已退回');
    expect(await unitRow.textContent()).not.toContain('已报送');
    const review = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/review`)).body;
    expect(review).toMatchObject({ state: 'returned', returnedEntries: { [mk]: '请补充共建实验室名单' } });
  });

  it('the unit sees the reason where it fills, edits and submits again; the office approves', async () => {
    const mk = measures[0].measureKey;
    await unit.reload();
    await unit.waitForSelector('#main[data-ready="1"]');
    expect(await unit.textContent('#returned-notice')).toContain('退回意见：请补充共建实验室名单');
    expect(await unit.textContent(`.measure[data-measure="${mk}"] .return-reason`)).toBe('退回意见：请补充共建实验室名单');
    expect(await unit.locator('.return-reason').count()).toBe(1); // only the named entry
    expect(await unit.textContent('#submit')).toBe('重新报送');
    expect(await unit.inputValue('#signed-by')).toBe('李副厅长');
    await shot(unit, 'cycle-06-fill-returned', true);
    await unit.locator(`.measure[data-measure="${mk}"] [name="progress"]`).fill('已与3所高校签订共建协议。共建实验室名单：山东大学先进材料实验室、青岛大学智能交通实验室。');
    await unit.click('#submit');
    await expect.poll(() => unit.textContent('#submit-state')).toContain('审签：李副厅长');
    expect(await unit.locator('#returned-notice').count()).toBe(0);

    await showPage(office, 'overview');
    await office.locator(`#review-list tr[data-unit="${KEJI}"] .approve`).click();
    await office.waitForSelector('#main[data-ready="overview"]');
    await expect.poll(() => office.textContent('#review-decided')).toContain(`${KEJI}：已通过`);
    expect(await office.textContent('#stat-returned b')).toBe('0');
    expect(await office.locator(`#chase-list tr[data-unit="${KEJI}"]`).count()).toBe(0);
    expect(await office.textContent(`#unit-status tr[data-key="${KEJI}"]`)).toContain('已通过');
    await shot(office, 'cycle-07-approved', true);
    const review = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/review`)).body;
    expect(review.steps.map((x: { kind: string; by: string }) => [x.kind, x.by])).toEqual([['submit', '钱科员'], ['return', '协调办公室'], ['submit', '钱科员'], ['approve', '协调办公室']]);
    await unit.reload();
    await unit.waitForSelector('#approved-notice');
    expect(errors).toEqual([]);
  });
});
