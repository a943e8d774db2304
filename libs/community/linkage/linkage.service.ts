import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, isWithin, outrightPaths, scopeOf } from '@access';
import { ServiceObjectService } from '@casework';
import { OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { Page, PageInput } from '@platform/graphql/pagination';
import {
  CharityResource,
  CharityResourceInput,
  Contribution,
  DonorKind,
  LedgerFilter,
  Linkage,
  LinkageInput,
  LinkageParty,
  LinkageTotals,
} from './linkage.model';

interface LinkageRow {
  id: string;
  station_id: string;
  node_id: string;
  title: string;
  linkage_date: string;
  description: string | null;
  voided_at: Date | null;
  org_path: string;
  created_by: string;
}

interface CharityRow {
  id: string;
  station_id: string;
  donor_name: string;
  donor_kind: DonorKind;
  amount: string;
  goods_description: string | null;
  goods_value: string;
  received_on: string;
  purpose: string | null;
  linkage_id: string | null;
  activity_id: string | null;
  service_object_ids: string[];
  voided_at: Date | null;
  org_path: string;
  created_by: string;
}

const LINKAGE_COLUMNS = `l.id, l.station_id, l.node_id, l.title, to_char(l.linkage_date, 'YYYY-MM-DD') as linkage_date, l.description, l.voided_at,
  l.org_path::text as org_path, l.created_by`;
const CHARITY_COLUMNS = `c.id, c.station_id, c.donor_name, c.donor_kind, c.amount::text as amount, c.goods_description, c.goods_value::text as goods_value,
  to_char(c.received_on, 'YYYY-MM-DD') as received_on, c.purpose, c.linkage_id, c.activity_id, c.service_object_ids, c.voided_at, c.org_path::text as org_path, c.created_by`;

const toLinkage = (r: LinkageRow): Omit<Linkage, 'contributions'> & { contributions: Contribution[] } => ({
  id: r.id,
  stationId: r.station_id,
  nodeId: r.node_id,
  title: r.title,
  linkageDate: r.linkage_date,
  description: r.description,
  voidedAt: r.voided_at,
  contributions: [],
  path: r.org_path,
  authorIds: [r.created_by],
});

const toCharity = (r: CharityRow): CharityResource => ({
  id: r.id,
  stationId: r.station_id,
  donorName: r.donor_name,
  donorKind: r.donor_kind,
  amount: r.amount,
  goodsDescription: r.goods_description,
  goodsValue: r.goods_value,
  receivedOn: r.received_on,
  purpose: r.purpose,
  linkageId: r.linkage_id,
  activityId: r.activity_id,
  serviceObjectIds: r.service_object_ids,
  voidedAt: r.voided_at,
  path: r.org_path,
  authorIds: [r.created_by],
});

/** The five-society linkage ledger (五社联动) and charity resources; sums are exact numerics computed in SQL. */
@Injectable()
export class LinkageService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
    private readonly orgUnits: OrgUnitService,
    private readonly objects: ServiceObjectService,
  ) {}

  async get(actor: Actor, id: string): Promise<Linkage> {
    const [row] = await this.db.query<LinkageRow>(`select ${LINKAGE_COLUMNS} from linkage l where l.id = $1`, [id]);
    if (!row) throw new NotFoundError('Linkage', id);
    this.access.assertVisible(actor, 'Linkage', { id, path: row.org_path });
    return { ...toLinkage(row), contributions: await this.contributionsOf(id) };
  }

  async ledger(actor: Actor, filter: LedgerFilter = {}, page?: PageInput): Promise<Page<Linkage>> {
    const f = (await this.scope(actor, filter, 'l', 'linkage_date')).whereRaw('l.voided_at is null');
    const result = await pagedQuery<LinkageRow, Linkage>(
      { select: LINKAGE_COLUMNS, from: `from linkage l where ${f.sql}`, params: f.params, orderBy: 'l.linkage_date desc, l.id' },
      page,
      toLinkage,
    );
    for (const item of result.items) item.contributions = await this.contributionsOf(item.id);
    return result;
  }

  async record(actor: Actor, input: LinkageInput): Promise<Linkage> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'Linkage', { path: station.path });
    const node = await this.orgUnits.findNode(input.nodeId);
    if (!node || !isWithin(node.path, station.path)) throw BadInputError.field('nodeId', 'must be the station’s node or one below it');
    if (!input.contributions.length) throw BadInputError.field('contributions', 'name at least one of the five parties');
    input.contributions.forEach((c, i) => {
      if (Number(c.hours ?? 0) > 1_000_000) throw BadInputError.field(`contributions.${i}.hours`, 'must be at most 1,000,000');
    });
    const parties = input.contributions.map((c) => c.party);
    if (new Set(parties).size !== parties.length) throw BadInputError.field('contributions', 'name each party at most once');
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into linkage (tenant_id, station_id, node_id, org_path, title, linkage_date, description, created_by)
       values (app_tenant(), $1, $2, $3::ltree, $4, $5, $6, $7) returning id`,
      [station.id, node.id, station.path, input.title, input.linkageDate, input.description ?? null, actor.id],
    );
    for (const c of input.contributions) {
      await this.db.query(
        `insert into linkage_contribution (tenant_id, linkage_id, party, org_path, people, hours, money, goods_description, goods_value, note)
         values (app_tenant(), $1, $2, $3::ltree, $4, $5::numeric, $6::numeric, $7, $8::numeric, $9)`,
        [id, c.party, station.path, c.people, c.hours ?? '0', c.money ?? '0', c.goodsDescription ?? null, c.goodsValue ?? '0', c.note ?? null],
      );
    }
    return this.get(actor, id);
  }

  async voidLinkage(actor: Actor, id: string, reason: string): Promise<Linkage> {
    const current = await this.get(actor, id);
    // Whoever recorded it voids it, or the station head.
    this.access.assert(actor, 'correct', 'Linkage', { id, path: current.path, authorIds: current.authorIds });
    // Of two racing voids, the second finds nothing left to void.
    const voided = await this.db.query(`update linkage set voided_at = now(), void_reason = $2 where id = $1 and voided_at is null returning id`, [id, reason]);
    if (!voided.length) throw new RuleViolatedError('activity.voided', 'The record is already voided');
    return this.get(actor, id);
  }

  async recordCharity(actor: Actor, input: CharityResourceInput): Promise<CharityResource> {
    const station = await this.stations.get(actor, input.stationId);
    this.access.assert(actor, 'create', 'Linkage', { path: station.path });
    if (Number(input.amount ?? 0) === 0 && Number(input.goodsValue ?? 0) === 0)
      throw BadInputError.field('amount', 'give an amount of money, goods of some value, or both');
    if (input.linkageId) {
      // Looked up like activityId below (row-level security hides other stations' records): a linkage
      // of another station the caller cannot see is a bad linkageId too, not NOT_FOUND for the request.
      const [linkage] = await this.db.query<{ org_path: string }>(`select org_path::text as org_path from linkage where id = $1`, [input.linkageId]);
      if (!linkage || !isWithin(linkage.org_path, station.path)) throw BadInputError.field('linkageId', 'must be a linkage record of this station');
    }
    if (input.activityId) {
      const [activity] = await this.db.query<{ org_path: string }>(`select org_path::text as org_path from community_activity where id = $1`, [
        input.activityId,
      ]);
      if (!activity || !isWithin(activity.org_path, station.path)) throw BadInputError.field('activityId', 'must be a community activity of this station');
    }
    for (const personId of input.serviceObjectIds) await this.objects.loadVisible(actor, personId);
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into charity_resource (tenant_id, station_id, org_path, donor_name, donor_kind, amount, goods_description, goods_value, received_on,
                                     purpose, linkage_id, activity_id, service_object_ids, created_by)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5::numeric, $6, $7::numeric, $8, $9, $10, $11, $12, $13) returning id`,
      [
        station.id,
        station.path,
        input.donorName,
        input.donorKind,
        input.amount ?? '0',
        input.goodsDescription ?? null,
        input.goodsValue ?? '0',
        input.receivedOn,
        input.purpose ?? null,
        input.linkageId ?? null,
        input.activityId ?? null,
        input.serviceObjectIds,
        actor.id,
      ],
    );
    const [row] = await this.db.query<CharityRow>(`select ${CHARITY_COLUMNS} from charity_resource c where c.id = $1`, [id]);
    return toCharity(row);
  }

  async charity(actor: Actor, filter: LedgerFilter = {}, page?: PageInput): Promise<Page<CharityResource>> {
    const f = (await this.scope(actor, filter, 'c', 'received_on')).whereRaw('c.voided_at is null');
    return pagedQuery<CharityRow, CharityResource>(
      { select: CHARITY_COLUMNS, from: `from charity_resource c where ${f.sql}`, params: f.params, orderBy: 'c.received_on desc, c.id' },
      page,
      toCharity,
    );
  }

  /** Money, goods and volunteer hours linked in a subtree over [from, to]: one query, exact sums. */
  async totals(actor: Actor, rootPath: string, from: string, to: string): Promise<LinkageTotals> {
    const [row] = await this.db.query<Omit<LinkageTotals, 'from' | 'to'>>(
      `select
         (select count(*)::int from linkage l where l.org_path <@ $1::ltree and l.org_path <@ $2::ltree[] and l.voided_at is null
             and l.linkage_date between $3::date and $4::date) as linkages,
         (select round(coalesce(sum(k.money), 0), 2)::text from linkage_contribution k join linkage l on l.tenant_id = k.tenant_id and l.id = k.linkage_id
           where l.org_path <@ $1::ltree and l.org_path <@ $2::ltree[] and l.voided_at is null and l.linkage_date between $3::date and $4::date) as "linkageMoney",
         (select round(coalesce(sum(k.goods_value), 0), 2)::text from linkage_contribution k join linkage l on l.tenant_id = k.tenant_id and l.id = k.linkage_id
           where l.org_path <@ $1::ltree and l.org_path <@ $2::ltree[] and l.voided_at is null and l.linkage_date between $3::date and $4::date) as "linkageGoodsValue",
         (select round(coalesce(sum(c.amount), 0), 2)::text from charity_resource c where c.org_path <@ $1::ltree and c.org_path <@ $2::ltree[]
             and c.voided_at is null and c.received_on between $3::date and $4::date) as "charityMoney",
         (select round(coalesce(sum(c.goods_value), 0), 2)::text from charity_resource c where c.org_path <@ $1::ltree and c.org_path <@ $2::ltree[]
             and c.voided_at is null and c.received_on between $3::date and $4::date) as "charityGoodsValue",
         (select round(coalesce(sum(s.hours), 0), 2)::text from volunteer_service s where s.org_path <@ $1::ltree and s.org_path <@ $2::ltree[]
             and s.voided_at is null and s.service_date between $3::date and $4::date) as "volunteerHours"`,
      [rootPath, outrightPaths(scopeOf(actor, 'read', 'Linkage')), from, to],
    );
    return { from, to, ...row };
  }

  private async contributionsOf(linkageId: string): Promise<Contribution[]> {
    const rows = await this.db.query<{
      party: LinkageParty;
      people: number;
      hours: string;
      money: string;
      goods_description: string | null;
      goods_value: string;
      note: string | null;
    }>(
      `select party, people, hours::text as hours, money::text as money, goods_description, goods_value::text as goods_value, note
         from linkage_contribution where linkage_id = $1 order by party`,
      [linkageId],
    );
    return rows.map((r) => ({
      party: r.party,
      people: r.people,
      hours: r.hours,
      money: r.money,
      goodsDescription: r.goods_description,
      goodsValue: r.goods_value,
      note: r.note,
    }));
  }

  private async scope(actor: Actor, filter: LedgerFilter, alias: string, dateColumn: string): Promise<SqlFilter> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'Linkage'), { path: `${alias}.org_path` });
    if (filter.rootId) f.where((p) => `${alias}.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    if (filter.from) f.where((p) => `${alias}.${dateColumn} >= ${p}::date`, filter.from);
    if (filter.to) f.where((p) => `${alias}.${dateColumn} <= ${p}::date`, filter.to);
    return f;
  }
}
