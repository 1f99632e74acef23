// The failed-sign-in limiter across processes (npm run test:pg): two `fengong serve` processes on
// one PostgreSQL database share one bucket per client address. Wrong codes spread over both use up
// the one bucket (10 per minute by default) — each process alone would have allowed 10 — while a
// code already working from the address keeps working at both, including at the process that never
// saw it, and a code new to the address waits like everybody else.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDatabase } from '../helpers/pg-scratch-database';
import { api } from '../helpers/server';
import { serveProcess } from '../helpers/serve-process';

const root = resolve(__dirname, '..', '..');
const db = scratchDatabase('sl');
const { url, children } = db;

describe('failed-sign-in limiter on PostgreSQL', () => {
  it('is one bucket per address for all processes; working codes pass everywhere, new ones wait', async () => {
    await db.create();
    const a = await serveProcess(url, root, children, true);
    const code = /访问码（只显示这一次，请妥善保存）：(\S+)/.exec(a.out())?.[1];
    expect(code, a.out()).toBeTruthy();
    const b = await serveProcess(url, root, children);
    // a unit code, issued but not used yet (new at this address)
    const units = (await api(a.url, code!, 'GET', '/api/admin/units')).body.units;
    const fresh = (await api(a.url, code!, 'POST', '/api/admin/codes', { unitId: units[0].id })).body.code;
    expect(fresh).toBeTruthy();

    // 12 wrong codes, alternating between the processes (6 each: under either one's own limit of 10)
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wrong = `ZZZZ-ZZZZ-ZZZZ-${String(1000 + i)}`;
      statuses.push((await api(i % 2 ? b.url : a.url, wrong, 'GET', '/api/me')).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]); // the shared bucket is empty, at both processes
    const limited = await api(b.url, 'ZZZZ-ZZZZ-ZZZZ-9999', 'GET', '/api/me');
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);

    // the coordinator's code signed in at a before: still checked at a, and at b, which never saw it
    expect((await api(a.url, code!, 'GET', '/api/me')).status).toBe(200);
    expect((await api(b.url, code!, 'GET', '/api/me')).status).toBe(200);
    // a right code new to this address waits for the bucket, at either process
    expect((await api(b.url, fresh, 'GET', '/api/me')).status).toBe(429);
    expect((await api(a.url, fresh, 'GET', '/api/me')).status).toBe(429);
  });
});
