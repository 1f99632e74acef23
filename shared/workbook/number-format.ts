// How a spreadsheet shows a number: a number a person typed as a date or a percentage is stored as
// a serial day number or a fraction; read back bare it would arrive as "46296" or "0.75". Shared by
// the returned-workbook reader (cell styles) and the add-in (a cell's number format). Pure.
export type NumberKind = 'date' | 'datetime' | 'percent' | null;

/** How a number format code shows a number: date, date and time, percent, or plain. */
export function formatKind(code: string): NumberKind {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ''); // quoted text, escapes, [colours]/[locale]
  const section = bare.split(';')[0];
  if (/[ydm]/i.test(section)) return /[hs]/i.test(section) ? 'datetime' : 'date';
  if (section.includes('%')) return 'percent';
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A serial day number as Excel shows it (1900 system with its phantom 29 Feb 1900, or 1904). */
export function serialText(serial: number, kind: 'date' | 'datetime', date1904 = false): string {
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial; // serial 60 is the phantom day
  const ms = Math.round((days - 25569) * 86_400_000); // 25569 = 1970-01-01 in the 1900 system
  const d = new Date(ms);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (kind === 'date') return day;
  return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A number as shown under a format of `kind` (unchanged when plain or out of Excel's date range). */
export function numberText(v: string, kind: NumberKind, date1904 = false): string {
  const n = Number(v);
  if (!kind || !Number.isFinite(n)) return v;
  if (kind === 'percent') return `${Number((n * 100).toPrecision(12))}%`;
  if (n < 1 || n > 2_958_465) return v; // outside Excel's date range: leave the number as it is
  return serialText(n, kind, date1904);
}

