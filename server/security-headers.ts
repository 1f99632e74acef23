// Security headers on every response (helmet), in two policies (docs/deployment.md "Security headers"):
//  - the add-in's pages (task pane, its WPS twin, icons) may be framed by Office on the web and load
//    office.js from Microsoft's CDN;
//  - everything else — console, fill page, API answers, errors, downloads — may be framed by nobody
//    and loads scripts only from this service.
// Both: nosniff, no referrer, HSTS only over HTTPS (a trial on plain HTTP must not pin anything).
import helmet from 'helmet';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Paths of the add-in's pages and the files Office itself fetches (ribbon icons). */
export const ADDIN_PATHS = /^\/(addin\/|taskpane\.html$|wps\/|icons\/)/;

/**
 * Origins of Office on the web, which frames the task pane (Microsoft 365 worldwide, and 21Vianet
 * in China); an intranet Office Online Server adds its own origin with FENGONG_FRAME_ANCESTORS.
 */
export const OFFICE_FRAME_ANCESTORS = [
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://*.sharepoint.com',
  'https://*.officewebapps.cn',
  'https://*.partner.officewebapps.cn',
  'https://*.sharepoint.cn',
];

/** office.js and the scripts it loads (OfficeDev/office-js-docs-pr#721 lists these hosts). */
const OFFICE_SCRIPT_HOSTS = ['https://appsforoffice.microsoft.com', 'https://ajax.aspnetcdn.com'];

const common = {
  // inline style attributes are how the pages lay themselves out; office.js's Excel-on-the-web
  // script needs inline styles too (OfficeDev/office-js#1687). No inline scripts anywhere.
  'style-src': ["'self'", "'unsafe-inline'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  // helmet's default would upgrade every request to https, breaking a plain-HTTP install
  'upgrade-insecure-requests': null,
};

export function securityHeaders(opts: { extraFrameAncestors?: string[] } = {}): RequestHandler {
  const page = helmet({
    contentSecurityPolicy: {
      directives: {
        ...common,
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
  });
  const addin = helmet({
    contentSecurityPolicy: {
      directives: {
        ...common,
        'default-src': ["'self'"],
        'script-src': ["'self'", ...OFFICE_SCRIPT_HOSTS],
        'img-src': ["'self'", 'data:', 'https:'],
        'font-src': ["'self'", 'data:', 'https:'],
        // the pane may be pointed at another fengong server; office.js reports to Microsoft
        'connect-src': ["'self'", 'https:'],
        'frame-ancestors': ["'self'", ...OFFICE_FRAME_ANCESTORS, ...(opts.extraFrameAncestors ?? [])],
      },
    },
    frameguard: false, // X-Frame-Options cannot name several origins; frame-ancestors does
    crossOriginOpenerPolicy: false, // Office opens and talks to its dialogs across origins
    crossOriginResourcePolicy: { policy: 'cross-origin' }, // Office on the web fetches the icons
    strictTransportSecurity: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 86_400, includeSubDomains: false });
  return (req: Request, res: Response, next: NextFunction) => {
    const policy = ADDIN_PATHS.test(req.path) ? addin : page;
    policy(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (req.secure) return hsts(req, res, next);
      next();
    });
  };
}
