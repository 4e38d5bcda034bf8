/**
 * Date parsing as an Elasticsearch `date` field with the default format
 * `strict_date_optional_time||epoch_millis` does it (EQL-SEMANTICS.md §3): ISO-8601 date with optional
 * time, fraction and zone (UTC when absent), or a number of epoch milliseconds.
 */

const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

/**
 * Parses `text` to epoch milliseconds, or returns `null` when it is neither an ISO date
 * (`2020-01-02`, `2020-01-02T03:04:05.678Z`, `2020-01-02T03:04:05+01:00`) nor an integer of epoch
 * millis (`"1516116808349"`). Fractions below a millisecond are kept as a fraction.
 */
export function parseDateMillis(text: string): number | null {
  if (/^[+-]?\d+(\.\d+)?$/.test(text) && !/^\d{4}$/.test(text)) return Number(text);
  const m = ISO.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * (zone.startsWith('-') ? -1 : 1);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // A day that overflows its month (2021-02-30) is invalid, as in java.time.
  if (date.getUTCDate() !== day) return null;
  return date.getTime() + fraction - offsetMinutes * 60_000;
}
