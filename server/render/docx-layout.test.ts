import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { loadReferencePlan } from '../readers/reference-plan';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { entry, PERIOD } from '../../shared/layout/test-fixtures';
import { buildUnitSheet } from '../../shared/layout/unit-sheet';
import { newTextKey } from '../../shared/cycle/new-text';
import { assignmentsForUnit } from '../../shared/model/unit-assignments';
import type { SheetLayout } from '../../shared/layout/model';
import { renderLayoutDocx } from './docx-layout';
import { renderLayoutDocxWithLibrary } from '../../tests/helpers/docx-library-oracle';

// LibreOffice's rendering of this .docx is read back page by page in `npm run render:print`.
const plan = loadReferencePlan();
const entries = plan.tasks.flatMap((t) => t.measures.flatMap((m) => m.assignments.map((a) => entry(m.key, a.unitId, { status: '推进中', progress: '已按计划推进，完成年度投资目标。\n'.repeat(3) }))));
const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, entries, {}, plan.units), asOf: '2026-06-30', attachment: '附件' });

// As LibreOffice prints it (header row on every page): tests/interop/libreoffice-docx.test.ts.
describe('consolidated table → .docx', () => {
  it('is A3 landscape, one table per computed page with its header row, 续表 on a new page before each later one', async () => {
    const files = unzipSync(new Uint8Array(await renderLayoutDocx(layout)));
    const doc = strFromU8(files['word/document.xml']);
    expect(doc).toMatch(/<w:pgSz[^>]*w:w="23811"[^>]*w:h="16838"[^>]*w:orient="landscape"/);
    const pages = layout.pageBreaks.length + 1;
    expect(pages).toBeGreaterThan(5);
    expect(doc.match(/<w:tbl>/g)).toHaveLength(pages);
    expect(doc.match(/<w:tblHeader\/>/g)).toHaveLength(pages);
    expect(doc.match(/<w:pageBreakBefore\/>/g)).toHaveLength(pages - 1);
    expect(doc.match(/>续表</g)).toHaveLength(pages - 1);
    const dataRows = layout.rows.filter((r) => r.kind === 'data').length;
    expect(doc.match(/<w:tr[ >]/g)).toHaveLength(dataRows + pages);
    // every vertical merge of the layout: one restart and (rows - 1) continues
    const vertical = layout.merges.filter((m) => m.bottom > m.top);
    expect(doc.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(vertical.length);
    expect(doc.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(vertical.reduce((s, m) => s + m.bottom - m.top, 0));
    // rows at least their estimated height; lines at an exact pitch (1.5 × 12 pt = 360 twips)
    expect(doc).toContain('w:hRule="atLeast"');
    expect(doc).toContain('w:line="360" w:lineRule="exact"');
    expect(doc).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('<w:sz w:val="44"/>'); // 二号 title
    expect(doc).toContain('>附件<');
    expect(doc).toContain('>（截至2026年6月30日）<');
    expect(doc).toMatch(/>说明：汇总状态/);
    expect(doc).not.toContain('FG1|');
  });

  it('numbers pages "— N —" in 四号 宋体: odd pages right, even pages left (GB/T 9704)', async () => {
    const files = unzipSync(new Uint8Array(await renderLayoutDocx(layout)));
    expect(strFromU8(files['word/settings.xml'])).toContain('<w:evenAndOddHeaders/>');
    const footers = Object.entries(files).filter(([name]) => /word\/footer\d*\.xml/.test(name)).map(([, f]) => strFromU8(f));
    expect(footers).toHaveLength(2);
    expect(footers.some((f) => f.includes('w:val="right"') && f.includes(' —\u3000'))).toBe(true);
    expect(footers.some((f) => f.includes('w:val="left"') && f.includes('\u3000— '))).toBe(true);
    for (const f of footers) expect(f).toContain('PAGE');
    const styles = strFromU8(files['word/styles.xml']);
    expect(styles).toMatch(/w:styleId="FengongPageNumber"[\s\S]*?w:eastAsia="宋体"[\s\S]*?<w:sz w:val="28"\/>/);
  });
});

// The body is written as text (docx-layout.ts) for speed; the docx library's own objects, as before
// (tests/helpers/docx-library-oracle.ts), must give the very same document for every kind of layout.
describe('the body written as text is what the docx library writes', () => {
  const docXml = async (buf: Buffer) => strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']);
  const odd = '含<尖括号>与&符号、"引号"和\'撇号\'，控制字符\u0001与\u0000，换行\r\n之后';
  const measures = (progress: string) =>
    consolidate(plan, PERIOD, plan.tasks.flatMap((t) => t.measures.flatMap((m) => m.assignments.map((a) => entry(m.key, a.unitId, { status: '推进中', progress })))), {}, plan.units);
  const first = plan.tasks[0].measures[0];
  const unitId = first.assignments[0].unitId;
  const cases: [string, SheetLayout][] = [
    ['consolidated, A3, rows', layout],
    ['consolidated, A4, summary, GB/T page numbers', buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: measures(odd), paper: 'A4', mode: 'summary', pageNumbers: 'gbt' })],
    ['nothing matches the filter (a note row across the table)', buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: measures('x'), filter: { taskNos: ['999'] } })],
    [
      '对比上期: new sentences underlined, 办结 and late marks',
      buildConsolidatedSheet({
        planTitle: plan.title, period: PERIOD, measures: measures('旧的一句。新的一句。\n另起一行'),
        compare: { previousName: '上期', pieces: new Map([[newTextKey(first.key, unitId, 'progress'), [{ text: '旧的一句。', isNew: false }, { text: '新的一句。\n另起一行', isNew: true }]]]) },
        closed: new Set([`${first.key}\u0000${unitId}`]),
      }),
    ],
    ['a unit template', buildUnitSheet({ planTitle: plan.title, period: PERIOD, unit: plan.units.find((u) => u.id === unitId)!, assignments: assignmentsForUnit(plan, unitId), entries: [entry(first.key, unitId, { progress: odd })] })],
  ];
  for (const [name, l] of cases)
    it(name, async () => {
      const props = { customProperties: [{ name: 'k', value: 'v' }] };
      const xml = await docXml(await renderLayoutDocx(l, props));
      expect(xml).toBe(await docXml(await renderLayoutDocxWithLibrary(l, props)));
      if (name.startsWith('对比上期')) expect(xml).toContain('<w:u w:val="single"/>');
      if (name.startsWith('nothing')) expect(xml).toMatch(/<w:gridSpan w:val="\d+"\/>/);
      if (name.includes('template')) expect(xml).toContain('&lt;尖括号&gt;与&amp;符号、&quot;引号&quot;和&apos;撇号&apos;');
    });

  it('has the same parts as the library package', async () => {
    const mine = Object.keys(unzipSync(new Uint8Array(await renderLayoutDocx(layout))));
    const theirs = Object.keys(unzipSync(new Uint8Array(await renderLayoutDocxWithLibrary(layout)))).filter((n) => !n.endsWith('/'));
    expect(mine.sort()).toEqual(theirs.sort());
  });
});
