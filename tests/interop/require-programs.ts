// The interop suites drive programs outside npm: without them a suite must fail, naming what is
// missing and how to install it — never skip. (.ci/run installs them.)
import { spawnSync } from 'node:child_process';

export const PROGRAMS: Array<{ command: string; args: string[]; what: string; debian: string }> = [
  { command: 'soffice', args: ['--version'], what: 'LibreOffice', debian: 'libreoffice-calc-nogui libreoffice-writer-nogui' },
  { command: 'pdftotext', args: ['-v'], what: 'poppler', debian: 'poppler-utils' },
  { command: 'pdffonts', args: ['-v'], what: 'poppler', debian: 'poppler-utils' },
  { command: 'xmllint', args: ['--version'], what: 'libxml2', debian: 'libxml2-utils' },
];

export default function setup(): void {
  const missing = PROGRAMS.filter((p) => spawnSync(p.command, p.args, { stdio: 'ignore', timeout: 60_000 }).status !== 0);
  if (missing.length === 0) return;
  const debian = [...new Set(missing.flatMap((p) => p.debian.split(' ')))].join(' ');
  throw new Error(
    `npm run test:interop needs programs that are not installed: ${missing.map((p) => `${p.command} (${p.what})`).join(', ')}. ` +
      `On Debian/Ubuntu: apt-get install ${debian}`,
  );
}
