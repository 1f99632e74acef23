// Official-document print style (GB/T 9704 habits) shared by every sheet layout: fonts with
// fallbacks, A3/A4 landscape page setup, page numbers "— N —" centred in the footer.
import type { FontSpec, LayoutColumn, LayoutRow, PaperSize, PrintSettings, SheetLayout } from './model';

export const FONTS: SheetLayout['fonts'] = {
  title: { family: ['方正小标宋简体', '方正小标宋_GBK', '华文中宋', '黑体', 'SimHei', 'Noto Serif CJK SC', 'serif'], sizePt: 20 },
  subtitle: { family: ['仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'serif'], sizePt: 12 },
  header: { family: ['黑体', 'SimHei', 'STHeiti', 'Noto Sans CJK SC', 'sans-serif'], sizePt: 12 },
  body: { family: ['仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'serif'], sizePt: 11 },
};

export function fontForRow(fonts: SheetLayout['fonts'], row: Pick<LayoutRow, 'kind'>): FontSpec {
  switch (row.kind) {
    case 'title':
      return fonts.title;
    case 'subtitle':
    case 'note':
      return fonts.subtitle;
    case 'header':
      return fonts.header;
    default:
      return fonts.body;
  }
}

/** Excel footer code: "— 3 —" centred. */
export const PAGE_NUMBER_FOOTER = '&C— &P —';

export function printSettings(paper: PaperSize, headerRow: number): PrintSettings {
  return {
    paper,
    orientation: 'landscape',
    fitToWidth: true,
    repeatRows: { first: headerRow, last: headerRow },
    footer: PAGE_NUMBER_FOOTER,
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
