// The WPS 加载项 for 信创 and other WPS desktops: its files are the build's dist/wps/ (served as
// static files like every page); this module adds /wps/jsplugins.xml with the add-in's URL made
// from the server's own address as the PC reached it (like the Excel manifest's URLs), online by
// default or ?mode=offline for the packaged fengong.7z. Public: WPS fetches it without a code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../context';
import { jspluginsXml, type WpsAddinInfo } from '../../addin/wps/jsplugins';
import type { Mount } from './mount';

export function wpsRoutes(on: Mount, ctx: AppContext): void {
  on('wpsPlugins', (req, res, next) => {
    const built = ctx.config.staticDir ? join(ctx.config.staticDir, 'wps', 'offline.json') : null;
    if (!built || !existsSync(built)) return next(); // the WPS add-in was not built (npm run build)
    const info = JSON.parse(readFileSync(built, 'utf8')) as WpsAddinInfo;
    const origin = `${req.protocol}://${req.get('host')}`;
    res.type('application/xml').set('Cache-Control', 'no-cache').send(jspluginsXml(origin, req.query.mode === 'offline' ? 'offline' : 'online', info));
  });
}
