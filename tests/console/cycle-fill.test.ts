// The 督办 cycle from the unit's side, in a real Chromium (issue 11): 佐证材料 uploaded on the fill
// page, listed, downloaded byte for byte, a hostile file refused with the store unchanged; a
// 延期申请 granted in the console moves that unit's light in the 催报清单 (not another's) and the
// fill page shows its new deadline; a measure 办结 in period 1 is read-only 已办结 in period 2 and
// not chased, and editable again once reopened. Screenshots in artifacts/console/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { openPage, signInConsole, showPage, api, launchBrowser, shot } from './harness';

const KEJI = '省科技厅';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const HOSTILE = Buffer.from('<html><body><script>fetch("/api/admin/codes")</script></body></html>');

let s: TestServer;
let browser: Browser;
let office: Page;
let unit: Page;
let errors: string[];
let code: string;
let mk: string;
// two days before the deadline: units that have not submitted are yellow
const now = new Date('2026-12-29T02:00:00.000Z');

beforeAll(async () => {
  s = await startTestServer({ config: { staticDir: resolve('dist') }, deadline: '2026-12-31', now: () => now });
  code = await s.issueUnitCode(KEJI, { person: '钱科员' });
  mk = (await api(s.url, code, 'GET', `/api/periods/${s.periodId}/assignments`)).body.assignments[0].measureKey;
  browser = await launchBrowser();
  ({ page: office, errors } = await openPage(browser));
  ({ page: unit } = await openPage(browser));
  unit.on('pageerror', (e) => errors.push(e.message));
  await signInConsole(office, s);
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function openFill(page: Page, unitCode: string): Promise<void> {
  await page.goto(`${s.url}/fill/`);
  if (await page.locator('#code').count()) {
    await page.fill('#code', unitCode);
    await page.click('#signin');
  }
  await page.waitForSelector('#main[data-ready="1"]');
}

const evidenceList = async (unitCode: string, periodId = s.periodId) => (await api(s.url, unitCode, 'GET', `/api/periods/${periodId}/evidence`)).body.evidence;
const chaseLight = (unitId: string) => office.locator(`#chase-list tr[data-unit="${unitId}"] .light`).first().textContent();

describe('佐证材料 on the fill page', () => {
  it('uploads a PDF and a PNG, lists both, and downloads the same bytes', async () => {
    await openFill(unit, code);
    const box = unit.locator(`.measure[data-measure="${mk}"] .evidence`);
    expect(await box.textContent()).toContain('暂无佐证材料');
    await box.locator('.evidence-input').setInputFiles([
      { name: '共建协议.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: '挂牌照片.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await expect.poll(() => box.locator('.evidence-link').allTextContents()).toEqual(['共建协议.pdf', '挂牌照片.png']);
    await shot(unit, 'cycle-fill-01-evidence-listed');
    for (const [name, bytes] of [['共建协议.pdf', PDF], ['挂牌照片.png', PNG]] as const) {
      const [download] = await Promise.all([unit.waitForEvent('download'), box.locator('.evidence-link', { hasText: name }).click()]);
      expect(download.suggestedFilename()).toBe(name);
      expect(readFileSync((await download.path())!).equals(bytes)).toBe(true);
    }
  });

  it('refuses an HTML page renamed .pdf with the reason shown; the list and the store stay as they were', async () => {
    const before = await evidenceList(code);
    const box = unit.locator(`.measure[data-measure="${mk}"] .evidence`);
    await box.locator('.evidence-input').setInputFiles({ name: '总结报告.pdf', mimeType: 'application/pdf', buffer: HOSTILE });
    await expect.poll(() => box.locator('.evidence-error').textContent()).toContain('“总结报告.pdf”未能上传：佐证材料只能是 PDF、JPG/PNG 图片');
    expect(await box.locator('.evidence-link').allTextContents()).toEqual(['共建协议.pdf', '挂牌照片.png']);
    expect(await evidenceList(code)).toEqual(before);
    await box.scrollIntoViewIfNeeded();
    await shot(unit, 'cycle-fill-02-evidence-refused');
  });

  it('deletes one file: gone from the page and from the API list', async () => {
    const box = unit.locator(`.measure[data-measure="${mk}"] .evidence`);
    await box.locator('li', { hasText: '挂牌照片.png' }).locator('.evidence-remove').click(); // confirm() accepted by the harness
    await expect.poll(() => box.locator('.evidence-link').allTextContents()).toEqual(['共建协议.pdf']);
    expect((await evidenceList(code)).map((e: { name: string }) => e.name)).toEqual(['共建协议.pdf']);
  });
});

describe('延期申请', () => {
  it('the unit asks; the office grants; that unit\'s light changes, another unit\'s does not; the fill page shows the new deadline', async () => {
    const other = '省交通运输厅';
    await showPage(office, 'overview');
    expect(await chaseLight(KEJI)).toBe('临近截止');
    expect(await chaseLight(other)).toBe('临近截止');

    await openFill(unit, code);
    await unit.click('#extension summary');
    await unit.fill('#extension-date', '2027-01-20');
    await unit.click('#extension-send');
    await expect.poll(() => unit.locator('#extension .error').textContent()).toContain('请填写申请延期的理由');
    await unit.fill('#extension-reason', '共建实验室验收安排在1月中旬，验收后报送更完整的进展。');
    await unit.click('#extension-send');
    await expect.poll(() => unit.locator('#extension-list tr[data-state="pending"]').count()).toBe(1);
    expect(await unit.locator('#extension-send').count()).toBe(0); // one pending request at a time
    await shot(unit, 'cycle-fill-03-extension-pending');

    await showPage(office, 'extensions');
    const row = office.locator(`#extensions-table tr[data-unit="${KEJI}"]`);
    expect(await row.textContent()).toContain('共建实验室验收安排在1月中旬');
    await shot(office, 'cycle-fill-04-extension-to-decide');
    await row.locator('.deadline-date').fill('2027-01-15');
    await row.locator('.grant').click();
    await expect.poll(async () => office.locator(`#extensions-table tr[data-unit="${KEJI}"]`).getAttribute('data-state')).toBe('granted');
    expect(await office.locator(`#extensions-table tr[data-unit="${KEJI}"]`).textContent()).toContain('2027年1月15日');
    await shot(office, 'cycle-fill-05-extension-granted');

    await showPage(office, 'overview');
    expect(await chaseLight(KEJI)).toBe('正常');
    expect(await chaseLight(other)).toBe('临近截止');
    await shot(office, 'cycle-fill-06-chase-after-extension', true);

    await openFill(unit, code);
    expect(await unit.textContent('#unit-deadline')).toContain('2027年1月15日');
    expect(await unit.textContent('#main')).toContain('截止时间：2027年1月15日');
    expect(await unit.locator('#extension-list tr[data-state="granted"]').count()).toBe(1);
    await shot(unit, 'cycle-fill-07-fill-new-deadline');
  });

  it('the office declines another unit\'s request only with a reason; the unit sees 未同意 and its deadline is unchanged', async () => {
    const other = '省交通运输厅';
    const oc = await s.issueUnitCode(other, { person: '孙科员' });
    const asked = await api(s.url, oc, 'POST', `/api/periods/${s.periodId}/extensions`, { requestedDeadline: '2027-02-01', reason: '项目资料尚在整理。' });
    expect(asked.status).toBe(200);
    await showPage(office, 'extensions');
    const row = office.locator(`#extensions-table tr[data-extension="${asked.body.id}"]`);
    await row.locator('.decline').click();
    await expect.poll(() => office.textContent('.toast:last-child')).toContain('不同意时请填写理由');
    expect((await api(s.url, oc, 'GET', `/api/periods/${s.periodId}/extensions`)).body.extensions[0].state).toBe('pending');
    await row.locator('.decision-note').fill('资料整理不影响按期报送，请按时报送。');
    await row.locator('.decline').click();
    await expect.poll(() => office.locator(`#extensions-table tr[data-extension="${asked.body.id}"]`).getAttribute('data-state')).toBe('declined');
    await showPage(office, 'overview');
    expect(await chaseLight(other)).toBe('临近截止');

    const page = (await openPage(browser)).page;
    await openFill(page, oc);
    expect(await page.textContent('#extension summary')).toBe('延期申请 · 未同意');
    expect(await page.locator('#extension-list tr[data-state="declined"]').isVisible()).toBe(true);
    expect(await page.locator('#extension-list tr[data-state="declined"]').textContent()).toContain('资料整理不影响按期报送');
    expect(await page.locator('#unit-deadline').count()).toBe(0);
    expect(await page.textContent('#main')).toContain('截止时间：2026年12月31日');
    await shot(page, 'cycle-fill-07b-fill-extension-declined');
    await page.context().close();
  });
});

describe('办结 carries into the next period', () => {
  it('closed in period 1 → period 2 shows it 已办结 and read-only, not chased; reopened → editable', async () => {
    // a unit whose only measure the office closes, so the 催报清单 has nothing left to chase it for
    const { units } = (await api(s.url, s.coordinatorCode, 'GET', `/api/admin/periods/${s.periodId}/cycle`)).body;
    const target = units.find((u: { unitId: string; measures: unknown[] }) => u.measures.length === 1 && u.unitId !== KEJI && u.unitId !== '省交通运输厅');
    const unitId: string = target.unitId;
    const key: string = target.measures[0].measureKey;
    const uc = await s.issueUnitCode(unitId, { person: '赵科员' });

    await showPage(office, 'overview');
    expect(await office.locator(`#chase-list tr[data-unit="${unitId}"]`).count()).toBe(1); // chased before it is closed
    await showPage(office, 'closures');
    const row = office.locator(`#closures-table tr[data-measure="${key}"]`);
    await row.locator(`.closure-unit[data-unit="${unitId}"] .close-unit`).click();
    await expect.poll(() => office.locator(`#closures-table tr[data-measure="${key}"] .closure-unit[data-unit="${unitId}"] .reopen-unit`).count()).toBe(1);
    expect(await office.locator('#closure-log tr[data-kind="close"]').count()).toBe(1);
    await office.locator(`#closures-table tr[data-measure="${key}"]`).scrollIntoViewIfNeeded();
    await shot(office, 'cycle-fill-08-closures');

    const next = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/periods', { name: '2027年上半年', deadline: '2027-01-01', carryOver: true });
    expect(next.status).toBe(200);
    await office.reload();
    await office.waitForSelector('#main[data-ready]');
    await office.selectOption('#period-select', next.body.id);
    await showPage(office, 'overview');
    expect(await office.locator(`#chase-list tr[data-unit="${unitId}"]`).count()).toBe(0);
    expect(await office.locator(`#chase-list tr[data-unit="${KEJI}"]`).count()).toBe(1);

    const fill = (await openPage(browser)).page;
    await openFill(fill, uc);
    expect(await fill.inputValue('#period-select')).toBe(next.body.id);
    const card = fill.locator(`.measure[data-measure="${key}"]`);
    expect(await card.getAttribute('data-closed')).toBe('1');
    expect(await card.locator('.closed-tag').textContent()).toBe('已办结');
    expect(await card.locator('[name="progress"]').isDisabled()).toBe(true);
    expect(await card.locator('.evidence-add').isDisabled()).toBe(true);
    await shot(fill, 'cycle-fill-09-fill-closed-entry');

    await showPage(office, 'closures');
    await office.locator(`#closures-table tr[data-measure="${key}"] .closure-unit[data-unit="${unitId}"] .reopen-unit`).click();
    await expect.poll(() => office.locator('#closure-log tr[data-kind="reopen"]').count()).toBe(1);
    await showPage(office, 'overview');
    expect(await office.locator(`#chase-list tr[data-unit="${unitId}"]`).count()).toBe(1);

    await fill.reload();
    await fill.waitForSelector('#main[data-ready="1"]');
    const again = fill.locator(`.measure[data-measure="${key}"]`);
    expect(await again.getAttribute('data-closed')).toBeNull();
    await again.locator('[name="progress"]').fill('重新打开后补充的进展。');
    await fill.click('#save');
    await expect.poll(() => fill.textContent('#pending')).toBe('全部已保存');
    const entries = (await api(s.url, uc, 'GET', `/api/periods/${next.body.id}/entries?since=0`)).body.entries;
    expect(entries.find((e: { measureKey: string }) => e.measureKey === key).fields.progress.value).toBe('重新打开后补充的进展。');
    expect(errors).toEqual([]);
  });
});
