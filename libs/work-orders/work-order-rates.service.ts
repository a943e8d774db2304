import { Injectable } from '@nestjs/common';
import { Actor, outrightPaths, scopeOf } from '@access';
import { CITY_TIME_ZONE, OrgUnitService } from '@org';
import { Db } from '@platform/database/db';
import { BadInputError } from '@platform/errors/domain-errors';
import { Clock } from './clock';
import { Rate, StationRates, WorkOrderRates } from './work-order.model';

interface RatesRow {
  received: number;
  closed: number;
  overdue: number;
  response_met: number;
  response_due: number;
  resolution_met: number;
  resolution_due: number;
  satisfaction_met: number;
  satisfaction_due: number;
}

/** A percentage with two decimals, rounded half up, in integer arithmetic (exact). */
export function percent(met: number, due: number): string | null {
  if (!due) return null;
  const scaled = met * 10000;
  let q = Math.floor(scaled / due);
  if (2 * (scaled - q * due) >= due) q += 1;
  return `${Math.floor(q / 100)}.${String(q % 100).padStart(2, '0')}`;
}

const rate = (met: number, due: number): Rate => ({ met, due, percent: percent(met, due) });

const toRates = (r: RatesRow): WorkOrderRates => ({
  received: r.received,
  closed: r.closed,
  overdue: r.overdue,
  response: rate(r.response_met, r.response_due),
  resolution: rate(r.resolution_met, r.resolution_due),
  satisfaction: rate(r.satisfaction_met, r.satisfaction_due),
});

/**
 * The three rates of the orders received in a period (days of the city's time zone) and now in
 * a subtree, as of `now`:
 * - response (响应率): first contact by the contact deadline, of the orders contacted or past it;
 * - resolution (解决率): closed by the resolve deadline, of the orders closed or past it;
 * - satisfaction (满意率): 满意 or 基本满意, of the orders called back.
 * `$1` root path, `$2` scope paths, `$3`/`$4` first and last day, `$5` now.
 */
export const RATES_SQL = (groupBy = '') => `
  with tz as (select ${CITY_TIME_ZONE} as z)
  select ${groupBy ? `w.station_id, ` : ''}count(*)::int as received,
    count(*) filter (where w.status = 'CLOSED')::int as closed,
    count(*) filter (where w.status <> 'CLOSED' and ((w.first_contacted_at is null and w.contact_due < $5) or w.resolve_due < $5))::int as overdue,
    count(*) filter (where w.first_contacted_at <= w.contact_due)::int as response_met,
    count(*) filter (where w.first_contacted_at is not null or w.contact_due < $5)::int as response_due,
    count(*) filter (where w.closed_at <= w.resolve_due)::int as resolution_met,
    count(*) filter (where w.closed_at is not null or w.resolve_due < $5)::int as resolution_due,
    count(*) filter (where w.satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED'))::int as satisfaction_met,
    count(*) filter (where w.satisfaction is not null)::int as satisfaction_due
  from work_order w, tz
  where w.org_path <@ $1::ltree and w.org_path <@ $2::ltree[]
    and w.received_at >= ($3::date::timestamp at time zone tz.z) and w.received_at < (($4::date + 1)::timestamp at time zone tz.z)
    ${groupBy ? `and w.station_id is not null group by w.station_id` : ''}`;

export function checkPeriod(from: string, to: string): void {
  if (from > to) throw BadInputError.field('to', 'must not be before from');
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (years > 10 || (years === 10 && to.slice(5) > from.slice(5))) throw BadInputError.field('to', 'a period covers at most 10 years');
}

@Injectable()
export class WorkOrderRatesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly orgUnits: OrgUnitService,
  ) {}

  async rates(actor: Actor, nodeId: string, from: string, to: string): Promise<WorkOrderRates> {
    checkPeriod(from, to);
    const node = await this.orgUnits.get(actor, nodeId);
    const [row] = await this.db.query<RatesRow>(RATES_SQL(), [node.path, outrightPaths(scopeOf(actor, 'read', 'WorkOrder')), from, to, this.clock.now()]);
    return toRates(row);
  }

  /** Stations of the subtree that had orders in the period, best resolution rate first. */
  async ranking(actor: Actor, nodeId: string, from: string, to: string): Promise<StationRates[]> {
    checkPeriod(from, to);
    const node = await this.orgUnits.get(actor, nodeId);
    const rows = await this.db.query<RatesRow & { station_id: string; station_name: string }>(
      `select r.*, s.name as station_name from (${RATES_SQL('station')}) r join station s on s.tenant_id = app_tenant() and s.id = r.station_id`,
      [node.path, outrightPaths(scopeOf(actor, 'read', 'WorkOrder')), from, to, this.clock.now()],
    );
    const score = (p: string | null) => (p === null ? -1 : Number(p));
    return rows
      .map((r) => ({ stationId: r.station_id, stationName: r.station_name, rates: toRates(r) }))
      .sort(
        (a, b) =>
          score(b.rates.resolution.percent) - score(a.rates.resolution.percent) ||
          score(b.rates.response.percent) - score(a.rates.response.percent) ||
          score(b.rates.satisfaction.percent) - score(a.rates.satisfaction.percent) ||
          b.rates.received - a.rates.received ||
          a.stationName.localeCompare(b.stationName, 'zh'),
      );
  }
}
