// Formatting shared by the pages: times in Chinese style, CSV that Excel opens (BOM, quoted,
// formula-looking text neutralised), clipboard with a fallback.
import { DEFAULT_TIME_ZONE, wallTimeOf } from '../../shared/model/deadline';

// Times are shown on the office's clock (the service says which zone at sign-in), not the browser's.
let officeZone = DEFAULT_TIME_ZONE;
export function useOfficeTimeZone(tz: string | undefined): void {
  officeZone = tz ?? DEFAULT_TIME_ZONE;
}
export const officeTimeZone = (): string => officeZone;

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const w = wallTimeOf(ms, officeZone);
  return `${w.date} ${w.time}`;
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return fmtTime(iso).slice(0, 10);
}

/** Text Excel would read as a formula starts with one of these; prefix a quote so it stays text. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (v: string | number) => {
    const s = neutralise(String(v));
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a hidden textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function newChangeId(): string {
  const c = globalThis.crypto;
  if (c && 'randomUUID' in c) return c.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
