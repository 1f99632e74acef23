// The coordination office's console in a real headless Chromium against a real service on a temp
// database (stories 6 and 5/7 from the browser side). The tests run in order and share one service.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server';
import { startConsoleServer, openPage, signInConsole, showPage, shot, api, launchBrowser, artifactPath } from './harness';
import { splitMeasureLabel } from '../../shared/layout/consolidated-columns';
import { officeDate } from '../../shared/layout/file-names';

const TRANSPORT = '省交通运输厅';
const ZAOZHUANG = '枣庄市人民政府';

let s: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let transportCode: string;
let zzCode: string;
let zzCode2: string;
let p: string; // /api/periods/<id>

async function assignments(code: string) {
  const r = await api(s.url, code, 'GET', `${p}/assignments`);
  expect(r.status).toBe(200);
  return r.body.assignments as { measureKey: string; measureNo: string }[];
}

async function change(code: string, measureKey: string, unitId: string, field: string, value: string, baseRev = 0, source = 'addin') {
  const r = await api(s.url, code, 'POST', `${p}/changes`, {
    source,
    changes: [{ changeId: `t-${Math.random().toString(36).slice(2, 12)}`, measureKey, unitId, field, baseRev, value }],
  });
  return r;
}

async function consolidatedRow(measureKey: string, unitId: string) {
  const r = await api(s.url, s.coordinatorCode, 'GET', `${p}/consolidated`);
  expect(r.status).toBe(200);
  const m = r.body.measures.find((x: any) => x.measureKey === measureKey);
  return { measure: m, row: m.units.find((u: any) => u.unitId === unitId) };
}

beforeAll(async () => {
  s = await startConsoleServer();
  p = `/api/periods/${s.periodId}`;
  transportCode = await s.issueUnitCode(TRANSPORT, { person: '王工' });
  zzCode = await s.issueUnitCode(ZAOZHUANG, { person: '甲' });
  zzCode2 = await s.issueUnitCode(ZAOZHUANG, { person: '乙' });
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('coordination office console', () => {
  it('refuses a wrong code with the service message and signs in with the coordinator code', async () => {
    await page.goto(`${s.url}/console/`);
    await page.fill('#code', 'WRONG-CODE-0000');
    await page.click('#signin');
    await expect.poll(() => page.textContent('#signin-error')).toContain('访问码无效');
    // a unit's code is not a coordinator's
    await page.fill('#code', transportCode);
    await page.click('#signin');
    await expect.poll(() => page.textContent('#signin-error')).toContain('填报单位的访问码');
    await shot(page, '01-signin-refused');
    await signInConsole(page, s);
    expect(await page.textContent('header.top')).toContain('协调办公室');
    // the code is kept for the tab: a reload stays signed in
    await page.reload();
    await page.waitForSelector('#main[data-ready="overview"]');
  });

  it('overview numbers, 催报清单 and charts match the data seeded through the API', async () => {
    const t = await assignments(transportCode);
    const [m1, m2] = t;
    for (const m of [m1, m2]) {
      expect((await change(transportCode, m.measureKey, TRANSPORT, 'status', '推进中')).status).toBe(200);
      expect((await change(transportCode, m.measureKey, TRANSPORT, 'progress', `${m.measureNo} 已完成前期工作。`)).status).toBe(200);
    }
    expect((await api(s.url, transportCode, 'POST', `${p}/submit`)).status).toBe(200);
    const z = await assignments(zzCode);
    expect((await change(zzCode, z[0].measureKey, ZAOZHUANG, 'contact', '李明 0632-7654321')).status).toBe(200);

    const status = (await api(s.url, s.coordinatorCode, 'GET', `${p}/status`)).body;
    const totalAssigned = status.units.reduce((n: number, u: any) => n + u.assigned, 0);

    await showPage(page, 'overview');
    expect(await page.textContent('#stat-submitted b')).toBe('1');
    expect(await page.textContent('#stat-units b')).toBe(String(status.units.length));
    expect(await page.textContent('#stat-chase b')).toBe(String(status.units.length - 1));
    expect(await page.textContent('#stat-filled b')).toBe(`3 / ${totalAssigned}`); // 2 transport entries + 1 枣庄 entry
    // the 汇总表 lists more rows than 应填 (the placeholder units): the overview says so
    const tableRows = (await api(s.url, s.coordinatorCode, 'GET', `${p}/consolidated`)).body.measures.reduce((n: number, m: any) => n + m.units.length, 0);
    expect(tableRows).toBeGreaterThan(totalAssigned);
    const note = (await page.textContent('#count-note'))!;
    expect(note).toContain(`应填条目 ${totalAssigned} 条`);
    expect(note).toContain(`${tableRows - totalAssigned} 条`);
    expect(note).toContain(`共 ${tableRows} 条`);
    expect(note).toContain('省有关部门');

    const transportRow = page.locator(`#unit-status tbody tr[data-key="${TRANSPORT}"]`);
    const cells = await transportRow.locator('td').allTextContents();
    expect(cells[1]).toBe(String(t.length)); // 应填
    expect(cells[2]).toBe('2'); // 已填
    expect(cells[4]).toContain('已报送');

    const chase = await page.textContent('#chase-list');
    expect(chase).not.toContain(TRANSPORT);
    expect(await page.locator(`#chase-list tr[data-unit="${ZAOZHUANG}"]`).textContent()).toContain('李明 0632-7654321');

    // sorting by 已填 (descending) puts the units with entries first
    const filledHeader = page.locator('#unit-status th', { hasText: '已填' }).first();
    await filledHeader.click();
    await filledHeader.click();
    const firstTwo = await page.locator('#unit-status tbody tr').evaluateAll((rows) => rows.slice(0, 2).map((r) => r.getAttribute('data-key')));
    expect(firstTwo.sort()).toEqual([TRANSPORT, ZAOZHUANG].sort());

    // 催报清单 as CSV: every unit not submitted, with contacts
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#chase-export')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`催报清单-${status.period.name}-${officeDate()}.csv`);
    expect(csv.split('\r\n').filter(Boolean).length).toBe(1 + status.units.length - 1);
    expect(csv).toContain('李明 0632-7654321');
    expect(csv).not.toContain(TRANSPORT);

    // both charts drew onto a canvas
    await page.waitForSelector('#chart-status canvas');
    await page.waitForSelector('#chart-periods canvas');
    await page.waitForTimeout(600); // chart animation
    await shot(page, '02-overview');
    await shot(page, '02-overview-full', true);
    expect(errors).toEqual([]);
  });

  it('first load: the console without the chart library is ≤ 200 KB; the charts load only on the overview', async () => {
    const { page: fresh } = await openPage(browser);
    const loaded: { url: string; bytes: number; gzip: number }[] = [];
    fresh.on('response', async (r) => {
      if (!/\.(js|css|html)$|\/console\/$/.test(new URL(r.url()).pathname)) return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      loaded.push({ url: new URL(r.url()).pathname, bytes: body.length, gzip: gzipSync(body).length });
    });
    await fresh.goto(`${s.url}/console/#consolidated`);
    await fresh.fill('#code', s.coordinatorCode);
    await fresh.click('#signin');
    await fresh.waitForSelector('#main[data-ready="consolidated"]');
    await fresh.waitForLoadState('networkidle');
    const sum = (k: 'bytes' | 'gzip') => loaded.reduce((n, x) => n + x[k], 0);
    console.log(`[bundle] first load before charts: ${(sum('bytes') / 1024).toFixed(1)} KB raw, ${(sum('gzip') / 1024).toFixed(1)} KB gzip (${loaded.map((x) => x.url).join(', ')})`);
    expect(sum('bytes')).toBeLessThanOrEqual(200 * 1024);
    // a favicon, inline: no request for /favicon.ico
    expect(await fresh.locator('link[rel="icon"][href^="data:image/svg+xml"]').count()).toBe(1);
    expect(loaded.some((x) => x.url.includes('charts') || x.bytes > 300 * 1024)).toBe(false);
    const before = loaded.length;
    await fresh.evaluate(() => (location.hash = 'overview'));
    await fresh.waitForSelector('#chart-status canvas');
    const charts = loaded.slice(before).filter((x) => x.url.endsWith('.js'));
    expect(charts.length).toBeGreaterThan(0);
    console.log(`[bundle] charts, loaded on the overview: ${(charts.reduce((n, x) => n + x.bytes, 0) / 1024).toFixed(1)} KB raw, ${(charts.reduce((n, x) => n + x.gzip, 0) / 1024).toFixed(1)} KB gzip`);
    await fresh.context().close();
  });

  it('consolidated table at 1366×768: nothing cut off, 主要任务 shown, counts explained, the header stays opaque', async () => {
    await showPage(page, 'consolidated');
    const table = page.locator('#consolidated');
    // no horizontal clipping: the table fits its box and the last column is inside the window
    const fit = await page.evaluate(() => {
      const t = document.querySelector('#consolidated') as HTMLElement;
      const box = t.parentElement!;
      const ths = [...t.querySelectorAll('thead th')] as HTMLElement[];
      return { scroll: box.scrollWidth, client: box.clientWidth, lastRight: ths[ths.length - 1].getBoundingClientRect().right, headers: ths.map((th) => th.textContent), vw: window.innerWidth };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.lastRight).toBeLessThanOrEqual(fit.vw);
    expect(fit.headers).toEqual(['具体举措', '责任单位', '完成状态', '进展情况', '存在问题', '下步计划', '汇总状态', '联系人/电话', '更新时间']);
    // tasks as group rows: 序号 and 主要任务
    expect(await table.locator('tr.task-row').first().textContent()).toBe('1　构建一体化综合交通网络');
    expect(await table.locator('tr.task-row').count()).toBe(26);
    // every measure with its number; units listed by full name, in plan order
    expect(await table.locator(`tr[data-measure] td`).first().textContent()).toMatch(/^1\.1 /);
    const options = await page.locator('#f-unit option').allTextContents();
    expect(options.slice(0, 3)).toEqual(['全部单位', '省交通运输厅', '省发展改革委']); // 1.1's units first
    expect(options).toContain('枣庄市人民政府');
    expect(options).not.toContain('枣庄市政府');
    expect(options.indexOf('临沂市人民政府')).toBeLessThan(options.indexOf('菏泽市人民政府'));
    // counts agree with the overview or say why not: the placeholders (省有关部门 …) are listed but not 应填
    const status = (await api(s.url, s.coordinatorCode, 'GET', `${p}/status`)).body;
    const assigned = status.units.reduce((n: number, u: { assigned: number }) => n + u.assigned, 0);
    const rows = await table.locator('tbody tr[data-unit]').count();
    const count = (await page.textContent('#f-count'))!;
    expect(count).toContain(`${rows} 条填报`);
    expect(count).toContain(`其中 ${rows - assigned} 条属待落实的占位单位`);
    // the sticky header looks the same, pixel for pixel, with rows scrolled under it: nothing shows through
    const header = page.locator('#consolidated thead tr');
    const before = await header.screenshot();
    for (const top of [137, 600, 1400]) {
      await page.locator('.scroll').evaluate((el, y) => (el.scrollTop = y), top);
      expect((await header.screenshot()).equals(before), `scrolled to ${top}`).toBe(true);
    }
    await shot(page, '03-consolidated-1366');
  });

  it('consolidated table: filter by unit and status, open an entry history, write the office summary', async () => {
    await showPage(page, 'consolidated');
    await page.selectOption('#f-unit', TRANSPORT);
    const t = await assignments(transportCode);
    expect(await page.locator('#consolidated tbody tr[data-unit]').count()).toBe(t.length);
    await page.selectOption('#f-status', '推进中');
    expect(await page.locator('#consolidated tbody tr[data-unit]').count()).toBe(2);
    const first = page.locator(`#consolidated tbody tr[data-measure="${t[0].measureKey}"]`);
    expect(await first.textContent()).toContain(`${t[0].measureNo} 已完成前期工作。`);

    await first.locator('button.history').click();
    const history = page.locator('dialog #history');
    await history.waitFor();
    const text = await history.textContent();
    expect(text).toContain('进展情况');
    expect(text).toContain(`${t[0].measureNo} 已完成前期工作。`);
    expect(text).toContain('Excel 加载项');
    expect(text).toContain('王工');
    await shot(page, '03-history');
    await page.click('dialog .dlg-actions button');

    await first.locator('button.edit-summary').click();
    await page.fill('#summary-input', '省交通运输厅牵头推进，进展顺利。');
    await page.click('dialog button.primary');
    await expect.poll(async () => (await consolidatedRow(t[0].measureKey, TRANSPORT)).measure.summary).toBe('省交通运输厅牵头推进，进展顺利。');
    expect(await first.textContent()).toContain('省交通运输厅牵头推进，进展顺利。');
    await shot(page, '03-consolidated');
  });

  it('conflicts inbox: both values side by side; picking one resolves it through the service', async () => {
    const z = await assignments(zzCode);
    const mk = z[1].measureKey;
    const a = await change(zzCode, mk, ZAOZHUANG, 'status', '推进中', 0);
    expect(a.body.results[0].outcome).toBe('accepted');
    const b = await change(zzCode2, mk, ZAOZHUANG, 'status', '已完成', 0); // edited from the same base
    expect(b.body.results[0].outcome).toBe('conflict');

    await showPage(page, 'conflicts');
    const card = page.locator('.conflict-card', { hasText: ZAOZHUANG });
    expect(await card.count()).toBe(1);
    expect(await card.locator('.pane-current').textContent()).toContain('推进中');
    expect(await card.locator('.pane-other').textContent()).toContain('已完成');
    await shot(page, '04-conflict');
    // the unit saves again while the office is deciding: the choice is not applied over it …
    expect((await change(zzCode, mk, ZAOZHUANG, 'status', '滞后', 1)).body.results[0]).toMatchObject({ outcome: 'accepted', rev: 2 });
    await card.locator('button.pick-current').click();
    await card.locator('.conflict-moved').waitFor();
    expect(await card.locator('.conflict-moved').textContent()).toContain('已被他人修改');
    expect(await card.locator('.pane-current').textContent()).toContain('滞后'); // … the newer value is shown instead
    expect((await consolidatedRow(mk, ZAOZHUANG)).row.status).toBe('滞后');
    await shot(page, '04b-conflict-moved');
    // decided again, against the newer value
    await card.locator('button.pick-other').click();
    await page.waitForSelector('.conflict-done');
    expect((await consolidatedRow(mk, ZAOZHUANG)).row.status).toBe('已完成');
    const open = (await api(s.url, s.coordinatorCode, 'GET', `${p}/conflicts`)).body.conflicts.filter((c: any) => !c.resolvedAt);
    expect(open).toEqual([]);
  });

  it('workbook inbox: a returned template is merged and its report shown', async () => {
    const res = await fetch(`${s.url}${p}/templates/${encodeURIComponent(ZAOZHUANG)}.xlsx`, { headers: { authorization: `Bearer ${s.coordinatorCode}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    let header = 0;
    const col: Record<string, number> = {};
    ws.eachRow((row, n) => {
      if (header) return;
      row.eachCell((cell, c) => {
        if (['完成状态', '进展情况', '具体举措'].includes(String(cell.value))) {
          header = n;
          col[String(cell.value)] = c;
        }
      });
    });
    expect(header).toBeGreaterThan(0);
    const z = await assignments(zzCode);
    const target = z[2] ?? z[0];
    // the row of that measure (its text in 具体举措)
    const measureText = (await consolidatedRow(target.measureKey, ZAOZHUANG)).measure.measureText as string;
    let rowNo = 0;
    ws.eachRow((row, n) => {
      if (n > header && splitMeasureLabel(String(row.getCell(col['具体举措']).value)).text === measureText) rowNo = n;
    });
    expect(rowNo).toBeGreaterThan(header);
    ws.getRow(rowNo).getCell(col['完成状态']).value = '推进中';
    ws.getRow(rowNo).getCell(col['进展情况']).value = '枣庄市已完成方案编制，正在组织实施。';
    const file = artifactPath('console', '枣庄市人民政府-填报表.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    await showPage(page, 'workbooks');
    await page.setInputFiles('#wb-files', file);
    const report = page.locator('.merge-report').first();
    await report.waitFor();
    expect(await report.textContent()).toContain('已合并');
    expect(Number(await report.locator('[data-count="merged"] b').textContent())).toBe(2);
    expect(Number(await report.locator('[data-count="conflicts"] b').textContent())).toBe(0);
    expect(await report.textContent()).toContain(ZAOZHUANG);
    await expect.poll(async () => (await consolidatedRow(target.measureKey, ZAOZHUANG)).row.progress).toBe('枣庄市已完成方案编制，正在组织实施。');

    // dropped again (drag & drop this time): nothing new, everything unchanged
    const b64 = readFileSync(file).toString('base64');
    const dt = await page.evaluateHandle((b: string) => {
      const bytes = Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], '再次发回.xlsx'));
      return data;
    }, b64);
    await page.dispatchEvent('#wb-drop', 'drop', { dataTransfer: dt });
    const again = page.locator('.merge-report[data-file="再次发回.xlsx"]');
    await again.waitFor();
    expect(Number(await again.locator('[data-count="merged"] b').textContent())).toBe(0);
    expect(Number(await again.locator('[data-count="unchanged"] b').textContent())).toBeGreaterThanOrEqual(2);

    // not a workbook: the service's message, nothing merged
    const bad = artifactPath('console', 'not-a-workbook.xlsx');
    writeFileSync(bad, 'this is not a zip');
    await page.setInputFiles('#wb-files', bad);
    await page.waitForSelector('.merge-report[data-file="not-a-workbook.xlsx"] .error');
    const msg = await page.textContent('.merge-report[data-file="not-a-workbook.xlsx"] .error');
    expect(msg).toMatch(/[\u4e00-\u9fa5]/);
    expect(msg).not.toMatch(/at \w+ \(|Error:/);
    await shot(page, '05-workbook-report');
  });

  it('units and access: issue a code (shown once), it signs in; revoke it, it no longer does; download the list', async () => {
    await showPage(page, 'units');
    const row = page.locator(`#units-table tr[data-unit="${ZAOZHUANG}"]`);
    await row.locator('button.issue').click();
    await page.fill('#code-person', '丙');
    await page.click('dialog button.primary');
    const code = (await page.locator('#new-code').textContent())!.trim();
    expect(code.length).toBeGreaterThan(8);
    await shot(page, '06-code-issued');
    const me = await api(s.url, code, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.unit.id).toBe(ZAOZHUANG);
    await page.click('dialog .dlg-actions button');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-codes')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(code);
    expect(csv).toContain(ZAOZHUANG);

    const codes = (await api(s.url, s.coordinatorCode, 'GET', '/api/admin/codes')).body.codes;
    const issued = codes.find((c: any) => c.unitId === ZAOZHUANG && c.person === '丙');
    await page.locator(`.code-line[data-code-id="${issued.id}"] button.revoke`).click();
    await expect.poll(async () => (await api(s.url, code, 'GET', '/api/me')).status).toBe(401);
    expect(await page.locator(`.code-line[data-code-id="${issued.id}"]`).count()).toBe(0);
  });

  it('print: the HTML print view opens with the consolidated table; the .xlsx and PDF download', async () => {
    await showPage(page, 'print');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#open-print-view')]);
    await popup.waitForLoadState();
    await expect.poll(async () => (await popup.textContent('body')) ?? '').toContain('鲁南经济圈');
    expect(await popup.textContent('body')).toContain('枣庄市已完成方案编制，正在组织实施。');
    // The view (a blob: page) reaches the service's bundled fonts, for PCs without the official ones.
    const fontRules = await popup.evaluate(() => [...document.styleSheets].find((sh) => sh.href?.endsWith('/fonts/fonts.css'))?.cssRules.length ?? 0);
    expect(fontRules).toBeGreaterThan(100);
    await popup.setViewportSize({ width: 1366, height: 768 });
    await popup.screenshot({ path: artifactPath('console', '07-print-view.png') });
    await popup.close();

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#dl-xlsx')]);
    const bytes = readFileSync((await xlsx.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const periodName = (await api(s.url, s.coordinatorCode, 'GET', p)).body.name;
    expect(xlsx.suggestedFilename()).toBe(`落实情况汇总表-${periodName}-${officeDate()}.xlsx`);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(bytes as unknown as ArrayBuffer);
    let found = false;
    back.worksheets[0].eachRow((row) => row.eachCell((c) => void (String(c.value).includes('枣庄市已完成方案编制') && (found = true))));
    expect(found).toBe(true);

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('#dl-pdf')]);
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('plan: a revised table is previewed (warnings, diff) before it is applied', async () => {
    const original = readFileSync('shared/data/lunan-task-division-table.txt', 'utf8');
    expect(original).toContain('实施京杭运河主航道升级工程。');
    const revised = artifactPath('console', '分工表-修订.txt');
    writeFileSync(revised, original.replace('实施京杭运河主航道升级工程。', '实施京杭运河主航道升级改造工程，提升通航能力。'));
    const before = (await api(s.url, s.coordinatorCode, 'GET', '/api/plans')).body.plans.find((x: any) => x.id === s.planId);

    await showPage(page, 'plan');
    await page.setInputFiles('#plan-file', revised);
    await page.waitForSelector('#plan-apply');
    const diff = await page.textContent('#plan-diff');
    expect(diff).toContain('修改的举措（1）');
    expect(diff).toContain('实施京杭运河主航道升级改造工程，提升通航能力。');
    expect(await page.locator('#plan-warnings tbody tr').count()).toBeGreaterThan(0); // the reference table has known irregularities
    await shot(page, '09-plan-preview');
    // a preview changes nothing
    const still = (await api(s.url, s.coordinatorCode, 'GET', '/api/plans')).body.plans.find((x: any) => x.id === s.planId);
    expect(still.version).toBe(before.version);

    await page.click('#plan-apply');
    await expect.poll(async () => (await api(s.url, s.coordinatorCode, 'GET', '/api/plans')).body.plans.find((x: any) => x.id === s.planId).version).toBe(before.version + 1);
    const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
    const texts = plan.tasks.flatMap((t: any) => t.measures.map((m: any) => m.text));
    expect(texts).toContain('实施京杭运河主航道升级改造工程，提升通航能力。');
    // the entries filled before stay attached (keys kept)
    const t = await assignments(transportCode);
    expect((await consolidatedRow(t[0].measureKey, TRANSPORT)).row.progress).toBe(`${t[0].measureNo} 已完成前期工作。`);
  });

  it('units: resolve a placeholder group to concrete units and change a measure\'s lead', async () => {
    await showPage(page, 'units');
    const group = page.locator('#groups [data-group="相关市政府"]');
    await group.locator('input[value="济宁市人民政府"]').check();
    await group.locator('input[value="菏泽市人民政府"]').check();
    await group.locator('button.primary').click();
    const measureUnits = async (no: string) => {
      const plan = (await api(s.url, s.coordinatorCode, 'GET', `/api/plans/${s.planId}`)).body.plan;
      const m = plan.tasks.flatMap((t: any) => t.measures).find((x: any) => x.no === no);
      return m.assignments as { unitId: string; role: string }[];
    };
    await expect.poll(async () => (await measureUnits('3.1')).map((a) => a.unitId)).toEqual(expect.arrayContaining(['济宁市人民政府', '菏泽市人民政府']));
    expect((await measureUnits('3.1')).map((a) => a.unitId)).not.toContain('相关市政府');

    await page.waitForSelector('#main[data-ready="units"]');
    const t = await assignments(transportCode);
    await page.selectOption('#lead-measure', t[0].measureKey);
    const row = page.locator('#leads tr', { hasText: '省发展改革委' });
    await row.locator('button', { hasText: '设为牵头' }).click();
    await page.locator('#leads button.primary').click();
    await expect.poll(async () => (await measureUnits(t[0].measureNo)).find((a) => a.role === 'lead')?.unitId).toBe('省发展改革委');
    await shot(page, '09-units-leads');
  });

  it('periods: close the period, a unit sync is refused; reopen is recorded; a new period carries the text over', async () => {
    await showPage(page, 'periods');
    await page.locator(`tr[data-period="${s.periodId}"] button.close-period`).click();
    await page.waitForSelector(`tr[data-period="${s.periodId}"] button.reopen-period`);
    await shot(page, '08-period-closed');
    const t = await assignments(transportCode);
    const refused = await change(transportCode, t[0].measureKey, TRANSPORT, 'problems', '资金缺口较大。', 0);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PERIOD_CLOSED');
    expect(refused.body.error.message).toContain('本期填报已关闭');

    await page.locator(`tr[data-period="${s.periodId}"] button.reopen-period`).click();
    await page.waitForSelector(`tr[data-period="${s.periodId}"] button.close-period`);
    const periods = (await api(s.url, s.coordinatorCode, 'GET', '/api/periods')).body.periods;
    expect(periods.find((x: any) => x.id === s.periodId).state).toBe('open');
    // the page shows the record: opened, closed, reopened — in that order
    const events = page.locator(`tr[data-period="${s.periodId}"] td.events div`);
    await expect.poll(() => events.allTextContents()).toHaveLength(3);
    expect((await events.allTextContents()).map((t) => t.split(' ')[0])).toEqual(['开启', '关闭', '重新开启']);

    // close again, then open the next period carrying the text over
    await page.locator(`tr[data-period="${s.periodId}"] button.close-period`).click();
    await page.waitForSelector(`tr[data-period="${s.periodId}"] button.reopen-period`);
    await page.fill('#new-period-name', '2027年上半年');
    await page.click('#open-period');
    await page.waitForSelector('#periods-table td:has-text("2027年上半年")');
    const next = (await api(s.url, s.coordinatorCode, 'GET', '/api/periods')).body.periods.find((x: any) => x.name === '2027年上半年');
    expect(next.carriedFrom).toBe(s.periodId);
    expect(next.state).toBe('open');
    const carried = (await api(s.url, s.coordinatorCode, 'GET', `/api/periods/${next.id}/consolidated`)).body;
    const row = carried.measures.find((m: any) => m.measureKey === t[0].measureKey).units.find((u: any) => u.unitId === TRANSPORT);
    expect(row.progress).toBe(`${t[0].measureNo} 已完成前期工作。`);
    // the header now shows the new period; the overview follows it
    expect(await page.locator('#period-select option:checked').textContent()).toContain('2027年上半年');
    await shot(page, '08-periods');
    await showPage(page, 'overview');
    await page.waitForSelector('#chart-periods canvas');
    await page.waitForTimeout(600);
    await shot(page, '08-overview-next-period');
    expect(errors).toEqual([]);
  });
});
