// The one print style table every renderer reads (GB/T 9704 habits): standard Chinese type sizes
// (号) instead of fractional points, the official fonts first (方正小标宋简体, 仿宋_GB2312, 黑体, 宋体)
// with fallbacks, per-paper sizes, A3/A4 landscape page setup and page numbers "— N —" in 四号 宋体,
// odd pages right and even pages left (GB/T 9704 7.5) or centred.
import type { FontSpec, LayoutColumn, LayoutRow, PageNumbers, PaperSize, PrintSettings, SheetFonts, TextRole } from './model';

/** Standard type sizes in points (GB/T 9704 names sizes by 号). */
export const HAO_PT = {
  初号: 42, 小初: 36, 一号: 26, 小一: 24, 二号: 22, 小二: 18, 三号: 16, 小三: 15, 四号: 14, 小四: 12, 五号: 10.5, 小五: 9,
} as const;
export type Hao = keyof typeof HAO_PT;

/** Font stacks: the official font first; renderers that take one name use the first, HTML the list. */
export const FAMILIES = {
  小标宋: ['方正小标宋简体', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05S', '华文中宋', 'STZhongsong', '黑体', 'SimHei', 'Noto Serif CJK SC', 'serif'],
  仿宋: ['仿宋_GB2312', '仿宋', 'FangSong_GB2312', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'serif'],
  黑体: ['黑体', 'SimHei', 'STHeiti', 'Noto Sans CJK SC', 'sans-serif'],
  宋体: ['宋体', 'SimSun', 'STSong', 'Noto Serif CJK SC', 'serif'],
} as const;
type Family = keyof typeof FAMILIES;

/**
 * Each text's family and size per paper. A3 tables in 小四 (12 pt), A4 in 小五 (9 pt: ten columns on
 * A4 landscape), both at 100 %: the column widths fit the page, so what prints is the standard size.
 */
export const TEXT_STYLES: Record<TextRole, { family: Family; size: Record<PaperSize, Hao> }> = {
  attachment: { family: '黑体', size: { A3: '三号', A4: '三号' } }, // 附件 mark, top left
  title: { family: '小标宋', size: { A3: '二号', A4: '二号' } },
  subtitle: { family: '仿宋', size: { A3: '三号', A4: '三号' } }, // （截至…）, filters
  note: { family: '仿宋', size: { A3: '小四', A4: '小五' } }, // a unit sheet's 填报说明
  header: { family: '黑体', size: { A3: '小四', A4: '小五' } },
  body: { family: '仿宋', size: { A3: '小四', A4: '小五' } },
  footnote: { family: '仿宋', size: { A3: '小四', A4: '小五' } }, // 说明 below the table
  continuation: { family: '黑体', size: { A3: '小四', A4: '小五' } }, // 续表
  pageNumber: { family: '宋体', size: { A3: '四号', A4: '四号' } },
};

export function fontsFor(paper: PaperSize): SheetFonts {
  const out = {} as SheetFonts;
  for (const [role, s] of Object.entries(TEXT_STYLES) as [TextRole, (typeof TEXT_STYLES)[TextRole]][]) {
    const hao = s.size[paper];
    out[role] = { family: [...FAMILIES[s.family]], sizePt: HAO_PT[hao], hao };
  }
  return out;
}

/** The font of a layout row by its kind. */
export function fontForRow(fonts: SheetFonts, row: Pick<LayoutRow, 'kind'>): FontSpec {
  return row.kind === 'data' ? fonts.body : fonts[row.kind];
}

export const CONTINUATION_LABEL = '续表';

/** Excel header/footer codes (ECMA-376 18.3.1.46): &L/&C/&R section, &"font,style", &nn size, &P page. */
function footerCode(section: 'L' | 'C' | 'R', font: FontSpec, text: string): string {
  return `&${section}&"${font.family[0]},Regular"&${Math.round(font.sizePt)}${text}`;
}

/** "— 3 —", with one character's space from the edge when set at the side (GB/T 9704: 空一字). */
export function pageNumberCodes(pageNumbers: PageNumbers, font: FontSpec): Pick<PrintSettings, 'footer' | 'oddFooter' | 'evenFooter'> {
  const num = '— &P —';
  const footer = footerCode('C', font, num);
  if (pageNumbers === 'center') return { footer, oddFooter: footer, evenFooter: footer };
  return { footer, oddFooter: footerCode('R', font, `${num}\u3000`), evenFooter: footerCode('L', font, `\u3000${num}`) };
}

export interface PrintOptions {
  pageNumbers?: PageNumbers;
  /** The layout carries its own page breaks: pages after the first are headed 续表. */
  paged?: boolean;
}

export function printSettings(paper: PaperSize, headerRow: number, fonts: SheetFonts, opts: PrintOptions = {}): PrintSettings {
  const pageNumbers = opts.pageNumbers ?? 'gbt';
  return {
    paper,
    orientation: 'landscape',
    fitToWidth: true,
    repeatRows: { first: headerRow, last: headerRow },
    pageNumbers,
    ...pageNumberCodes(pageNumbers, fonts.pageNumber),
    continuationHeader: opts.paged ? footerCode('L', fonts.continuation, CONTINUATION_LABEL) : '',
    margins: { left: 0.55, right: 0.55, top: 0.7, bottom: 0.75, header: 0.3, footer: 0.35 },
    centerHorizontally: true,
  };
}

export function column(
  c: Omit<LayoutColumn, 'hidden' | 'wrap' | 'editable' | 'align'> & Partial<Pick<LayoutColumn, 'hidden' | 'wrap' | 'editable' | 'align'>>,
): LayoutColumn {
  return { hidden: false, wrap: true, editable: false, align: 'left', ...c };
}

/** Sheet names: ≤ 31 characters, none of []:*?/\ . */
export function safeSheetName(name: string, fallback = 'Sheet1'): string {
  const s = name.replace(/[[\]:*?/\\]/g, '').replace(/^'+|'+$/g, '').trim().slice(0, 31);
  return s || fallback;
}

/** "…重点任务分工表" → "…重点任务": the title of a report built on the plan. */
export function planBaseTitle(planTitle: string): string {
  return planTitle.trim().replace(/(分工表|分工方案|任务清单|清单)$/, '') || planTitle.trim();
}
