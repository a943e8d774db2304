import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

let zone = 'Asia/Shanghai';

/** The city's time zone (me.timeZone): every date and time on screen is in it. */
export function setTimeZone(tz: string): void {
  zone = tz;
}

/** Today in the city, YYYY-MM-DD. */
export function today(): string {
  return dayjs().tz(zone).format('YYYY-MM-DD');
}

export function monthEnd(): string {
  return dayjs().tz(zone).endOf('month').format('YYYY-MM-DD');
}

export function monthStart(): string {
  return dayjs().tz(zone).startOf('month').format('YYYY-MM-DD');
}

export function daysBetween(from: string, to: string): number {
  return dayjs(to).diff(dayjs(from), 'day');
}

/** A DateTime from the API (UTC) as the city's local time. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs.utc(iso).tz(zone).format('YYYY-MM-DD HH:mm') : '—';
}

/** A Date scalar (already the city's day). */
export function formatDate(day: string | null | undefined): string {
  return day ?? '—';
}

export { dayjs };
