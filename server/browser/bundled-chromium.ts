// The Chromium that comes with `npm ci`: @sparticuz/chromium ships a headless Chromium for Linux x64
// as brotli files (chromium.br, and tarballs of the shared libraries it needs — NSS, expat —, of
// SwiftShader and of a Latin font). The package unpacks them itself only on AWS Lambda (into /tmp,
// setting LD_LIBRARY_PATH for the whole process), so we unpack them here: once per installed
// version, into node_modules/.cache/fengong (or the temp folder when node_modules is read-only),
// atomically (a folder is renamed into place only when complete, so concurrent starts never see
// half a browser). The launched browser alone gets LD_LIBRARY_PATH and a fontconfig file.
// About 200 MB unpacked, 3–4 s of one core.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { extract } from 'tar-fs';

const PACKAGE = '@sparticuz/chromium';

export interface BundledPackage {
  version: string;
  /** The package's bin/ folder with the brotli files. */
  binDir: string;
}

export interface UnpackedChromium {
  dir: string;
  executablePath: string;
  /** For LD_LIBRARY_PATH. */
  libDir: string;
}

/** The package's browser is built for Linux x64 only. */
export const BUNDLED_PLATFORM = process.platform === 'linux' && process.arch === 'x64';

/** The installed package, if any, when its browser runs here (Linux x64); null otherwise. */
export function bundledPackage(): BundledPackage | null {
  if (!BUNDLED_PLATFORM) return null;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE); // …/@sparticuz/chromium/build/cjs/index.cjs
  } catch {
    return null;
  }
  const root = join(dirname(entry), '..', '..');
  const binDir = join(root, 'bin');
  if (!existsSync(join(binDir, 'chromium.br'))) return null;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { version, binDir };
}

/** Files that must be there for an unpacked folder to count (a temp cleaner may have eaten some). */
const REQUIRED = ['chromium', join('lib', 'libnss3.so'), 'libGLESv2.so', join('fonts', 'fonts', 'Open_Sans', 'OpenSans-Regular.ttf')];

const complete = (dir: string) => REQUIRED.every((f) => existsSync(join(dir, f)));

function cacheRoots(pkg: BundledPackage): string[] {
  const nodeModules = join(pkg.binDir, '..', '..', '..'); // bin → chromium → @sparticuz → node_modules
  return [join(nodeModules, '.cache', 'fengong'), join(tmpdir(), `fengong-${userInfo().uid}`)];
}

const unpacking = new Map<string, Promise<UnpackedChromium>>();

/** Unpacks the package's browser (once; about 200 MB, a few seconds) and says where it is. */
export function unpackBundledChromium(pkg: BundledPackage, roots: string[] = cacheRoots(pkg)): Promise<UnpackedChromium> {
  const key = `${pkg.binDir}|${roots.join('|')}`;
  let p = unpacking.get(key);
  if (!p) {
    p = unpackInto(pkg, roots);
    unpacking.set(key, p);
    p.catch(() => unpacking.delete(key));
  }
  return p;
}

async function unpackInto(pkg: BundledPackage, roots: string[]): Promise<UnpackedChromium> {
  const errors: string[] = [];
  for (const root of roots) {
    const dir = join(root, `chromium-${pkg.version}`);
    if (complete(dir)) return described(dir);
    try {
      mkdirSync(root, { recursive: true });
      const tmp = join(root, `.chromium-${pkg.version}-${process.pid}-${Date.now()}`);
      try {
        await unpackFiles(pkg.binDir, tmp);
        if (!complete(dir)) rmSync(dir, { recursive: true, force: true }); // left incomplete by a temp cleaner
        try {
          renameSync(tmp, dir);
        } catch (err) {
          // another process finished first: use its folder
          if (!complete(dir)) throw err;
        }
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      return described(dir);
    } catch (err) {
      errors.push(`${root}: ${(err as Error).message}`);
    }
  }
  throw new Error(`could not unpack ${PACKAGE} ${pkg.version}: ${errors.join('; ')}`);
}

async function unpackFiles(binDir: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'chromium');
  await pipeline(createReadStream(join(binDir, 'chromium.br')), createBrotliDecompress(), createWriteStream(exe));
  await chmod(exe, 0o755);
  // al2023: lib/libnss3.so …; swiftshader: libEGL.so, libGLESv2.so … beside the executable, where
  // Chromium looks for them; fonts: fonts/Open_Sans/*.ttf (and the package's Lambda fonts.conf).
  for (const [archive, into] of [['al2023.tar.br', dir], ['swiftshader.tar.br', dir], ['fonts.tar.br', join(dir, 'fonts')]]) {
    await pipeline(createReadStream(join(binDir, archive)), createBrotliDecompress(), extract(into));
  }
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A fontconfig file for the bundled browser: `include` (the system's configuration, or none) plus
 * the package's Open Sans. Chromium needs at least one installed font: with none, every web font
 * fails to load (blink remote_font_face_source.cc: NOTREACHED), the bundled CJK fonts included.
 * Written with its font cache to this user's temp folder (the unpacked browser may be read-only);
 * one cache per configuration, as fontconfig keeps what scan-time rules did in its cache.
 */
export function bundledFontconfig(u: UnpackedChromium, include: string | null): string {
  const dir = join(tmpdir(), `fengong-fontconfig-${userInfo().uid}`);
  const id = createHash('sha1').update(`${u.dir}|${include ?? ''}`).digest('hex').slice(0, 12);
  const file = join(dir, `fonts-${id}.conf`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const xml = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>${xmlText(join(dir, `cache-${id}`))}</cachedir>
${include ? `  <include ignore_missing="yes">${xmlText(include)}</include>\n` : ''}  <dir>${xmlText(join(u.dir, 'fonts', 'fonts'))}</dir>
</fontconfig>
`;
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, xml);
  renameSync(tmp, file);
  return file;
}

function described(dir: string): UnpackedChromium {
  return {
    dir,
    executablePath: join(dir, 'chromium'),
    libDir: join(dir, 'lib'),
  };
}
