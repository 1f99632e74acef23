import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { loadReferencePlan } from '../readers/reference-plan';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { PERIOD } from '../../shared/layout/test-fixtures';
import { renderLayoutDocx } from './docx-layout';

const plan = loadReferencePlan();
const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, [], {}, plan.units) });

// As LibreOffice prints it (header row on every page): tests/interop/libreoffice-docx.test.ts.
describe('consolidated table → .docx', () => {
  it('is an A3 landscape Word table with a repeated header row, vertical merges, 仿宋 body and "— N —" footer', async () => {
    const buf = await renderLayoutDocx(layout);
    const files = unzipSync(new Uint8Array(buf));
    const doc = strFromU8(files['word/document.xml']);
    expect(doc).toMatch(/<w:pgSz[^>]*w:w="23811"[^>]*w:h="16838"[^>]*w:orient="landscape"/);
    expect(doc.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    const dataRows = layout.rows.filter((r) => r.kind === 'data').length;
    expect(doc.match(/<w:tr[ >]/g)).toHaveLength(dataRows + 1);
    // every vertical merge of the layout: one restart and (rows - 1) continues
    const vertical = layout.merges.filter((m) => m.bottom > m.top);
    expect(doc.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(vertical.length);
    expect(doc.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(vertical.reduce((s, m) => s + m.bottom - m.top, 0));
    expect(doc).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).not.toContain('FG1|');
    const footer = Object.entries(files).find(([name]) => /word\/footer\d*\.xml/.test(name))!;
    const f = strFromU8(footer[1]);
    expect(f).toContain('PAGE');
    expect(f).toContain('— ');
  });
});
