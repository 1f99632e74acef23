import { describe, expect, it } from 'vitest';
import { daysUntil, deadlineEndsAt, deadlineString, formatDeadline, instantOf, isPast, isTimeZone, parseDeadline } from './deadline';

describe('deadline: a date, the end of that day in the office time zone', () => {
  it('a date-only deadline ends at 23:59:59.999 in Asia/Shanghai (16:00Z), not at midnight UTC', () => {
    expect(new Date(deadlineEndsAt('2026-12-31')! + 1).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(isPast('2026-12-31', new Date('2026-12-31T15:59:59.000Z'))).toBe(false);
    expect(isPast('2026-12-31', new Date('2026-12-31T08:00:00.000Z'))).toBe(false); // 16 h early was the bug
    expect(isPast('2026-12-31', new Date('2026-12-31T16:00:00.000Z'))).toBe(true);
  });

  it('the zone is configurable (Europe/Berlin, with summer time)', () => {
    expect(new Date(deadlineEndsAt('2026-12-31', 'Europe/Berlin')! + 1).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(new Date(deadlineEndsAt('2026-06-30', 'Europe/Berlin')! + 1).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(new Date(instantOf('2026-03-29', '03:30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('an optional time is the office wall time', () => {
    expect(parseDeadline('2026-12-31T18:00')).toEqual({ date: '2026-12-31', time: '18:00' });
    expect(new Date(deadlineEndsAt('2026-12-31T18:00')!).toISOString()).toBe('2026-12-31T10:00:00.000Z');
  });

  it('shown as people write it', () => {
    expect(formatDeadline('2026-12-31')).toBe('2026年12月31日');
    expect(formatDeadline('2027-01-05T09:30')).toBe('2027年1月5日 09:30');
    expect(formatDeadline(null)).toBe('未设定');
  });

  it('an instant stored by an earlier release reads as the office wall time of that instant', () => {
    expect(parseDeadline('2026-12-31T00:00:00.000Z')).toEqual({ date: '2026-12-31', time: '08:00' });
    expect(parseDeadline('2026-12-31T16:00:00.000Z')).toEqual({ date: '2027-01-01', time: '00:00' });
    expect(parseDeadline('2026-12-31T18:00+08:00')).toEqual({ date: '2026-12-31', time: '18:00' });
  });

  it('what is stored round-trips unchanged', () => {
    for (const s of ['2026-12-31', '2026-06-30T17:30']) expect(deadlineString(parseDeadline(s)!)).toBe(s);
  });

  it('refuses what is not a date', () => {
    for (const s of ['2026-02-30', '2026-13-01', '31/12/2026', '2026-12-31T24:00', 'tomorrow', '2026-12-31T25:00:00Z', ''])
      expect(parseDeadline(s), s).toBeNull();
  });

  it('days until the deadline count office calendar days', () => {
    expect(daysUntil('2026-12-31', new Date('2026-12-28T17:00:00Z'))).toBe(2); // 12-29 01:00 in Shanghai
    expect(daysUntil('2026-12-31', new Date('2026-12-31T15:00:00Z'))).toBe(0);
    expect(daysUntil('2026-12-31', new Date('2027-01-01T01:00:00Z'))).toBe(-1);
  });
});
