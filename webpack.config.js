// One webpack setup for every browser page: the Excel task pane and the office's console and fill
// pages (dist/, served at /), and the WPS 加载项 (dist/wps/, its own build: relative URLs, so the same
// files run online from the server and unpacked from the offline package). TypeScript goes through
// esbuild-loader (fast, no compiler API needed, so any TypeScript version works for type checks).
// Entries whose source does not exist yet are skipped.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';

const root = dirname(fileURLToPath(import.meta.url));
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/** name → [entry source, html template, output html path, office.js?] */
const pages = {
  taskpane: ['addin/excel/main.ts', 'addin/taskpane/taskpane.html', 'addin/taskpane.html', true],
  console: ['web/console/index.ts', 'web/console/console.html', 'console/index.html', false],
  fill: ['web/fill/index.ts', 'web/fill/fill.html', 'fill/index.html', false],
};
/** The WPS add-in: index.html (ribbon callbacks, loaded by WPS at start) and the task pane. */
const wpsPages = {
  wpsAddin: ['addin/wps/ribbon.ts', 'addin/wps/package/index.html', 'index.html', false],
  wpsPane: ['addin/wps/main.ts', 'addin/taskpane/taskpane.html', 'taskpane.html', false],
};

/** The WPS add-in's name in jsplugins.xml / publish.xml, and its offline package (see docs/deployment.md). */
export const WPS_ADDIN = { name: 'fengong', type: 'et', version, archive: 'fengong.7z', folder: `fengong_${version}` };

function compile(name, entries, output) {
  return (env = {}, argv = {}) => {
    const present = Object.entries(entries).filter(([, [src]]) => existsSync(resolve(root, src)));
    return {
      name,
      mode: argv.mode ?? 'production',
      context: root,
      entry: Object.fromEntries(present.map(([id, [src]]) => [id, `./${src}`])),
      output,
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { target: 'es2019' } }] },
      devtool: false,
      performance: { hints: false },
      plugins: present.map(([id, [, template, filename, officeJs]]) => new HtmlWebpackPlugin({ chunks: [id], template, filename, inject: 'body', officeJs })),
    };
  };
}

/**
 * After the WPS build: ribbon.xml and the icon beside the pages, then the offline package — the
 * same files in a folder fengong_<version>/ packed as fengong.7z (the format WPS's offline
 * jsplugins entries take, as wpsjs builds it), a publish.xml for installing it by hand, and
 * offline.json naming both for the server's /wps/jsplugins.xml.
 */
class WpsPackage {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('WpsPackage', () => {
      const out = compiler.options.output.path;
      copyFileSync(join(root, 'addin/wps/package/ribbon.xml'), join(out, 'ribbon.xml'));
      mkdirSync(join(out, 'images'), { recursive: true });
      copyFileSync(join(root, 'addin/assets/icon-32.png'), join(out, 'images/icon-32.png'));
      const stage = mkdtempSync(join(tmpdir(), 'fengong-wps-'));
      try {
        const folder = join(stage, WPS_ADDIN.folder);
        cpSync(out, folder, { recursive: true, filter: (src) => !/\.(7z|json)$|publish\.xml$/.test(src) });
        const sevenZip = sevenZipPath();
        rmSync(join(out, WPS_ADDIN.archive), { force: true });
        execFileSync(sevenZip, ['a', '-t7z', '-bd', '-y', join(out, WPS_ADDIN.archive), WPS_ADDIN.folder], { cwd: stage, stdio: 'pipe' });
      } finally {
        rmSync(stage, { recursive: true, force: true });
      }
      const { name, type, folder } = WPS_ADDIN;
      writeFileSync(join(out, 'publish.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n  <jsplugin name="${name}" type="${type}" url="${folder}" version="${version}" enable="true"/>\n</jsplugins>\n`);
      writeFileSync(join(out, 'offline.json'), JSON.stringify({ ...WPS_ADDIN }, null, 2));
    });
  }
}

/** 7-Zip from the 7zip-bin package (as wpsjs uses it); its binary comes without the exec bit. */
function sevenZipPath() {
  const path = createRequire(import.meta.url)('7zip-bin').path7za;
  if (process.platform !== 'win32') chmodSync(path, 0o755);
  return path;
}

export default (env = {}, argv = {}) => {
  const main = compile('pages', pages, { path: resolve(root, 'dist'), filename: 'assets/[name].[contenthash:8].js', clean: { keep: /^wps[\\/]/ }, publicPath: '/' })(env, argv);
  const wps = compile('wps', wpsPages, { path: resolve(root, 'dist/wps'), filename: 'assets/[name].[contenthash:8].js', clean: true, publicPath: '' })(env, argv);
  wps.plugins.push(new WpsPackage());
  return [main, wps];
};
