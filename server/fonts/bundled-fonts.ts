// CJK fonts that come with `npm ci`: Noto Serif SC and Noto Sans SC (SIL Open Font License) from
// @fontsource, in the unicode-range slices Google Fonts cuts them into, so a browser fetches only
// the slices a page uses. The service serves them under /fonts/ (fonts.css and the .woff2 files).
// The @font-face rules carry the names the font stack lists last before the generic family
// (shared/layout/style.ts: 'Noto Serif CJK SC', 'Noto Sans CJK SC'), after the official fonts
// (方正小标宋简体, 仿宋_GB2312 / 仿宋, 黑体 …): a printer with those installed never uses these.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FONTS_URL = '/fonts';
export const FONT_STYLESHEET = `${FONTS_URL}/fonts.css`;
/** For the print view's <head>. */
export const FONT_STYLESHEET_LINK = `<link rel="stylesheet" href="${FONT_STYLESHEET}">`;

export interface BundledFace {
  /** The font-stack name these rules stand for. */
  family: string;
  pkg: string;
  /** The same typeface installed on the machine (full and PostScript names), tried before a download. */
  local: string[];
}

export const BUNDLED_FACES: BundledFace[] = [
  {
    family: 'Noto Serif CJK SC',
    pkg: '@fontsource/noto-serif-sc',
    local: ['Noto Serif CJK SC', 'NotoSerifCJKsc-Regular', 'Source Han Serif SC', 'SourceHanSerifSC-Regular', 'Noto Serif SC', 'NotoSerifSC-Regular'],
  },
  {
    family: 'Noto Sans CJK SC',
    pkg: '@fontsource/noto-sans-sc',
    local: ['Noto Sans CJK SC', 'NotoSansCJKsc-Regular', 'Source Han Sans SC', 'SourceHanSansSC-Regular', 'Noto Sans SC', 'NotoSansSC-Regular'],
  },
];

interface Slice {
  file: string;
  unicodeRange: string;
}

interface LoadedFace extends BundledFace {
  dir: string;
  slices: Slice[];
}

let loaded: LoadedFace[] | null = null;

/** Reads each package's 400.css once: the regular weight's slices (file and unicode-range). */
function faces(): LoadedFace[] {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = BUNDLED_FACES.map((face) => {
    const css = require.resolve(`${face.pkg}/400.css`);
    const slices = [...readFileSync(css, 'utf8').matchAll(/@font-face\s*{([^}]*)}/g)].map(([, body]) => {
      const file = /url\(\.\/files\/([\w.-]+\.woff2)\)/.exec(body)?.[1];
      const unicodeRange = /unicode-range:\s*([^;]+);/.exec(body)?.[1].trim();
      if (!file || !unicodeRange) throw new Error(`${face.pkg}/400.css: unexpected @font-face rule`);
      return { file, unicodeRange };
    });
    if (slices.length === 0) throw new Error(`${face.pkg}/400.css: no @font-face rules`);
    return { ...face, dir: join(dirname(css), 'files'), slices };
  });
  return loaded;
}

const quoted = (s: string) => `"${s.replace(/["\\]/g, '')}"`;

/**
 * The @font-face rules (URLs relative to fonts.css). `preferLocal: false` leaves out the locally
 * installed Noto / Source Han fonts: print-to-PDF then embeds the bundled TrueType slices as CID
 * TrueType fonts, where Debian's Noto CJK (CFF outlines) would come out as Type 3 fonts.
 */
export function fontFaceCss(opts: { preferLocal?: boolean } = {}): string {
  const preferLocal = opts.preferLocal ?? true;
  const rules: string[] = [];
  for (const face of faces()) {
    const local = preferLocal ? face.local.map((n) => `local(${quoted(n)}), `).join('') : '';
    for (const s of face.slices) {
      rules.push(
        `@font-face{font-family:${quoted(face.family)};font-style:normal;font-weight:400;font-display:swap;` +
          `src:${local}url(${s.file}) format("woff2");unicode-range:${s.unicodeRange}}`,
      );
    }
  }
  return `/* ${BUNDLED_FACES.map((f) => f.pkg).join(', ')} — SIL Open Font License 1.1 */\n${rules.join('\n')}\n`;
}

/** The file behind /fonts/<name>, or null when <name> is not one of the bundled slices. */
export function fontFile(name: string): string | null {
  for (const face of faces()) if (face.slices.some((s) => s.file === name)) return join(face.dir, name);
  return null;
}
