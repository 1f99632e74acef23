// The consolidated table's PDF read by poppler, an independent reader (the npm test suite reads PDFs
// with PDF.js): printed with the Chromium that comes with npm ci and no system font, the title and
// the units are text (pdftotext) in embedded subset CID TrueType fonts (pdffonts).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { launchChromium } from '../../server/browser/launch-browser';
import { printToPdf } from '../../server/workbooks/pdf';
import { artifactPath } from '../helpers/browser';
import { consolidatedPrintHtml } from './print-fixture';

interface FontRow {
  name: string;
  type: string;
  emb: string;
  sub: string;
  uni: string;
}

/** pdffonts' table: name, type (one or two words), encoding, emb, sub, uni, object id. */
function pdffonts(file: string): FontRow[] {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(line.trim())!;
      return { name: m[1], type: m[2], emb: m[4], sub: m[5], uni: m[6] };
    });
}

let file: string;
beforeAll(async () => {
  const { browser } = await launchChromium({ candidates: [{ source: 'bundled', path: null, label: 'bundled' }], bundledFontsOnly: true });
  try {
    file = artifactPath('print', 'poppler-bundled-fonts.pdf');
    writeFileSync(file, await printToPdf(browser, consolidatedPrintHtml()));
  } finally {
    await browser.close();
  }
});

describe('print-to-PDF with no system font, read back by poppler', () => {
  it('the title and the units are text', () => {
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('鲁南经济圈一体化发展重点任务落实情况汇总表');
    expect(text).toContain('省交通运输厅');
    expect(text).toContain('省大数据局');
    expect(text).toContain('—1—');
  });

  it('every font is a bundled Noto face, embedded as a subset CID TrueType font with a Unicode map', () => {
    const fonts = pdffonts(file);
    console.log(`[pdffonts] ${fonts.length} fonts: ${[...new Set(fonts.map((f) => `${f.type} ${f.name.replace(/^[A-Z]{6}\+/, '')}`))].join('; ')}`);
    expect(fonts.length).toBeGreaterThan(3);
    for (const f of fonts) expect(f, f.name).toMatchObject({ type: 'CID TrueType', emb: 'yes', sub: 'yes', uni: 'yes' });
    expect(fonts.every((f) => /^[A-Z]{6}\+Noto(Serif|Sans)SC/.test(f.name))).toBe(true);
  });
});
