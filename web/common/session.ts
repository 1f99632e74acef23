// Where a page keeps the access code: the console in sessionStorage (gone when the tab closes);
// the fill page may also use it so a reload does not ask again.
export function loadCode(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}
export function saveCode(key: string, code: string | null): void {
  try {
    if (code) sessionStorage.setItem(key, code);
    else sessionStorage.removeItem(key);
  } catch {
    /* private mode: keep it in memory only */
  }
}
