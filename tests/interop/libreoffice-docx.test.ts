// The Word export as LibreOffice prints it: the header row on every page, "— N —" page numbers.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReferencePlan } from '../../server/readers/reference-plan';
import { renderLayoutDocx } from '../../server/render/docx-layout';
import { consolidate } from '../../shared/model/consolidate';
import { buildConsolidatedSheet } from '../../shared/layout/consolidated-sheet';
import { PERIOD } from '../../shared/layout/test-fixtures';

const plan = loadReferencePlan();
const layout = buildConsolidatedSheet({ planTitle: plan.title, period: PERIOD, measures: consolidate(plan, PERIOD, [], {}, plan.units) });

describe('consolidated table → .docx → LibreOffice', () => {
  it('LibreOffice prints it with the header row on every page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengong-docx-'));
    try {
      const file = join(dir, 'cons.docx');
      writeFileSync(file, await renderLayoutDocx(layout));
      execFileSync('soffice', [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000, stdio: 'ignore' });
      const pages = execFileSync('pdftotext', ['-layout', join(dir, 'cons.pdf'), '-'], { encoding: 'utf8' })
        .split('\f')
        .filter((p) => p.trim());
      expect(pages.length).toBeGreaterThan(1);
      pages.forEach((p, i) => {
        expect(p, `page ${i + 1}`).toContain('具体举措');
        expect(p.replace(/\s+/g, ''), `page ${i + 1}`).toContain(`—${i + 1}—`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
