// Names of the files the office downloads (exports, CSV lists), one place for the server, the
// console and the CLI: the period's name and the office's local date, never an internal id.

/** The office's time zone (the product's default; deadlines end at midnight here too). */
export const OFFICE_TIME_ZONE = 'Asia/Shanghai';

/** The office's calendar date of an instant, YYYY-MM-DD. */
export function officeDate(at: Date = new Date(), timeZone = OFFICE_TIME_ZONE): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** No path separators or characters Windows refuses in a file name. */
function safe(part: string): string {
  return part.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
}

/** "落实情况汇总表-2026年下半年-2026-12-31.xlsx" (汇总进展 for the summary mode). */
export function consolidatedFileName(periodName: string, ext: string, date: string, mode: 'rows' | 'summary' = 'rows'): string {
  return `${mode === 'summary' ? '汇总进展' : '落实情况汇总表'}-${safe(periodName)}-${date}.${ext}`;
}

/** "催报清单-2026年下半年-2026-12-31.csv". */
export function listFileName(what: string, periodName: string | null, date: string, ext = 'csv'): string {
  return [safe(what), periodName ? safe(periodName) : null, date].filter(Boolean).join('-') + `.${ext}`;
}
