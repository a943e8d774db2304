import { dayjs, today } from '../../lib/dates';

/** A reporting period as a bureau picks it: a month, quarter, half-year or year of a year, or any range of days. */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'custom';

export interface Period {
  kind: PeriodKind;
  year: number;
  /** The month (1–12), quarter (1–4) or half (1–2); unused for a year or a custom range. */
  index: number;
  from: string;
  to: string;
}

export const KIND_LABEL: Record<PeriodKind, string> = { month: '月度', quarter: '季度', half: '半年', year: '年度', custom: '自定义' };
export const INDEX_COUNT: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 0, custom: 0 };

export function indexLabel(kind: PeriodKind, i: number): string {
  if (kind === 'month') return `${i} 月`;
  if (kind === 'quarter') return `第${'一二三四'[i - 1]}季度`;
  if (kind === 'half') return i === 1 ? '上半年' : '下半年';
  return '';
}

/** The first and last day of a period of a year (months of 1–12 in it: index × size). */
export function rangeOf(kind: Exclude<PeriodKind, 'custom'>, year: number, index: number): { from: string; to: string } {
  const months = kind === 'month' ? 1 : kind === 'quarter' ? 3 : kind === 'half' ? 6 : 12;
  const first = kind === 'year' ? 0 : (index - 1) * months;
  const start = dayjs(`${year}-01-01`).add(first, 'month');
  return { from: start.format('YYYY-MM-DD'), to: start.add(months, 'month').subtract(1, 'day').format('YYYY-MM-DD') };
}

export function makePeriod(kind: PeriodKind, year: number, index: number, custom?: { from: string; to: string }): Period {
  if (kind === 'custom') return { kind, year, index, from: custom?.from ?? `${year}-01-01`, to: custom?.to ?? today() };
  return { kind, year, index, ...rangeOf(kind, year, index) };
}

/** The current year to date, when nothing is picked. */
export function defaultPeriod(): Period {
  return makePeriod('year', Number(today().slice(0, 4)), 1);
}

/** Read from the address (?period=quarter&year=2026&index=3, or from/to for a custom range) so drill-down keeps it. */
export function periodFromSearch(search: URLSearchParams): Period {
  const kind = search.get('period') as PeriodKind | null;
  const year = Number(search.get('year'));
  const index = Number(search.get('index') ?? 1);
  const valid = (d: string | null) => Boolean(d && /^\d{4}-\d{2}-\d{2}$/.test(d) && dayjs(d).isValid());
  if (kind === 'custom' && valid(search.get('from')) && valid(search.get('to')) && search.get('from')! <= search.get('to')!) {
    return makePeriod('custom', Number(search.get('from')!.slice(0, 4)), 1, { from: search.get('from')!, to: search.get('to')! });
  }
  if (kind && kind !== 'custom' && kind in KIND_LABEL && year >= 1900 && year <= 2100) {
    const max = INDEX_COUNT[kind];
    return makePeriod(kind, year, max ? Math.min(Math.max(1, Math.trunc(index) || 1), max) : 1);
  }
  return defaultPeriod();
}

export function periodSearch(p: Period): string {
  const q = new URLSearchParams({ period: p.kind });
  if (p.kind === 'custom') {
    q.set('from', p.from);
    q.set('to', p.to);
  } else {
    q.set('year', String(p.year));
    if (INDEX_COUNT[p.kind]) q.set('index', String(p.index));
  }
  return `?${q.toString()}`;
}

/** The day figures that stand on a day (compliance) are read on: the period's last day, or today if that is later. */
export function standingDay(p: Period): string {
  const t = today();
  return p.to < t ? p.to : t;
}

/** The month (YYYY-MM) of a day. */
export const monthOf = (day: string) => day.slice(0, 7);
