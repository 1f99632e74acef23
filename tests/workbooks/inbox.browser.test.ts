// The console's 回收工作簿 inbox in a real headless Chromium against a real service: files dropped,
// the report in plain words ("已合并" only when something merged, each column's meaning), and the
// unit picker for files that do not say whose they are or name several units — including letting
// the name a file used be recognised from then on. Templates download as .xlsx and .docx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server';
import { getPlanIndex } from '../../server/services/plans';
import { artifactPath, launchBrowser, openPage, shot, showPage, signInConsole, startConsoleServer } from '../console/harness';
import { writeSheets } from './helpers';

let s: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let measures: (unit: string) => { key: string; no: string; text: string }[];

beforeAll(async () => {
  s = await startConsoleServer();
  const plan = await getPlanIndex(s.ctx, s.planId);
  measures = (unit) => (plan.measuresOfUnit.get(unit) ?? []).map((key) => ({ key, no: plan.measures.get(key)!.measure.no, text: plan.measures.get(key)!.measure.text }));
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
  await signInConsole(page, s);
  await showPage(page, 'workbooks');
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function drop(name: string, bytes: Buffer): Promise<ReturnType<Page['locator']>> {
  const file = artifactPath('inbox', name);
  writeFileSync(file, bytes);
  const cards = page.locator(`.merge-report[data-file="${name}"]`);
  const before = await cards.count();
  await page.setInputFiles('#wb-files', file);
  // new reports are put on top: wait for this one, not an earlier report of a file of that name
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length > (n as number), [`.merge-report[data-file="${name}"]`, before] as const);
  return cards.first();
}

const value = async (unit: string, key: string, f: 'status' | 'progress' | 'problems') => (await s.field(key, unit, f))?.value;

describe('workbook inbox', () => {
  it('a table with two added columns: 已合并, the unit and how it was found, what each column was read as', async () => {
    const m = measures('省发展改革委');
    const bytes = await writeSheets([
      {
        name: 'Sheet1',
        rows: [
          ['省发展改革委重点任务进展'],
          ['序号', '具体举措', '工作进展', '完成情况'],
          [m[0].no, m[0].text, '鲁南高铁曲阜至菏泽段开通。', '正常推进'],
          [m[1].no, m[1].text, '高速公路项目加快建设。', '完成了一半'],
        ],
      },
    ]);
    const card = await drop('发改委进展.xlsx', bytes);
    expect(await card.locator('.tag').textContent()).toBe('已合并');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('填报单位：省发展改革委（依据标题行“省发展改革委重点任务进展”）');
    expect(text).toMatch(/合并 3 项.*1 个单元格未导入/);
    // the column report and the ignored cell (with its row and why) are open to read
    const cols = card.locator('details[data-part="columns"]');
    await cols.locator('summary').click();
    expect(await cols.textContent()).toMatch(/完成情况完成状态表头“完成情况”，但内容多为完成状态词/);
    const ignored = card.locator('details[data-part="ignored"]');
    expect(await ignored.getAttribute('open')).not.toBeNull();
    expect(await ignored.textContent()).toMatch(/D4完成了一半.*“完成了一半”无法识别/);
    expect(await value('省发展改革委', m[0].key, 'status')).toBe('推进中');
    await shot(page, '20-inbox-columns', true);

    // the same file again: nothing new, and it says so (not 已合并); the unreadable status is still listed
    const again = await drop('发改委进展.xlsx', bytes);
    expect(await again.locator('.tag').textContent()).toBe('没有新内容，有未导入项');
  });

  it('several units named: the picker offers them first; choosing one merges the file', async () => {
    const m = measures('省交通运输厅').at(-1)!;
    const bytes = await writeSheets([{ name: 'Sheet1', rows: [['省发改委、省交通运输厅联合报送'], ['序号', '具体举措', '进展情况'], [m.no, m.text, '一体化规划已印发。']] }]);
    const card = await drop('联合报送.xlsx', bytes);
    expect(await card.locator('.tag').textContent()).toBe('请选择填报单位');
    expect(await card.locator('.notice').textContent()).toMatch(/多个可能的填报单位/);
    const group = card.locator('optgroup[label="文件中出现的单位"] option');
    expect(await group.allTextContents()).toEqual(['省发展改革委', '省交通运输厅']);
    await shot(page, '21-inbox-picker', true);
    await card.locator('select.wb-unit').selectOption('省交通运输厅');
    await card.locator('button.wb-choose').click();
    const merged = page.locator('.merge-report[data-file="联合报送.xlsx"][data-verdict="已合并"]');
    await merged.waitFor();
    expect(await merged.textContent()).toContain('填报单位：省交通运输厅（依据办公室指定：省交通运输厅）');
    expect(await value('省交通运输厅', m.key, 'progress')).toBe('一体化规划已印发。');
  });

  it('a name the registry does not know: pick the unit and remember the name; the next file saying it needs no question', async () => {
    const m = measures('省水利厅');
    const file = (i: number, text: string) =>
      writeSheets([{ name: 'Sheet1', rows: [['填报单位：山东省水利部门'], ['序号', '具体举措', '存在问题'], [m[i].no, m[i].text, text]] }]);
    const card = await drop('水利.xlsx', await file(0, '资金到位偏慢。'));
    expect(await card.locator('.tag').textContent()).toBe('请选择填报单位');
    expect(await card.locator('optgroup[label="全部单位"] option').count()).toBeGreaterThan(20);
    await card.locator('select.wb-unit').selectOption('省水利厅');
    await card.locator('input.wb-remember').check();
    await card.locator('button.wb-choose').click();
    await page.locator('.merge-report[data-file="水利.xlsx"][data-verdict="已合并"]').waitFor();
    expect((await s.ctx.store.units.get('省水利厅'))!.aliases).toContain('山东省水利部门');
    const next = await drop('水利2.xlsx', await file(1, '工程审批周期长。'));
    expect(await next.locator('.tag').textContent()).toBe('已合并');
    expect(await next.textContent()).toContain('填报单位：省水利厅（依据“填报单位”栏“山东省水利部门”）');
    expect(await value('省水利厅', m[1].key, 'problems')).toBe('工程审批周期长。');
  });

  it('a file that is not a workbook says why; templates download as Excel and as Word', async () => {
    const card = await drop('不是工作簿.xlsx', Buffer.from('this is not a zip'));
    expect(await card.locator('.tag').textContent()).toBe('未合并');
    expect(await card.locator('.error').textContent()).toMatch(/[\u4e00-\u9fa5]/);
    await page.locator('#tpl-unit').selectOption('枣庄市人民政府');
    const [docx] = await Promise.all([page.waitForEvent('download'), page.click('#tpl-docx')]);
    expect(docx.suggestedFilename()).toMatch(/^枣庄市人民政府-.*-填报表\.docx$/);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#tpl-xlsx')]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(errors).toEqual([]);
  });
});
