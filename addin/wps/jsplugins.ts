// jsplugins.xml: the list WPS reads at start (oem.ini [Server] JSPluginsServer=<url>) to know which
// 加载项 to load. Online, an entry points at the folder the add-in is served from (WPS fetches its
// ribbon.xml and index.html there); offline, at a .7z package with a version, which WPS downloads
// once and runs from disk. Formats as wpsjs writes them (jspluginonline / jsplugin entries) and as
// WPS's help centre documents the jsplugins.xml mode. Pure: the server fills in its own address.
export interface WpsAddinInfo {
  name: string;
  type: 'et';
  version: string;
  archive: string;
}

/** The add-in's folder on the server. */
export const WPS_PATH = '/wps/';

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `origin`: the server's own address as the PC reaches it, e.g. https://fengong.example.gov.cn. */
export function jspluginsXml(origin: string, mode: 'online' | 'offline', info: WpsAddinInfo): string {
  const base = `${new URL(origin).origin}${WPS_PATH}`;
  const entry =
    mode === 'online'
      ? `<jspluginonline name="${attr(info.name)}" type="${info.type}" url="${attr(base)}" enable="true"/>`
      : `<jsplugin name="${attr(info.name)}" type="${info.type}" url="${attr(base + info.archive)}" version="${attr(info.version)}" enable="true"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n  ${entry}\n</jsplugins>\n`;
}
