// A deadline is a date — the end of that day in the office's time zone — with an optional time
// (PRODUCT.md "The office's 督办 cycle"). Stored as the office writes it: `2026-12-31` or
// `2026-12-31T18:00` (wall time in the office's zone). Earlier releases stored instants
// (`2026-12-31T16:00:00.000Z`); they are read as the office's wall time of that instant.
// Pure: every computation takes the time zone explicitly (no browser or server local time).
import { OFFICE_TIME_ZONE } from '../layout/file-names';

export const DEFAULT_TIME_ZONE = OFFICE_TIME_ZONE;

/** The office's wall clock: a calendar date and, optionally, HH:mm. */
export interface WallDeadline {
  date: string;
  time: string | null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/;
// an instant: a date-time with seconds or a zone (Z / ±hh:mm)
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

function realDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function realTime(h: number, m: number): boolean {
  return h >= 0 && h <= 23 && m >= 0 && m <= 59;
}

/** The office's wall time of an instant. */
export function wallTimeOf(ms: number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The instant of a wall time in a zone (the zone's offset found by asking Intl twice, for DST). */
export function instantOf(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const w = wallTimeOf(guess, timeZone);
    const [wy, wmo, wd] = w.date.split('-').map(Number);
    const [wh, wmi] = w.time.split(':').map(Number);
    guess += wall - Date.UTC(wy, wmo - 1, wd, wh, wmi);
  }
  return guess;
}

/** A stored deadline read as the office's wall clock; null when it is not a deadline. */
export function parseDeadline(s: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): WallDeadline | null {
  if (!s) return null;
  const v = s.trim();
  if (realDate(v)) return { date: v, time: null };
  const dt = DATE_TIME.exec(v);
  if (dt) return realDate(dt[1]) && realTime(Number(dt[2]), Number(dt[3])) ? { date: dt[1], time: `${dt[2]}:${dt[3]}` } : null;
  if (INSTANT.test(v) && realDate(v.slice(0, 10))) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : wallTimeOf(ms, timeZone);
  }
  return null;
}

export function isDeadline(s: string): boolean {
  return parseDeadline(s) !== null;
}

/** How a deadline is stored: `2026-12-31` or `2026-12-31T18:00`. */
export function deadlineString(d: WallDeadline): string {
  return d.time ? `${d.date}T${d.time}` : d.date;
}

/** The last millisecond the deadline allows: the end of its day, or its time, in the office's zone. */
export function deadlineEndsAt(s: string, timeZone = DEFAULT_TIME_ZONE): number | null {
  const d = parseDeadline(s, timeZone);
  if (!d) return null;
  if (d.time) return instantOf(d.date, d.time, timeZone);
  return instantOf(nextDay(d.date), '00:00', timeZone) - 1;
}

export function isPast(s: string | null | undefined, now: Date, timeZone = DEFAULT_TIME_ZONE): boolean {
  const end = s ? deadlineEndsAt(s, timeZone) : null;
  return end !== null && now.getTime() > end;
}

function nextDay(date: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10);
}

/** Calendar days from the office's today to the deadline's date (0 on the day, negative after). */
export function daysUntil(s: string, now: Date, timeZone = DEFAULT_TIME_ZONE): number | null {
  const d = parseDeadline(s, timeZone);
  if (!d) return null;
  const today = wallTimeOf(now.getTime(), timeZone).date;
  return Math.round((Date.parse(`${d.date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** As people write it: 2026年12月31日, with the time when there is one (2026年12月31日 18:00). */
export function formatDeadline(s: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  const d = parseDeadline(s, timeZone);
  if (!d) return s ? s : '未设定';
  const [y, mo, day] = d.date.split('-').map(Number);
  return `${y}年${mo}月${day}日${d.time ? ` ${d.time}` : ''}`;
}

/** A valid IANA time zone name. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
