// The office's side of the 督办 cycle in a real Chromium (issue 11): 佐证材料 listed under each entry
// of the 汇总表, downloaded byte for byte, uploaded by the office, and the period's .zip ordered
// 任务/举措/单位. Screenshots in artifacts/console/ and /work/notes/shots/ when that folder exists.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server';
import { startConsoleServer, openPage, signInConsole, showPage, api, launchBrowser, shot } from './harness';

const KEJI = '省科技厅';
const JT = '省交通运输厅';
const FGW = '省发展改革委';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');
const PDF2 = Buffer.from('%PDF-1.4\n% 第二份\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let s: TestServer;
let browser: Browser;
let office: Page;
let errors: string[];
let measureKeys: Map<string, string>; // measure no → key

/** Also under /work/notes/shots/ (the session's notes) when that folder is there. */
async function snap(page: Page, name: string, fullPage = false): Promise<void> {
  await shot(page, name, fullPage);
  if (existsSync('/work/notes/shots')) await page.screenshot({ path: `/work/notes/shots/h11c-${name}.png`, fullPage });
}

async function upload(code: string, measureNo: string, unitId: string, name: string, bytes: Buffer) {
  const q = `measure=${encodeURIComponent(measureKeys.get(measureNo)!)}&unit=${encodeURIComponent(unitId)}`;
  const res = await fetch(`${s.url}/api/periods/${s.periodId}/evidence?${q}`, {
    method: 'POST', body: bytes as unknown as BodyInit,
    headers: { authorization: `Bearer ${code}`, 'x-file-name': encodeURIComponent(name), 'content-type': 'application/octet-stream' },
  });
  expect(res.status).toBe(200);
  return res.json();
}

const entryRow = (measureNo: string, unitId: string) => office.locator(`#consolidated tr[data-measure="${measureKeys.get(measureNo)}"][data-unit="${unitId}"]`);

beforeAll(async () => {
  s = await startConsoleServer();
  const consolidated = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/consolidated`)).body;
  measureKeys = new Map(consolidated.measures.map((m: { measureNo: string; measureKey: string }) => [m.measureNo, m.measureKey]));
  browser = await launchBrowser();
  ({ page: office, errors } = await openPage(browser));
  await signInConsole(office, s);
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('佐证材料 in the 汇总表', () => {
  it('lists each entry’s files, downloads the same bytes, lets the office upload, and downloads one .zip ordered 任务/举措/单位', async () => {
    const keji = await s.issueUnitCode(KEJI, { person: '钱科员' });
    const fgw = await s.issueUnitCode(FGW, { person: '孙科员' });
    const jt = await s.issueUnitCode(JT, { person: '赵科员' });
    // uploaded out of plan order: the archive sorts them
    await upload(fgw, '8.3', FGW, '发改委调度表.pdf', PDF2);
    await upload(keji, '8.3', KEJI, '共建协议.pdf', PDF);
    await upload(jt, '1.1', JT, '../../施工现场.png', PNG);

    await showPage(office, 'consolidated');
    expect(await entryRow('8.3', KEJI).locator('.evidence-link').allTextContents()).toEqual(['共建协议.pdf']);
    expect(await entryRow('8.3', FGW).locator('.evidence-link').allTextContents()).toEqual(['发改委调度表.pdf']);
    expect(await entryRow('1.1', JT).locator('.evidence-link').allTextContents()).toEqual(['施工现场.png']);
    expect(await entryRow('1.1', FGW).locator('.evidence-link').count()).toBe(0);
    await entryRow('8.3', KEJI).scrollIntoViewIfNeeded();
    await snap(office, 'evidence-01-listed');

    const [dl] = await Promise.all([office.waitForEvent('download'), entryRow('8.3', KEJI).locator('.evidence-link').click()]);
    expect(dl.suggestedFilename()).toBe('共建协议.pdf');
    expect(readFileSync((await dl.path())!).equals(PDF)).toBe(true);

    // the office attaches a file to 省科技厅's entry through the same box the unit uses
    await entryRow('8.3', KEJI).locator('.evidence-manage').click();
    const box = office.locator('dialog .evidence');
    await box.locator('.evidence-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => box.locator('.evidence-link').allTextContents()).toEqual(['共建协议.pdf', '现场照片.png']);
    await snap(office, 'evidence-02-office-upload');
    // a web page renamed .pdf is refused here as on the fill page: the reason shown, nothing stored
    const before = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/evidence`)).body.evidence;
    await box.locator('.evidence-input').setInputFiles({ name: '总结.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await expect.poll(() => box.locator('.evidence-error').textContent()).toContain('“总结.pdf”未能上传');
    expect(await box.locator('.evidence-link').allTextContents()).toEqual(['共建协议.pdf', '现场照片.png']);
    expect((await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/evidence`)).body.evidence).toEqual(before);
    await office.click('dialog .dlg-actions button');
    await expect.poll(() => entryRow('8.3', KEJI).locator('.evidence-link').allTextContents()).toEqual(['共建协议.pdf', '现场照片.png']);
    const stored = (await api(s.url, keji, 'GET', `/api/periods/${s.periodId}/evidence`)).body.evidence;
    expect(stored.map((e: { name: string; createdBy: string }) => [e.name, e.createdBy])).toEqual([['共建协议.pdf', '钱科员'], ['现场照片.png', '协调办公室']]);

    const [zipDl] = await Promise.all([office.waitForEvent('download'), office.click('#evidence-zip')]);
    expect(zipDl.suggestedFilename()).toMatch(/^佐证材料.*\.zip$/);
    const files = unzipSync(readFileSync((await zipDl.path())!));
    const names = Object.keys(files);
    // 任务 1 before 任务 8; within 8.3 the plan's order of units (工信厅 lead, 科技厅, 发改委)
    expect(names.map((n) => n.split('/').slice(1).map((p) => p.split(' ')[0]).join('/'))).toEqual([
      '1.1/省交通运输厅/施工现场.png',
      '8.3/省科技厅/共建协议.pdf',
      '8.3/省科技厅/现场照片.png',
      '8.3/省发展改革委/发改委调度表.pdf',
    ]);
    expect(names.every((n) => n.split('/').length === 4)).toBe(true);
    expect(names[0].startsWith('1 ')).toBe(true);
    expect(names[1].startsWith('8 ')).toBe(true);
    expect(Buffer.from(files[names[0]]).equals(PNG)).toBe(true);
    expect(Buffer.from(files[names[1]]).equals(PDF)).toBe(true);
    expect(Buffer.from(files[names[2]]).equals(PNG)).toBe(true);
    expect(Buffer.from(files[names[3]]).equals(PDF2)).toBe(true);
    expect(errors).toEqual([]);
  });
});

async function change(code: string, measureNo: string, unitId: string, field: string, value: string, baseRev = 0) {
  return api(s.url, code, 'POST', `/api/periods/${s.periodId}/changes`, {
    source: 'fill',
    changes: [{ changeId: `t-${Math.random().toString(36).slice(2, 12)}`, measureKey: measureKeys.get(measureNo), unitId, field, baseRev, value }],
  });
}

const badge = (page: string, count: string) => office.locator(`nav.side a[data-page="${page}"] .badge[data-count="${count}"]`);
/** The badge's number, or null when there is none (read at once: the menu redraws its badges). */
const badgeText = async (page: string, count: string) => (await badge(page, count).allTextContents())[0] ?? null;

describe('pending work in the side menu', () => {
  it('shows unreviewed submissions, returned units and open conflicts as badges, the overview’s numbers, updated after each action', async () => {
    const jt = await s.issueUnitCode(JT, { person: '赵科员' });
    const jt2 = await s.issueUnitCode(JT, { person: '钱科长' });
    const kejiCode = await s.issueUnitCode(KEJI, { person: '钱科员' });
    await showPage(office, 'consolidated');
    expect(await badgeText('overview', 'unreviewed')).toBeNull();
    expect(await badgeText('conflicts', 'openConflicts')).toBeNull();

    expect((await api(s.url, jt, 'POST', `/api/periods/${s.periodId}/submit`, { signedBy: '王处长' })).status).toBe(200);
    expect((await api(s.url, kejiCode, 'POST', `/api/periods/${s.periodId}/submit`, { signedBy: '李副厅长' })).status).toBe(200);
    expect((await change(jt, '1.2', JT, 'progress', '完成路基施工。')).body.results[0].outcome).toBe('accepted');
    expect((await change(jt2, '1.2', JT, 'progress', '完成路面施工。')).body.results[0].outcome).toBe('conflict');
    await showPage(office, 'closures'); // any page: the menu asks for the counts
    await expect.poll(() => badgeText('overview', 'unreviewed')).toBe('2');
    expect(await badgeText('overview', 'returned')).toBeNull();
    expect(await badgeText('conflicts', 'openConflicts')).toBe('1');
    expect(await badge('conflicts', 'openConflicts').getAttribute('title')).toBe('待处理的冲突 1 处');
    await snap(office, 'badges-01-pending');

    // the same numbers as the overview's
    await showPage(office, 'overview');
    expect(await office.textContent('#stat-unreviewed b')).toBe('2');
    expect(await office.textContent('#stat-conflicts b')).toBe('1');
    expect(await badgeText('overview', 'unreviewed')).toBe('2');

    // 退回 one unit: one waits for review, one is returned
    await office.locator(`#review-list tr[data-unit="${JT}"] .return`).click();
    await office.fill('#return-reason', '请补充路面施工进度');
    await office.click('dialog .dlg-actions button.primary');
    await expect.poll(() => badgeText('overview', 'returned')).toBe('1');
    expect(await badgeText('overview', 'unreviewed')).toBe('1');
    expect(await office.textContent('#stat-returned b')).toBe('1');
    // 通过 the other: no unreviewed badge left
    await office.locator(`#review-list tr[data-unit="${KEJI}"] .approve`).click();
    await expect.poll(() => badgeText('overview', 'unreviewed')).toBeNull();
    expect(await badgeText('overview', 'returned')).toBe('1');
    await snap(office, 'badges-02-after-review');

    // resolving the conflict takes its badge away without reloading the page
    await showPage(office, 'conflicts');
    await office.locator('.conflict-card button.pick-other').click();
    await office.waitForSelector('.conflict-done');
    await expect.poll(() => badgeText('conflicts', 'openConflicts')).toBeNull();
    expect(await badgeText('overview', 'returned')).toBe('1');
    expect(errors).toEqual([]);
  });
});

describe('review steps in an entry’s history', () => {
  it('shows 报送 with the sign-off, 退回 with its reason (for this entry or the whole submission) and 通过 among the entry’s changes', async () => {
    const SL = '省水利厅';
    const sl = await s.issueUnitCode(SL, { person: '周科员' });
    const review = (body: unknown) => api(s.url, s.coordinatorCode, 'POST', `/api/admin/periods/${s.periodId}/units/${encodeURIComponent(SL)}/review`, body);
    expect((await change(sl, '2.1', SL, 'progress', '完成除险加固工程5处。')).body.results[0].outcome).toBe('accepted');
    expect((await api(s.url, sl, 'POST', `/api/periods/${s.periodId}/submit`, { signedBy: '张副厅长' })).status).toBe(200);
    expect((await review({ decision: 'return', reason: '请补充工程清单', measureKeys: [measureKeys.get('2.1')] })).body.state).toBe('returned');
    expect((await change(sl, '2.1', SL, 'progress', '完成除险加固工程5处：南四湖、东平湖等。', 1)).body.results[0].outcome).toBe('accepted');
    expect((await api(s.url, sl, 'POST', `/api/periods/${s.periodId}/submit`, { signedBy: '张副厅长' })).status).toBe(200);
    expect((await review({ decision: 'approve' })).body.state).toBe('approved');

    await showPage(office, 'consolidated');
    await entryRow('2.1', SL).locator('.history').click();
    const rows = office.locator('dialog #history tbody tr');
    await rows.first().waitFor();
    const kinds = async () => (await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.step ?? 'change')));
    expect(await kinds()).toEqual(['approve', 'submit', 'change', 'return', 'submit', 'change']);
    const step = (kind: string, n = 0) => office.locator(`dialog #history tr.history-step[data-step="${kind}"]`).nth(n);
    expect(await step('submit').textContent()).toContain('审签报送');
    expect(await step('submit').locator('.step-detail').textContent()).toBe('审签人：张副厅长');
    expect(await step('submit').textContent()).toContain('周科员');
    expect(await step('return').locator('.step-detail').textContent()).toBe('退回意见：请补充工程清单（退回本条）');
    expect(await step('return').textContent()).toContain('协调办公室');
    expect(await step('approve').textContent()).toContain('审核通过');
    await snap(office, 'history-01-review-steps');
    await office.keyboard.press('Escape');

    // another entry of the same unit: its 报送 and 通过, not a 退回 that named only 2.1
    await entryRow('15.1', SL).locator('.history').click();
    await office.locator('dialog #history tbody tr').first().waitFor();
    expect(await office.locator('dialog #history tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.step ?? 'change'))).toEqual(['approve', 'submit', 'submit']);
    await office.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
});

describe('汇总进展 composer', () => {
  it('shows each unit’s entry for the measure beside the box, read-only with unit names; a unit’s 进展 can be quoted in; saved as typed', async () => {
    const keji = await s.issueUnitCode(KEJI, { person: '钱科员' });
    const fgw = await s.issueUnitCode(FGW, { person: '孙科员' });
    const set = async (code: string, unitId: string, field: string, value: string) =>
      expect((await change(code, '8.3', unitId, field, value)).body.results[0].outcome).toBe('accepted');
    await set(keji, KEJI, 'status', '推进中');
    await set(keji, KEJI, 'progress', '新材料中试基地完成建设。');
    await set(keji, KEJI, 'problems', '设备到货延迟。');
    await set(fgw, FGW, 'progress', '印发产业孵化实施方案。');

    await showPage(office, 'consolidated');
    await entryRow('8.3', '省工业和信息化厅').locator('.edit-summary').click();
    const units = office.locator('dialog #summary-units');
    await units.waitFor();
    expect(await units.locator('.composer-unit').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.unit))).toEqual(['省工业和信息化厅', KEJI, FGW]);
    const kejiBox = units.locator(`.composer-unit[data-unit="${KEJI}"]`);
    expect(await kejiBox.textContent()).toContain('省科技厅');
    expect(await kejiBox.textContent()).toContain('推进中');
    expect(await kejiBox.textContent()).toContain('进展情况：新材料中试基地完成建设。');
    expect(await kejiBox.textContent()).toContain('存在问题：设备到货延迟。');
    expect(await units.locator(`.composer-unit[data-unit="省工业和信息化厅"]`).textContent()).toContain('未填报');
    expect(await units.locator('input, textarea, [contenteditable]').count()).toBe(0); // read-only beside the box
    expect(await units.locator(`.composer-unit[data-unit="省工业和信息化厅"] .quote-unit`).count()).toBe(0); // nothing to quote

    await office.fill('#summary-input', '总体推进顺利。');
    await kejiBox.locator('.quote-unit').click();
    await units.locator(`.composer-unit[data-unit="${FGW}"] .quote-unit`).click();
    const text = '总体推进顺利。\n省科技厅：新材料中试基地完成建设。\n省发展改革委：印发产业孵化实施方案。';
    expect(await office.inputValue('#summary-input')).toBe(text);
    await snap(office, 'summary-01-composer');
    await office.click('dialog .dlg-actions button.primary');
    await expect.poll(() => entryRow('8.3', '省工业和信息化厅').locator('.summary-text').textContent()).toBe(text);
    const stored = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${s.periodId}/consolidated`)).body.measures.find((m: { measureNo: string }) => m.measureNo === '8.3');
    expect(stored.summary).toBe(text);
    // the units' entries are as they were
    expect(stored.units.find((u: { unitId: string }) => u.unitId === KEJI).progress).toBe('新材料中试基地完成建设。');
    expect(errors).toEqual([]);
  });
});

describe('liaisons offered when issuing a code', () => {
  it('prefills the unit’s liaison as the holder, offers the deputy, and records the one chosen', async () => {
    const MZ = '省民政厅';
    expect((await api(s.url, s.coordinatorCode, 'POST', `/api/admin/units/${encodeURIComponent(MZ)}/liaison`, { name: '孙主任', officePhone: '0531-51751234', mobile: '13905310001', deputyName: '周科长', deputyMobile: '13905310002' })).status).toBe(200);
    await showPage(office, 'units');
    await office.locator(`#units-table tr[data-unit="${MZ}"] .issue`).click();
    await office.waitForSelector('#code-holders');
    expect(await office.inputValue('#code-person')).toBe('孙主任');
    const holders = office.locator('#code-holders label');
    expect(await holders.allTextContents()).toEqual([' 联络员：孙主任（办公 0531-51751234，手机 13905310001）', ' 备用联络员：周科长（手机 13905310002）']);
    expect(await holders.nth(0).locator('input').isChecked()).toBe(true);
    await snap(office, 'codes-01-liaison-offered');
    await holders.nth(1).locator('input').check();
    expect(await office.inputValue('#code-person')).toBe('周科长');
    await office.click('dialog .dlg-actions button.primary');
    await office.waitForSelector('#new-code');
    const code = await office.textContent('#new-code');
    await office.click('dialog .dlg-actions button');
    const codes = (await api(s.url, s.coordinatorCode, 'GET', '/api/admin/codes')).body.codes.filter((c: { unitId: string }) => c.unitId === MZ);
    expect(codes.map((c: { person: string }) => c.person)).toEqual(['周科长']);
    expect((await api(s.url, code!, 'GET', '/api/me')).body.person).toBe('周科长');
    expect(await office.textContent(`#units-table tr[data-unit="${MZ}"]`)).toContain('周科长');

    // a unit without a liaison: nothing prefilled, a hint where to add one
    await office.locator(`#units-table tr[data-unit="省教育厅"] .issue`).click();
    await office.waitForSelector('#code-holders');
    expect(await office.inputValue('#code-person')).toBe('');
    expect(await office.textContent('#code-holders')).toContain('该单位未留联络员');
    await office.click('dialog .dlg-actions button:not(.primary)');
    expect(errors).toEqual([]);
  });
});

describe('对比上期 in the 汇总表', () => {
  it('marks exactly the sentence a unit added since the previous period, and only while the toggle is on', async () => {
    const keji = await s.issueUnitCode(KEJI, { person: '钱科员' });
    const jt = await s.issueUnitCode(JT, { person: '赵科员' });
    const put = (code: string, periodId: string, measureNo: string, unitId: string, value: string, baseRev: number) =>
      api(s.url, code, 'POST', `/api/periods/${periodId}/changes`, { source: 'fill', changes: [{ changeId: `cmp-${Math.random().toString(36).slice(2, 12)}`, measureKey: measureKeys.get(measureNo), unitId, field: 'progress', baseRev, value }] });
    const revOf = async (code: string, periodId: string, measureNo: string, unitId: string) =>
      (await api(s.url, code, 'GET', `/api/periods/${periodId}/entries?since=0`)).body.entries.find((e: { measureKey: string; unitId: string }) => e.measureKey === measureKeys.get(measureNo) && e.unitId === unitId)?.fields.progress?.rev ?? 0;
    expect((await put(keji, s.periodId, '10.2', KEJI, '已签订共建协议。完成选址。', await revOf(keji, s.periodId, '10.2', KEJI))).body.results[0].outcome).toBe('accepted');
    expect((await put(jt, s.periodId, '1.3', JT, '完成航道疏浚12公里。', await revOf(jt, s.periodId, '1.3', JT))).body.results[0].outcome).toBe('accepted');
    const opened = await api(s.url, s.coordinatorCode, 'POST', '/api/admin/periods', { name: '2027年上半年', deadline: '2027-06-30', carryOver: true });
    expect(opened.status).toBe(200);
    const next = opened.body.id;
    // 省科技厅 adds one sentence in the middle; 省交通运输厅 keeps its carried text
    expect((await put(keji, next, '10.2', KEJI, '已签订共建协议。实验室挂牌运行。完成选址。', await revOf(keji, next, '10.2', KEJI))).body.results[0].outcome).toBe('accepted');

    await office.reload();
    await office.waitForSelector('#main[data-ready]');
    await office.selectOption('#period-select', next);
    await showPage(office, 'consolidated');
    const kejiRow = entryRow('10.2', KEJI);
    expect(await kejiRow.locator('.c-progress').textContent()).toBe('已签订共建协议。实验室挂牌运行。完成选址。');
    expect(await office.locator('#consolidated u.new-text').count()).toBe(0);

    await office.check('#f-compare');
    await expect.poll(() => office.locator('#consolidated u.new-text').allTextContents()).toEqual(['实验室挂牌运行。']);
    expect(await kejiRow.locator('u.new-text').count()).toBe(1);
    expect(await kejiRow.locator('.c-progress').textContent()).toBe('已签订共建协议。实验室挂牌运行。完成选址。'); // the text itself unchanged
    expect(await entryRow('1.3', JT).locator('.c-progress').textContent()).toBe('完成航道疏浚12公里。');
    expect(await entryRow('1.3', JT).locator('u').count()).toBe(0);
    expect(await office.textContent('#f-compare-note')).toBe('对比上期（2026年下半年）：本期新增内容加下划线');
    expect(await kejiRow.locator('u.new-text').evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
    await kejiRow.scrollIntoViewIfNeeded();
    await snap(office, 'compare-01-new-sentence');

    await office.uncheck('#f-compare');
    await expect.poll(() => office.locator('#consolidated u.new-text').count()).toBe(0);
    expect(await office.textContent('#f-compare-note')).toBe('');
    expect(errors).toEqual([]);
  });
});
