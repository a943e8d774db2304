/**
 * Date ranges as rollup periods. The rollup keeps totals per day (D), month (M), quarter (Q),
 * half-year (H) and year (Y), each named by its first day; a range is read as the fewest whole
 * periods that tile it, largest first.
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

const iso = (d: Date) => d.toISOString().slice(0, 10);
const parse = (day: string) => new Date(`${day}T00:00:00Z`);

function addDays(day: string, n: number): string {
  const d = parse(day);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

function addMonths(day: string, n: number): string {
  const d = parse(day);
  d.setUTCMonth(d.getUTCMonth() + n);
  return iso(d);
}

/** The periods that exactly cover [from, to] (inclusive local dates, from ≤ to). */
export function tile(from: string, to: string): Period[] {
  const periods: Period[] = [];
  let day = from;
  while (day <= to) {
    const month = Number(day.slice(5, 7));
    const whole = day.endsWith('-01') && MONTHS.find(([, span]) => (month - 1) % span === 0 && addDays(addMonths(day, span), -1) <= to);
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
  for (let first = `${from.slice(0, 7)}-01`; first <= to; first = addMonths(first, 1)) {
    const last = addDays(addMonths(first, 1), -1);
    result.push({ month: first.slice(0, 7), from: first < from ? from : first, to: last > to ? to : last });
  }
  return result;
}

/** The first and last day of a month written YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addDays(addMonths(from, 1), -1) };
}
