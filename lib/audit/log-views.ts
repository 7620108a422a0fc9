/**
 * What the audit log's two views (Requests for tokens, Activity for people)
 * share: reading a day filter from a URL, and writing a CSV cell safely.
 */

/** A "YYYY-MM-DD" filter as the start of that UTC day (or of the next, for an inclusive end); anything else is no filter. */
export function parseDay(value: string | undefined, endOfDay = false) {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  return endOfDay ? new Date(date.getTime() + 24 * 3600 * 1000) : date;
}

/**
 * A CSV cell that no spreadsheet reads as a formula, whatever separator it
 * splits on (comma, semicolon, tab, pipe): a cell holding any separator-like
 * character is quoted, so that character stays text, and a formula trigger
 * at the start of the cell or after any separator-like character is defused
 * with a leading apostrophe (OWASP's advice for CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? "" : String(value);
  if (/(?:^|[,;\t\r\n|])\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(text)) text = `'${text}`;
  return /[",;\t\r\n|']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
