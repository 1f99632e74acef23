import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { loadReferencePlan } from '../readers/reference-plan';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { entry, PERIOD } from '../../shared/layout/test-fixtures';
import { renderLayoutDocx } from './docx-layout';

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
