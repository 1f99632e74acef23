// `fengong serve --workers 2` on real PostgreSQL (npm run test:pg): one port, two worker
// processes that both answer; one SIGKILLed, the other keeps serving every request and the primary
// puts a new worker in its place. And SQLite refuses more than one worker, saying why.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDatabase } from '../helpers/pg-scratch-database';

const root = resolve(__dirname, '..', '..');
const db = scratchDatabase('wk');
const { url, children } = db;

function fengong(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [resolve(root, 'bin', 'fengong.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, out: () => out, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

async function waitFor<T>(what: string, f: () => T | null | undefined, out: () => string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}:\n${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One request on a connection of its own (cluster hands each new connection to the next worker). */
function call(base: string, code: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((res, rej) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const u = new URL(path, base);
    const req = request(
      {
        hostname: u.hostname, port: u.port, path: u.pathname + u.search, method, agent: false,
        headers: { authorization: `Bearer ${code}`, connection: 'close', ...(text ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}) },
      },
      (r) => {
        let t = '';
        r.setEncoding('utf8');
        r.on('data', (d) => (t += d));
        r.on('end', () => res({ status: r.statusCode ?? 0, body: t ? JSON.parse(t) : null }));
      },
    );
    req.on('error', rej);
    req.end(text);
  });
}

/** A process's CPU so far (Linux /proc), in clock ticks. */
const cpuTicks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
};

describe('fengong serve --workers', () => {
  it('two workers on one port both answer; one SIGKILLed, the other serves every request and a new worker takes its place', async () => {
    await db.create();
    const s = fengong(['serve', '--workers', '2', '--http', '--port', '0', '--host', '127.0.0.1', '--db', url, '--log-level', 'silent']);
    const started = await waitFor('start', () => /已启动：(http:\/\/localhost:\d+).*2 个工作进程：(\d+)、(\d+)/.exec(s.out()), s.out);
    const base = started[1].replace('localhost', '127.0.0.1');
    const pids = [Number(started[2]), Number(started[3])];
    // the first start happened once, in the primary: one code printed
    const code = /访问码（只显示这一次，请妥善保存）：(\S+)/.exec(s.out())?.[1];
    expect(code, s.out()).toBeTruthy();
    expect(s.out().match(/首次启动/g)).toHaveLength(1);

    const periods = await call(base, code!, 'GET', '/api/periods');
    expect(periods.status).toBe(200);
    const period = periods.body.periods[0];
    const plan = (await call(base, code!, 'GET', `/api/plans/${period.planId}`)).body.plan;
    const cells = plan.tasks.flatMap((t: any) => t.measures).flatMap((m: any) => m.assignments.map((a: any) => ({ measureKey: m.key, unitId: a.unitId })));

    // both workers do the work: 60 sync batches, each on a new connection
    const before = pids.map(cpuTicks);
    const send = async (i: number, tag: string) => {
      const c = cells[i];
      const r = await call(base, code!, 'POST', `/api/periods/${period.id}/changes`, {
        source: 'console',
        changes: [{ changeId: `wk-${tag}-${i}-${randomBytes(3).toString('hex')}`, measureKey: c.measureKey, unitId: c.unitId, field: 'contact', baseRev: 0, value: `${tag}-${i}` }],
      });
      return r;
    };
    const first = await Promise.all(Array.from({ length: 60 }, (_, i) => send(i, 'a')));
    expect(first.map((r) => r.status)).toEqual(first.map(() => 200));
    expect(first.map((r) => r.body.results[0].outcome)).toEqual(first.map(() => 'accepted'));
    const used = pids.map((p, i) => cpuTicks(p) - before[i]);
    expect(used[0], `worker CPU ticks ${used}`).toBeGreaterThan(0);
    expect(used[1], `worker CPU ticks ${used}`).toBeGreaterThan(0);

    // one worker killed: every request still answered, by the other
    process.kill(pids[0], 'SIGKILL');
    await waitFor('the exit noticed', () => s.out().includes(`工作进程 ${pids[0]} 已退出`), s.out);
    const second = await Promise.all(Array.from({ length: 40 }, (_, i) => send(60 + i, 'b')));
    expect(second.map((r) => r.status)).toEqual(second.map(() => 200));
    const entries = (await call(base, code!, 'GET', `/api/periods/${period.id}/entries?since=0`)).body.entries;
    const contacts = new Set(entries.map((e: any) => e.fields.contact.value));
    for (let i = 0; i < 100; i++) expect(contacts.has(i < 60 ? `a-${i}` : `b-${i}`), `change ${i}`).toBe(true);

    // and a new worker took its place
    const next = Number((await waitFor('a new worker', () => /工作进程 (\d+) 已接替/.exec(s.out()), s.out))[1]);
    expect(next).not.toBe(pids[0]);
    expect((await call(base, code!, 'GET', '/api/me')).status).toBe(200);

    // SIGTERM on the primary stops everything
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    for (const p of [pids[1], next]) expect(() => process.kill(p, 0)).toThrow();
  });

  it('refuses more than one worker on a SQLite file, and says why', async () => {
    const s = fengong(['serve', '--workers', '2', '--http', '--port', '0', '--db', resolve(root, 'data', 'never-created.db')]);
    expect(await s.exited).toBe(1);
    expect(s.out()).toContain('--workers 大于 1 需要 PostgreSQL');
  });
});
