/**
 * Date ranges as rollup periods. The rollup keeps totals per day (D), month (M), quarter (Q),
 * half-year (H) and year (Y), each named by its first day; a range is read as the fewest whole
 * periods that tile it, largest first.
 *
 * Dates are compared as dates (days since the epoch), never as text, and every loop here has a
 * hard bound: a range the API refused to bound (the years 1900–2100, a report at most ten years)
 * must fail here rather than spin. Text comparison did spin: after 9999-12-31 toISOString writes
 * "+010000-01-01", which sorts before "9999-12-31", so `while (day <= to)` never ended.
 */
export type Grain = 'D' | 'M' | 'Q' | 'H' | 'Y';
export interface Period {
  grain: Grain;
  start: string;
}

const MONTHS: [Grain, number][] = [
  ['Y', 12],
  ['H', 6],
  ['Q', 3],
  ['M', 1],
];

/** The most periods one range may tile into, and the most months a monthly series may have. */
export const MAX_PERIODS = 2000;
export const MAX_MONTHS = 1200;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date written YYYY-MM-DD as days since 1970-01-01. */
export function dayNumber(day: string): number {
  const m = DATE.exec(day);
  if (!m) throw new RangeError(`Not a date: ${JSON.stringify(day)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** Days since 1970-01-01 as a date written YYYY-MM-DD (four-digit years only). */
function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) throw new RangeError(`Year ${year} is outside the dates this module reads`);
  return `${year}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(day: string, n: number): string {
  return fromDayNumber(dayNumber(day) + n);
}

/** The same day `n` months on (the first of a month stays the first). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1 + n, d));
  return fromDayNumber(date.getTime() / DAY_MS);
}

/** The last day of the `years`-long stretch that starts on `from` (2016-01-01, 10 → 2025-12-31). */
export function lastDayOfYears(from: string, years: number): string {
  return addDays(addMonths(from, 12 * years), -1);
}

/** Whether `a` is after `b`, as dates. */
export const isAfter = (a: string, b: string) => dayNumber(a) > dayNumber(b);

function tooLong(what: string): never {
  throw new RangeError(`The range holds more ${what} than any report reads; it should have been refused as input`);
}

/** The periods that exactly cover [from, to] (inclusive local dates, from ≤ to). */
export function tile(from: string, to: string): Period[] {
  const periods: Period[] = [];
  const end = dayNumber(to);
  let day = from;
  while (dayNumber(day) <= end) {
    if (periods.length >= MAX_PERIODS) tooLong('periods');
    const month = Number(day.slice(5, 7));
    const whole = day.endsWith('-01') && MONTHS.find(([, span]) => (month - 1) % span === 0 && dayNumber(addMonths(day, span)) - 1 <= end);
    if (whole) {
      periods.push({ grain: whole[0], start: day });
      day = addMonths(day, whole[1]);
    } else {
      periods.push({ grain: 'D', start: day });
      day = addDays(day, 1);
    }
  }
  return periods;
}

/** The first day of the year of `day`. */
export const yearStart = (day: string) => `${day.slice(0, 4)}-01-01`;

/** Each calendar month touched by [from, to], clipped to it, named YYYY-MM. */
export function months(from: string, to: string): { month: string; from: string; to: string }[] {
  const result: { month: string; from: string; to: string }[] = [];
  const [start, end] = [dayNumber(from), dayNumber(to)];
  for (let first = `${from.slice(0, 7)}-01`; dayNumber(first) <= end; first = addMonths(first, 1)) {
    if (result.length >= MAX_MONTHS) tooLong('months');
    const last = addDays(addMonths(first, 1), -1);
    result.push({ month: first.slice(0, 7), from: dayNumber(first) < start ? from : first, to: dayNumber(last) > end ? to : last });
  }
  return result;
}

/** The first and last day of a month written YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addDays(addMonths(from, 1), -1) };
}
