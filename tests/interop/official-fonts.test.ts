// The font stack in a real browser: where an official font is installed, it prints, not the bundled
// one. Debian's Noto Serif CJK SC stands in for 仿宋 — a fontconfig rule gives it that family name
// while scanning —; the control run without the rule prints the body in the bundled Noto Serif SC.
// (Chromium reads which font drew a cell: CSS.getPlatformFontsForNode.)
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../server/browser/launch-browser';
import { openPrintPage } from '../../server/workbooks/pdf';
import { consolidatedPrintHtml } from './print-fixture';

const NOTO_CJK = '/usr/share/fonts/opentype/noto';
const dir = mkdtempSync(join(tmpdir(), 'fengong-official-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fonts that drew each selector's first element, with the system fonts of `rules` only. */
async function fontsDrawing(name: string, rules: string, selectors: string[]): Promise<Record<string, string[]>> {
  const conf = join(dir, `${name}.conf`);
  writeFileSync(conf, `<?xml version="1.0"?>\n<fontconfig>\n  <dir>${NOTO_CJK}</dir>\n${rules}</fontconfig>\n`);
  const saved = process.env.FONTCONFIG_FILE;
  process.env.FONTCONFIG_FILE = conf;
  const { browser } = await launchChromium({ candidates: [{ source: 'bundled', path: null, label: 'bundled' }] });
  try {
    const page = await openPrintPage(browser, consolidatedPrintHtml());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const out: Record<string, string[]> = {};
    for (const selector of selectors) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      out[selector] = fonts.map((f) => `${f.familyName}${f.isCustomFont ? ' (web font)' : ''}`);
    }
    return out;
  } finally {
    await browser.close();
    if (saved === undefined) delete process.env.FONTCONFIG_FILE;
    else process.env.FONTCONFIG_FILE = saved;
  }
}

describe('official fonts before the bundled ones', () => {
  it('仿宋 installed: the body and subtitle print in it; missing: in the bundled Noto Serif SC', async () => {
    expect(existsSync(join(NOTO_CJK, 'NotoSerifCJK-Regular.ttc')), `this check needs fonts-noto-cjk (${NOTO_CJK})`).toBe(true);
    const fangsong =
      '  <match target="scan"><test name="family"><string>Noto Serif CJK SC</string></test><edit name="family" mode="append"><string>仿宋</string></edit></match>\n';
    const selectors = ['tbody td', 'p.subtitle'];
    const missing = await fontsDrawing('no-fangsong', '', selectors);
    const installed = await fontsDrawing('fangsong', fangsong, selectors);
    for (const s of selectors) {
      expect(missing[s], s).toEqual([expect.stringMatching(/^Noto Serif SC.*\(web font\)$/)]);
      expect(installed[s], s).toEqual(['Noto Serif CJK SC']);
    }
  });
});
