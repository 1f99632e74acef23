// Reading back a PDF in the tests without system programs: pdfjs-dist (Mozilla's PDF.js) gives each
// page's text, size and fonts, and renders pages to PNG through @napi-rs/canvas — what poppler's
// pdftotext, pdfinfo, pdffonts and pdftoppm give in the interop suite and .ci/run.
import { writeFileSync } from 'node:fs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfFont {
  /** As embedded, with the subset prefix (e.g. "AAAAAA+NotoSerifSCExtraLight-Regular"). */
  name: string;
  embedded: boolean;
  type3: boolean;
}

export interface PdfPage {
  text: string;
  widthMm: number;
  heightMm: number;
  fonts: PdfFont[];
}

const MM_PER_PT = 25.4 / 72;

type PdfDoc = Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;

async function open(bytes: Uint8Array): Promise<PdfDoc> {
  return pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
}

/** Every page's text (items joined as laid out: a space between items, a newline at line ends), size and fonts. */
export async function readPdf(bytes: Uint8Array): Promise<PdfPage[]> {
  const doc = await open(bytes);
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : ' ') : '')).join('');
      const ops = await page.getOperatorList();
      const ids = new Set<string>();
      ops.fnArray.forEach((fn, i) => fn === pdfjs.OPS.setFont && ids.add(ops.argsArray[i][0] as string));
      const fonts = [...ids].map((id) => {
        const f = page.commonObjs.get(id) as { name: string; missingFile: boolean; isType3Font: boolean };
        return { name: f.name, embedded: !f.missingFile, type3: f.isType3Font };
      });
      const [x0, y0, x1, y1] = page.view;
      pages.push({ text, widthMm: (x1 - x0) * MM_PER_PT, heightMm: (y1 - y0) * MM_PER_PT, fonts });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Page `n` (1-based) as a PNG file, for people to look at. */
export async function pdfPageToPng(bytes: Uint8Array, n: number, file: string, dpi = 60): Promise<void> {
  const doc = await open(bytes);
  try {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: { toBuffer(type: 'image/png'): Buffer }; context: unknown } };
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    writeFileSync(file, canvas.toBuffer('image/png'));
  } finally {
    await doc.destroy();
  }
}
