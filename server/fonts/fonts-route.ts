// GET /fonts/fonts.css and /fonts/<slice>.woff2: the bundled CJK fonts, public (the browser fetches
// them without the access code) and same-origin (a CSP with font-src 'self' allows them).
import type express from 'express';
import { FONT_STYLESHEET, FONTS_URL, fontFaceCss, fontFile } from './bundled-fonts';

const WEEK_S = 7 * 24 * 3600;

export function mountFonts(app: express.Express): void {
  let css: string | null = null;
  app.get(FONT_STYLESHEET, (_req, res) => {
    css ??= fontFaceCss();
    res.setHeader('Cache-Control', `public, max-age=${WEEK_S}`);
    res.type('css').send(css);
  });
  app.get(`${FONTS_URL}/:file`, (req, res, next) => {
    const file = fontFile(String(req.params.file));
    if (!file) return next();
    res.sendFile(file, { maxAge: WEEK_S * 1000, headers: { 'Content-Type': 'font/woff2' } });
  });
}
