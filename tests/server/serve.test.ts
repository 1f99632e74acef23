// `fengong serve` as started by `npm start`: first start sets everything up and prints the
// coordinator code once; HTTPS with the self-made certificate; static pages and icons; the CLI's
// writing commands go through the API with a coordinator code.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/serve';
import { selfSignedPaths } from '../../server/tls';

const root = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'fengong-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function httpsGet(url: string, ca: Buffer, code?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((res, rej) => {
    const req = request(url, { ca, headers: code ? { authorization: `Bearer ${code}` } : {} }, (r) => {
      let body = '';
      r.on('data', (d) => (body += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

describe('serve', () => {
  it('first start: reference plan, open period, coordinator code printed once; HTTPS with its own certificate', async () => {
    const lines: string[] = [];
    const db = join(dir, 'data', 'fengong.db');
    const a = await startServer({ db, port: 0, host: '127.0.0.1', logLevel: 'silent', print: (l) => lines.push(l) });
    let code: string;
    try {
      const text = lines.join('\n');
      code = /访问码（只显示这一次，请妥善保存）：(\S+)/.exec(text)![1];
      expect(text).toMatch(/已开启填报期次“\d{4}年[上下]半年”/);
      expect(text).toContain('certutil -addstore');
      expect(text).toMatch(/打印 PDF 所用浏览器：(系统浏览器 \/|随 npm 安装的 Chromium（@sparticuz\/chromium 147)/);
      expect(a.url).toMatch(/^https:\/\/localhost:\d+$/);
      const ca = readFileSync(selfSignedPaths(join(dir, 'data')).cert);
      const port = new URL(a.url).port;
      const me = await httpsGet(`https://localhost:${port}/api/me`, ca, code);
      expect(me.status).toBe(200);
      expect(JSON.parse(me.body).role).toBe('coordinator');
      const periods = JSON.parse((await httpsGet(`https://localhost:${port}/api/periods`, ca, code)).body).periods;
      expect(periods).toHaveLength(1);
      const icon = await httpsGet(`https://localhost:${port}/icons/icon-32.png`, ca);
      expect(icon.status).toBe(200);
      expect(icon.headers['content-type']).toBe('image/png');
      const rootPage = await httpsGet(`https://localhost:${port}/`, ca);
      expect([302, 404]).toContain(rootPage.status); // redirects to /console/ once dist/ is built
      if (rootPage.status === 302) expect(rootPage.headers.location).toBe('/console/');
      if (existsSync(join(root, 'dist', 'console', 'index.html'))) {
        const page = await httpsGet(`https://localhost:${port}/console/`, ca);
        expect(page.status).toBe(200);
        expect(page.body).toContain('<html');
      }
      if (existsSync(join(root, 'dist', 'addin', 'taskpane.html'))) {
        for (const p of ['/addin/taskpane.html', '/taskpane.html']) expect((await httpsGet(`https://localhost:${port}${p}`, ca)).status, p).toBe(200);
      }
    } finally {
      await a.close();
    }
    // second start: same data, no new code printed, same certificate
    const lines2: string[] = [];
    const b = await startServer({ db, port: 0, host: '127.0.0.1', logLevel: 'silent', print: (l) => lines2.push(l) });
    try {
      expect(lines2.join('\n')).not.toContain('访问码');
      const ca = readFileSync(selfSignedPaths(join(dir, 'data')).cert);
      const me = await httpsGet(`https://localhost:${new URL(b.url).port}/api/me`, ca, code!);
      expect(me.status).toBe(200);

      // CLI writing commands go through the API with the coordinator code (history knows who)
      const run = promisify(execFile);
      const env = { ...process.env, FENGONG_SERVER: `https://localhost:${new URL(b.url).port}`, FENGONG_CODE: code! };
      const cli = (args: string[]) => run(process.execPath, [join(root, 'bin', 'fengong.mjs'), ...args, '--ca', selfSignedPaths(join(dir, 'data')).cert], { env, cwd: dir });
      const issued = await cli(['admin', 'issue-code', '--unit', '菏泽市人民政府', '--person', '周八']);
      expect(issued.stdout).toMatch(/访问码（只显示这一次）：[A-Z0-9-]{19}/);
      const codes = await b.ctx.store.codes.list();
      expect(codes.some((c) => c.unitId === '菏泽市人民政府' && c.person === '周八')).toBe(true);
    } finally {
      await b.close();
    }
    // reset a lost coordinator code from the server's console
    const run = promisify(execFile);
    const reset = await run(process.execPath, [join(root, 'bin', 'fengong.mjs'), 'admin', 'reset-code', '--db', db, '--revoke-others']);
    expect(reset.stdout).toMatch(/已停用 1 个/);
    expect(reset.stdout).toMatch(/新的协调办公室访问码（只显示这一次）：[A-Z0-9-]{19}/);
  });
});
