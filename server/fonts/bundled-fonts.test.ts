import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fontsFor } from '../../shared/layout/style';
import { BUNDLED_FACES, fontFaceCss, fontFile } from './bundled-fonts';

const FONTS = fontsFor('A3'); // (A4: the same families)

const rules = (css: string) => css.split('\n').filter((l) => l.startsWith('@font-face'));

describe('bundled CJK fonts', () => {
  it('stand last in the font stack, after the official fonts, so they are used only where those are missing', () => {
    const [serif, sans] = BUNDLED_FACES.map((f) => f.family);
    const after = (stack: string[], official: string[], bundled: string) => {
      expect(stack).toContain(bundled);
      for (const o of official) expect(stack.indexOf(o), `${o} before ${bundled}`).toBeLessThan(stack.indexOf(bundled));
    };
    after(FONTS.title.family, ['方正小标宋简体', '黑体'], serif);
    after(FONTS.body.family, ['仿宋_GB2312', '仿宋', 'FangSong'], serif);
    after(FONTS.subtitle.family, ['仿宋_GB2312', '仿宋'], serif);
    after(FONTS.header.family, ['黑体', 'SimHei'], sans);
  });

  it('one @font-face per unicode-range slice and family, a locally installed copy tried before the download', () => {
    const css = fontFaceCss();
    for (const face of BUNDLED_FACES) {
      const mine = rules(css).filter((r) => r.includes(`font-family:"${face.family}"`));
      expect(mine.length).toBeGreaterThan(90); // Google's slicing: ~100 per family
      for (const r of mine) {
        expect(r).toMatch(new RegExp(`src:local\\("${face.local[0]}"\\).*url\\([\\w-]+-400-normal\\.woff2\\) format\\("woff2"\\);unicode-range:U\\+`));
      }
    }
    // every character of the reference table is in some slice (the Google Fonts cut lacks some
    // rare ones: 33 of GB2312's 6763 hanzi, e.g. 劐, are in none — they print only with a system font)
    const ranges = [...css.matchAll(/unicode-range:([^}]+)}/g)].flatMap((m) => m[1].split(','));
    const covered = new Set<number>();
    for (const r of ranges) {
      const [a, b] = r.replace('U+', '').split('-').map((h) => parseInt(h, 16));
      for (let cp = a; cp <= (b ?? a); cp++) covered.add(cp);
    }
    const table = readFileSync('shared/data/lunan-task-division-table.txt', 'utf8').replace(/<\/?p>|\s/g, '');
    const missing = [...new Set(table)].filter((ch) => ch.codePointAt(0)! > 0x7f && !covered.has(ch.codePointAt(0)!));
    expect(missing).toEqual([]);
  });

  it('for print-to-PDF, without local(): the bundled TrueType is embedded rather than a local CFF font', () => {
    const css = fontFaceCss({ preferLocal: false });
    expect(rules(css).length).toBe(rules(fontFaceCss()).length);
    expect(css).not.toContain('local(');
  });

  it('serves only the slices the rules name', () => {
    const name = /url\(([^)]+)\)/.exec(fontFaceCss())![1];
    const file = fontFile(name)!;
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('wOF2');
    for (const bad of ['../package.json', '..%2Fpackage.json', name.replace('-400-', '-700-'), name.replace('.woff2', '.woff'), 'LICENSE', '']) expect(fontFile(bad)).toBeNull();
  });
});
