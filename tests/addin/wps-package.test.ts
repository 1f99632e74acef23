// The WPS 加载项's packaging: ribbon.xml in Office customUI form as WPS reads it (starts with
// <customUI, no XML declaration), the callbacks it names defined by the add-in's page, the offline
// package built by `npm run build`, and /wps/jsplugins.xml served with the server's own address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server';
import { assertWellFormed } from '../helpers/xml';
import { jspluginsXml } from '../../addin/wps/jsplugins';

const DIST = resolve('dist/wps');
const sevenZip = createRequire(import.meta.url)('7zip-bin').path7za as string;

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ config: { staticDir: resolve('dist') } });
});
afterAll(async () => {
  await srv?.close();
});

describe('ribbon.xml', () => {
  const xml = readFileSync(join(DIST, 'ribbon.xml'), 'utf8');
  it('starts with <customUI (no XML declaration), in the Office customUI namespace, well-formed', () => {
    expect(xml.startsWith('<customUI')).toBe(true);
    expect(xml).not.toContain('<?xml');
    expect(xml).toContain('xmlns="http://schemas.microsoft.com/office/2006/01/customui"');
    assertWellFormed(xml);
  });
  it('has one button opening the pane, and every callback it names is defined by the add-in page', () => {
    expect(xml).toMatch(/<button id="fengongShowPane" label="协同填报"/);
    const callbacks = [...xml.matchAll(/(?:onLoad|onAction|getImage|getEnabled|getLabel|getVisible)="(\w+)"/g)].map((m) => m[1]);
    expect(new Set(callbacks)).toEqual(new Set(['OnAddinLoad', 'OnAction', 'GetImage']));
    const page = readFileSync(join(DIST, 'index.html'), 'utf8');
    const script = /src="?([^"\s>]+\.js)/.exec(page)![1];
    const js = readFileSync(join(DIST, script), 'utf8');
    for (const c of callbacks) expect(js).toContain(c);
    expect(existsSync(join(DIST, 'images/icon-32.png'))).toBe(true);
  });
});

describe('the offline package and publish.xml', () => {
  it('npm run build writes fengong.7z holding the add-in in fengong_<version>/', () => {
    const info = JSON.parse(readFileSync(join(DIST, 'offline.json'), 'utf8'));
    expect(info).toMatchObject({ name: 'fengong', type: 'et', archive: 'fengong.7z', folder: `fengong_${info.version}` });
    const list = execFileSync(sevenZip, ['l', '-ba', join(DIST, 'fengong.7z')], { encoding: 'utf8' });
    for (const f of ['index.html', 'ribbon.xml', 'taskpane.html', 'images/icon-32.png']) expect(list).toContain(`${info.folder}/${f}`);
    expect(list).toMatch(new RegExp(`${info.folder}/assets/wpsPane\\.[0-9a-f]+\\.js`));
    const publish = readFileSync(join(DIST, 'publish.xml'), 'utf8');
    assertWellFormed(publish);
    expect(publish).toContain(`<jsplugin name="fengong" type="et" url="${info.folder}" version="${info.version}"`);
  });
  it('the pane pages use relative URLs, so they run unpacked from disk as well as online', () => {
    for (const page of ['index.html', 'taskpane.html']) {
      const html = readFileSync(join(DIST, page), 'utf8');
      expect(html).not.toMatch(/src="?\//);
      expect(html).not.toContain('office.js');
    }
  });
});

describe('/wps/jsplugins.xml', () => {
  it('points WPS at the add-in on this server, by the address the PC used; offline mode at the package', async () => {
    const online = await fetch(`${srv.url}/wps/jsplugins.xml`);
    expect(online.status).toBe(200);
    expect(online.headers.get('content-type')).toContain('xml');
    const xml = await online.text();
    assertWellFormed(xml);
    expect(xml).toContain(`<jspluginonline name="fengong" type="et" url="${srv.url}/wps/" enable="true"/>`);
    // another address for the same server (a proxy's Host): the URLs follow it
    const proxied = await new Promise<string>((done, fail) =>
      get(`${srv.url}/wps/jsplugins.xml`, { headers: { host: 'fengong.example.gov.cn' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c)).on('end', () => done(body));
      }).on('error', fail),
    );
    expect(proxied).toContain('url="http://fengong.example.gov.cn/wps/"');
    const offline = await (await fetch(`${srv.url}/wps/jsplugins.xml?mode=offline`)).text();
    assertWellFormed(offline);
    const url = /url="([^"]+)"/.exec(offline)![1];
    expect(url).toBe(`${srv.url}/wps/fengong.7z`);
    expect(offline).toMatch(/version="\d+\.\d+\.\d+"/);
    // what WPS then fetches is there: the ribbon (online) and the package (offline)
    expect((await (await fetch(`${srv.url}/wps/ribbon.xml`)).text()).startsWith('<customUI')).toBe(true);
    const pkg = await fetch(url);
    expect(pkg.status).toBe(200);
    expect(Buffer.from(await pkg.arrayBuffer()).subarray(0, 6).toString('latin1')).toBe("7z\xbc\xaf'\x1c");
  });
  it('escapes what it puts in attributes', () => {
    expect(jspluginsXml('https://a.example', 'online', { name: 'x"<&', type: 'et', version: '1', archive: 'p.7z' })).toContain('name="x&quot;&lt;&amp;"');
  });
});
